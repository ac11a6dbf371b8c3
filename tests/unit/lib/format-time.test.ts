import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative, formatShort, tableOffset, type Zone } from '../../../src/lib/format-time.ts';
import { offsetTable, toRfc3339 } from '../../../src/lib/time-zone.ts';

/** What Intl's zh-CN says: the reference the hand-built strings are held to. */
function intl(ms: number, timeZone: string, withDate: boolean, withYear: boolean): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    ...(withDate ? { month: 'numeric', day: 'numeric' } : {}),
    ...(withYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

const intlDay = (ms: number, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
const FROM = Date.UTC(2015, 0, 1);
const UNTIL = Date.UTC(2035, 0, 1);
const tables = new Map(ZONES.map((z) => [z, offsetTable(z, FROM, UNTIL)]));
const zone = (name: string): Zone => ({ name, offsets: tables.get(name) ?? { changes: [], until: 0 } });
const instant = fc.integer({ min: FROM, max: UNTIL - 1 });

describe('zone offset table', () => {
  it('holds one offset for Beijing time and the two a year of a daylight-saving zone', () => {
    expect(offsetTable('Asia/Shanghai', FROM, UNTIL).changes).toEqual([[FROM, 480]]);
    const ny = offsetTable('America/New_York', Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)).changes;
    expect(ny).toEqual([
      [Date.UTC(2024, 0, 1), -300],
      [Date.UTC(2024, 2, 10, 7), -240],
      [Date.UTC(2024, 10, 3, 6), -300],
    ]);
  });

  it('gives the offset Intl gives at every instant it covers, and nothing outside', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, name) => {
        // The offset the builder writes into every date (`+08:00`), from Intl.
        const suffix = toRfc3339(ms, name).slice(-6);
        const minutes = (suffix.startsWith('-') ? -1 : 1) * (Number(suffix.slice(1, 3)) * 60 + Number(suffix.slice(4, 6)));
        expect(tableOffset(ms, zone(name).offsets)).toBe(minutes);
      }),
      { seed: 7, numRuns: 3000 },
    );
    expect(tableOffset(FROM - 1, zone('UTC').offsets)).toBeNull();
    expect(tableOffset(UNTIL, zone('UTC').offsets)).toBeNull();
    expect(tableOffset(FROM, { changes: [], until: 0 })).toBeNull();
  });
});

describe('dates as zh-CN shows them', () => {
  it('formats a full date and time like Intl, in the table and outside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...ZONES), (ms, name) => {
        expect(formatDateTime(new Date(ms).toISOString(), zone(name))).toBe(intl(ms, name, true, true));
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(formatDateTime('2021-12-08T10:46:18+08:00', zone('Asia/Shanghai'))).toBe('2021/12/8 10:46');
    // Like Intl, a time that is not one throws.
    expect(() => formatDateTime('2022-05-31T25:10:05+08:00', zone('Asia/Shanghai'))).toThrow(new RangeError('Invalid time value'));
    expect(() => formatShort('not a date', zone('UTC'), FROM)).toThrow(RangeError);
  });

  it('shortens by what it shares with now, like Intl (time today, no year this year)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -3 * 24 * 3600_000, max: 400 * 24 * 3600_000 }), fc.constantFrom(...ZONES), (ms, ago, name) => {
        const now = Math.min(ms + ago, UNTIL - 1);
        const sameDay = intlDay(ms, name) === intlDay(now, name);
        const sameYear = intlDay(ms, name).slice(0, 4) === intlDay(now, name).slice(0, 4);
        expect(formatShort(new Date(ms).toISOString(), zone(name), now)).toBe(intl(ms, name, !sameDay, !sameYear));
      }),
      { seed: 13, numRuns: 3000 },
    );
    const now = Date.parse('2022-05-31T23:30:00+08:00');
    const beijing = zone('Asia/Shanghai');
    expect(formatShort('2022-05-31T00:10:00+08:00', beijing, now)).toBe('00:10');
    expect(formatShort('2022-05-30T23:59:00+08:00', beijing, now)).toBe('5/30 23:59');
    expect(formatShort('2021-12-08T10:46:00+08:00', beijing, now)).toBe('2021/12/8 10:46');
  });
});

describe('relative times as zh-CN says them', () => {
  const rtf = new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' });
  const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 24 * 3600],
    ['month', 30 * 24 * 3600],
    ['week', 7 * 24 * 3600],
    ['day', 24 * 3600],
    ['hour', 3600],
    ['minute', 60],
  ];
  /** The formatter this replaced, on Intl. */
  function reference(iso: string, now: number): string {
    const seconds = (Date.parse(iso) - now) / 1000;
    for (const [unit, size] of UNITS) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
    return '刚刚';
  }

  it('says what Intl.RelativeTimeFormat says, past and future, for every unit', () => {
    const now = Date.UTC(2024, 5, 1);
    fc.assert(
      fc.property(fc.integer({ min: -200 * 365 * 24 * 3600, max: 200 * 365 * 24 * 3600 }), (seconds) => {
        const iso = new Date(now + seconds * 1000).toISOString();
        expect(formatRelative(iso, now)).toBe(reference(iso, now));
      }),
      { seed: 17, numRuns: 5000 },
    );
    for (const [, size] of UNITS) {
      for (const n of [-3, -2, -1, 1, 2, 3]) {
        const iso = new Date(now + n * size * 1000).toISOString();
        expect(formatRelative(iso, now)).toBe(reference(iso, now));
      }
    }
    expect(formatRelative(new Date(now - 3 * 3600_000).toISOString(), now)).toBe('3小时前');
    expect(formatRelative(new Date(now - 24 * 3600_000).toISOString(), now)).toBe('昨天');
    expect(formatRelative(new Date(now - 20_000).toISOString(), now)).toBe('刚刚');
    expect(() => formatRelative('2022-05-31T25:10:05+08:00', now)).toThrow(RangeError);
  });
});
