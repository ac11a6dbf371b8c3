/**
 * Dates as a Chinese reader expects them: in the site's time zone, with the zone named, in the words
 * and forms of `Intl`'s zh-CN (tests/unit/lib/format-time.test.ts holds them to it). They are built by
 * hand from the zone's offset table in site.json: the first Intl date or relative-time format a page
 * makes loads the locale and time zone data, a main-thread task of tens of milliseconds on a phone.
 * Intl is asked only for an instant the table does not cover.
 */
import type { Site, ZoneOffsets } from '../feed/schema.ts';
import { wallTime } from './time-zone.ts';

/** A time zone: its IANA name and its offsets from UTC (site.json's `zone_offsets`). */
export interface Zone {
  name: string;
  offsets: ZoneOffsets;
}

export const zoneOf = (site: Pick<Site, 'time_zone' | 'zone_offsets'>): Zone => ({ name: site.time_zone, offsets: site.zone_offsets });

const ZONE_NAMES: Record<string, string> = {
  'Asia/Shanghai': '北京时间',
  'Asia/Chongqing': '北京时间',
  'Asia/Hong_Kong': '香港时间',
  'Asia/Taipei': '台北时间',
  UTC: '协调世界时',
};

export function zoneName(timeZone: string): string {
  return ZONE_NAMES[timeZone] ?? timeZone;
}

/** The zone's offset (minutes) at `ms` from the table; null outside it. */
export function tableOffset(ms: number, { changes, until }: ZoneOffsets): number | null {
  const first = changes[0];
  if (!first || ms < first[0] || ms >= until) return null;
  let lo = 0;
  let hi = changes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((changes[mid]?.[0] ?? Infinity) <= ms) lo = mid;
    else hi = mid - 1;
  }
  return changes[lo]?.[1] ?? null;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wall(ms: number, zone: Zone): Wall {
  // As Intl does: a date that is not one (`T25:10`) is an error, not a "NaN/NaN" on screen.
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  const offset = tableOffset(ms, zone.offsets);
  if (offset === null) return wallTime(ms, zone.name);
  const d = new Date(ms + offset * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const clock = (w: Wall): string => `${pad(w.hour)}:${pad(w.minute)}`;

/** `2022/5/31 20:10` in the zone. */
export function formatDateTime(iso: string, zone: Zone): string {
  const w = wall(Date.parse(iso), zone);
  return `${w.year}/${w.month}/${w.day} ${clock(w)}`;
}

/** Compact: `20:10` today, `5/30 20:10` this year, `2021/12/8 10:46` before. */
export function formatShort(iso: string, zone: Zone, now = Date.now()): string {
  const w = wall(Date.parse(iso), zone);
  const today = wall(now, zone);
  if (w.year !== today.year) return `${w.year}/${w.month}/${w.day} ${clock(w)}`;
  if (w.month !== today.month || w.day !== today.day) return `${w.month}/${w.day} ${clock(w)}`;
  return clock(w);
}

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';
const UNITS: [Unit, number, string][] = [
  ['year', 365 * 24 * 3600, '年'],
  ['month', 30 * 24 * 3600, '个月'],
  ['week', 7 * 24 * 3600, '周'],
  ['day', 24 * 3600, '天'],
  ['hour', 3600, '小时'],
  ['minute', 60, '分钟'],
];
/** zh-CN's words for some steps (Intl.RelativeTimeFormat's `numeric: 'auto'`). */
const WORDS: Partial<Record<Unit, Record<number, string>>> = {
  year: { [-1]: '去年', 1: '明年' },
  month: { [-1]: '上个月', 1: '下个月' },
  week: { [-1]: '上周', 1: '下周' },
  day: { [-2]: '前天', [-1]: '昨天', 1: '明天', 2: '后天' },
};

/** `3小时前`, `昨天`, `4年前`… */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (!Number.isFinite(seconds)) throw new RangeError('Invalid time value');
  for (const [unit, size, label] of UNITS) {
    if (Math.abs(seconds) < size) continue;
    const n = Math.round(seconds / size);
    return WORDS[unit]?.[n] ?? (n < 0 ? `${-n}${label}前` : `${n}${label}后`);
  }
  return '刚刚';
}
