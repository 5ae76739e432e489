import { describe, expect, it } from 'vitest';
import { examplesText } from './help-examples.js';

describe('examplesText', () => {
  it('puts each description as a comment above its whole command', () => {
    expect(examplesText([['$0 list', 'the library']])).toBe('Examples:\n  # the library\n  $0 list');
  });

  it('refuses a line wider than 80 columns once $0 is the script name', () => {
    // "  irqstorm " is 11 columns: 69 more fit, 70 do not.
    expect(() => examplesText([[`$0 ${'x'.repeat(69)}`, 'fits']])).not.toThrow();
    expect(() => examplesText([[`$0 ${'x'.repeat(70)}`, 'too wide']])).toThrow(/wider than 80 columns \(81\)/);
  });
});
