import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_SIGINT } from './exit-codes.js';
import {
  CONFIRM_ABOVE_S,
  WARM_MS,
  WINDOW_MS,
  WallClockWatch,
  confirmLongRun,
  formatWallEstimate,
  formatWallSeconds,
  type PromptStreams,
} from './wall-estimate.js';

describe('WallClockWatch', () => {
  it('says nothing while the run is cold, then takes the speed of its latest window', () => {
    // 1,000 triggers expected at 3 events each. A cold start: 10 events per 100 ms until 500 ms,
    // then 1,000 events per 100 ms (10 k events/s), 1 trigger per 3 events throughout.
    const w = new WallClockWatch(1000, 0);
    let events = 0;
    for (let t = 100; t <= 1000; t += 100) {
      events += t <= 500 ? 10 : 1000;
      w.observe(t, events, events / 3);
      if (t < WARM_MS) expect(w.estimate, `${t} ms`).toBeNull();
    }
    // At 1,000 ms the window runs from 800 ms (the latest observation ≥ 200 ms old): 2,000 events
    // in 0.2 s = 10 k/s. Events so far 50 + 5,000 = 5,050; the run's 3,000 are already passed.
    const e = w.estimate;
    expect(e?.eventsPerSecond).toBeCloseTo(10_000, 6);
    expect(e?.leftSeconds).toBe(0);
    expect(e?.totalSeconds).toBeCloseTo(1, 9);
  });

  it('turns the triggers left into events at the run’s own events per trigger', () => {
    // 1 M triggers expected; 2 events per trigger; 1 M events/s steady from the start.
    const w = new WallClockWatch(1_000_000, 0);
    for (let t = 0; t <= WARM_MS + WINDOW_MS; t += 50) w.observe(t, t * 1000, t * 500);
    // At 800 ms: 800 k events done of 2 M; 1.2 M left at 1 M/s = 1.2 s; 2.0 s in all.
    expect(w.estimate?.eventsPerSecond).toBeCloseTo(1e6, 6);
    expect(w.estimate?.leftSeconds).toBeCloseTo(1.2, 9);
    expect(w.estimate?.totalSeconds).toBeCloseTo(2.0, 9);
    expect(formatWallEstimate(w.estimate!)).toBe('about 2 s of wall time in all at 1.00 M events/s (measured on this run)');
  });

  it('needs a whole window after the warm-up, however coarse the steps', () => {
    const w = new WallClockWatch(100, 0);
    w.observe(1000, 100, 50);
    expect(w.estimate).toBeNull();
    w.observe(3000, 300, 150);
    expect(w.estimate?.eventsPerSecond).toBeCloseTo(100, 9);
  });

  it('formats wall times in the unit a person reads', () => {
    expect(formatWallSeconds(0.2)).toBe('1 s');
    expect(formatWallSeconds(89)).toBe('89 s');
    expect(formatWallSeconds(600)).toBe('10 min');
    expect(formatWallSeconds(7200)).toBe('2.0 h');
  });
});

describe('confirmLongRun', () => {
  // A terminal made of two streams: what the user types goes into `input`.
  function terminal(): { io: PromptStreams; type: (s: string) => void; shown: () => string } {
    const input = Object.assign(new PassThrough(), { isTTY: true as const });
    const output = Object.assign(new PassThrough(), { isTTY: true as const, columns: 80 });
    let text = '';
    output.on('data', (b: Buffer) => (text += b.toString()));
    return { io: { input, output }, type: (s) => input.write(s), shown: () => text };
  }
  const HOURS_2 = 7200;

  it('goes on without asking under an hour or with --yes, and refuses without a terminal', async () => {
    const t = terminal();
    await confirmLongRun(CONFIRM_ABOVE_S, false, 'w.yaml', t.io);
    await confirmLongRun(HOURS_2, true, 'w.yaml', t.io);
    expect(t.shown()).toBe('');
    const noTty = { input: new PassThrough(), output: new PassThrough() };
    await expect(confirmLongRun(HOURS_2, false, 'w.yaml', noTty)).rejects.toMatchObject({
      exitCode: EXIT_BAD_INPUT,
      message: 'w.yaml: this run is estimated at about 2.0 h of wall time, over an hour; pass --yes to run it anyway, or shorten duration',
    });
  });

  it('asks on a terminal: y goes on, anything else is exit 2, Ctrl-C is exit 130', async () => {
    const yes = terminal();
    const asked = confirmLongRun(HOURS_2, false, 'w.yaml', yes.io);
    yes.type('y\r');
    await asked;
    expect(yes.shown()).toContain('w.yaml: this run is estimated at about 2.0 h of wall time. Run it? [y/N] ');

    const no = terminal();
    const refused = confirmLongRun(HOURS_2, false, 'w.yaml', no.io);
    no.type('nope\r');
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_BAD_INPUT, message: 'w.yaml: not run (answered "nope")' });

    const ctrlC = terminal();
    const stopped = confirmLongRun(HOURS_2, false, 'w.yaml', ctrlC.io);
    ctrlC.type('\x03');
    await expect(stopped).rejects.toMatchObject({ exitCode: EXIT_SIGINT, message: 'w.yaml: not run (Ctrl-C at the prompt)' });
  });
});
