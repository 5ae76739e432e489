/**
 * The timeline's window and size rules: a window outside the run is refused naming the option,
 * an empty one too; the size is prorated to the window, and a timeline.json past what a viewer
 * opens is refused with a window that would fit.
 */
import { describe, expect, it } from 'vitest';
import { estimateTimeline, TIMELINE_JSON_BYTES_PER_TRIGGER, TIMELINE_JSON_LIMIT_BYTES, timelineWindow } from './timeline-options.js';

const MS = 1_000_000;

describe('timelineWindow', () => {
  it('is null without a timeline, the whole run with --timeline alone', () => {
    expect(timelineWindow({ timeline: false }, 20 * MS)).toBeNull();
    expect(timelineWindow({ timeline: true }, 20 * MS)).toEqual({ fromNs: 0, toNs: 20 * MS });
  });

  it('takes durations, and a window option alone implies --timeline', () => {
    expect(timelineWindow({ timeline: false, timelineFrom: '14ms', timelineTo: '18.5ms' }, 20 * MS)).toEqual({ fromNs: 14 * MS, toNs: 18.5 * MS });
    expect(timelineWindow({ timeline: false, timelineTo: '500us' }, 20 * MS)).toEqual({ fromNs: 0, toNs: 500_000 });
  });

  it('refuses a window outside the run, an empty one and a bad duration, naming the option', () => {
    expect(() => timelineWindow({ timeline: true, timelineFrom: '20ms' }, 20 * MS)).toThrow(/^--timeline-from: 20ms is not inside the run, which lasts 20ms/);
    expect(() => timelineWindow({ timeline: true, timelineTo: '21ms' }, 20 * MS)).toThrow(/^--timeline-to: 21ms is past the run's end \(20ms\)/);
    expect(() => timelineWindow({ timeline: true, timelineFrom: '5ms', timelineTo: '5ms' }, 20 * MS)).toThrow(/^--timeline-to: 5ms is not after --timeline-from \(5ms\)/);
    expect(() => timelineWindow({ timeline: true, timelineFrom: 'soon' }, 20 * MS)).toThrow(/^--timeline-from: cannot read "soon" as a duration/);
  });
});

describe('estimateTimeline', () => {
  it('prorates the size to the window', () => {
    const whole = estimateTimeline(10_000, 20 * MS, { fromNs: 0, toNs: 20 * MS }, 'w.yaml');
    const part = estimateTimeline(10_000, 20 * MS, { fromNs: 5 * MS, toNs: 10 * MS }, 'w.yaml');
    expect(whole.jsonBytes).toBe(10_000 * TIMELINE_JSON_BYTES_PER_TRIGGER);
    expect(part.jsonBytes).toBe(whole.jsonBytes / 4);
    expect(part.textBytes).toBe(whole.textBytes / 4);
  });

  it('refuses a timeline.json past the viewer limit, with the estimate and a window that fits', () => {
    const triggers = (4 * TIMELINE_JSON_LIMIT_BYTES) / TIMELINE_JSON_BYTES_PER_TRIGGER; // 4 GiB over 1 s
    const run = { fromNs: 0, toNs: 1000 * MS };
    expect(() => estimateTimeline(triggers, 1000 * MS, run, 'big.yaml')).toThrow(/^big\.yaml: timeline\.json would take about 4\.0 GiB .* keep a shorter window: --timeline-from 0ns --timeline-to 125ms$/);
    // The window it names fits (an eighth of the run: half the limit).
    expect(estimateTimeline(triggers, 1000 * MS, { fromNs: 0, toNs: 125 * MS }, 'big.yaml').jsonBytes).toBe(TIMELINE_JSON_LIMIT_BYTES / 2);
  });
});
