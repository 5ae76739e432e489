import { describe, expect, it } from 'vitest';
import { examplesText } from './help-examples.js';

describe('examplesText', () => {
  it('puts each description as a comment above its whole command', () => {
    expect(examplesText([['$0 list', 'the library']])).toBe('Examples:\n  # the library\n  $0 list');
  });

  it('continues a command too long for 80 columns on the next line, as a shell reads it', () => {
    // "  irqstorm " is 11 columns; 69 more fit on one line.
    expect(examplesText([[`$0 ${'x'.repeat(69)}`, 'fits']]).split('\n')[2]).toBe(`  $0 ${'x'.repeat(69)}`);
    const long = '$0 compare workloads/default-storm.yaml --vary machine.remapping=off,remapped,posted --seeds 9';
    expect(examplesText([[long, 'three variants']]).split('\n')).toEqual([
      'Examples:',
      '  # three variants',
      '  $0 compare workloads/default-storm.yaml \\',
      '    --vary machine.remapping=off,remapped,posted --seeds 9',
    ]);
  });

  it('keeps an option with its value, and refuses a token that cannot fit on any line', () => {
    // The break goes before "--set", never between "--set" and its value.
    const lines = examplesText([[`$0 run ${'w'.repeat(55)}.yaml --set duration=1ms`, 'x']]).split('\n');
    expect(lines.slice(2)).toEqual([`  $0 run ${'w'.repeat(55)}.yaml \\`, '    --set duration=1ms']);
    // A continuation line is "    " + the token: 77 characters make 81 columns.
    expect(() => examplesText([[`$0 ${'x'.repeat(77)}`, 'too wide']])).toThrow(/wider than 80 columns \(81\)/);
  });
});
