import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOfWallTime, toRfc3339, wallTime } from '../../../src/lib/time-zone.ts';

/** What Intl itself says the clocks show: the reference for the cached arithmetic. */
function intlWall(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')].join('-');
}

describe('wall time in a zone', () => {
  it('formats Beijing time with its offset', () => {
    expect(toRfc3339(Date.UTC(2021, 11, 8, 2, 46, 18), 'Asia/Shanghai')).toBe('2021-12-08T10:46:18+08:00');
    expect(toRfc3339(Date.UTC(2021, 11, 8, 16, 0, 0), 'Asia/Shanghai')).toBe('2021-12-09T00:00:00+08:00');
  });

  it('agrees with Intl at every instant, across daylight saving and odd offsets', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const w = wallTime(ms, zone);
        expect([w.year, w.month, w.day, w.hour, w.minute, w.second].join('-')).toBe(intlWall(ms, zone));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('turns a wall time back into its instant', () => {
    const wall = { year: 2022, month: 5, day: 27, hour: 17, minute: 5, second: 42, millisecond: 0 };
    expect(new Date(instantOfWallTime(wall, 'Asia/Shanghai')).toISOString()).toBe('2022-05-27T09:05:42.000Z');
  });
});
