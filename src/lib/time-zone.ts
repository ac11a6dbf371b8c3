/** Wall-clock arithmetic in a named IANA time zone, with nothing but Intl. */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is a zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The instant whose UTC clock shows `w` (years 0–99 too, which Date.UTC would move to the 1900s). */
function wallToUtcMs(w: WallTime): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return d.getTime();
}

/** The wall-clock time in `timeZone` at the instant `ms`, read from Intl (slow: see wallTime). */
function intlWallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/**
 * Zone offsets change at most every quarter of an hour (DST and history included), so one Intl
 * lookup per zone and quarter hour serves every instant in it: a build of 200,000 posts asks Intl
 * a few thousand times instead of a million.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at the instant `ms`, in minutes (Asia/Shanghai: 480). */
export function offsetMinutes(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR;
    offset = Math.round((wallToUtcMs({ ...intlWallTime(at, timeZone), millisecond: 0 }) - at) / 60000);
    zone.set(bucket, offset);
  }
  return offset;
}

/** The wall-clock time in `timeZone` at the instant `ms`. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const d = new Date(ms + offsetMinutes(ms, timeZone) * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}



/** The instant at which the clocks of `timeZone` show `wall`. */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const asUtc = wallToUtcMs(wall);
  let guess = asUtc - offsetMinutes(asUtc, timeZone) * 60000;
  guess = asUtc - offsetMinutes(guess, timeZone) * 60000;
  return guess;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** RFC 3339 with the zone's offset at that instant: `2021-12-08T10:46:18+08:00`. */
export function toRfc3339(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  const frac = w.millisecond ? `.${pad(w.millisecond, 3)}` : '';
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${frac}${formatOffset(offsetMinutes(ms, timeZone))}`;
}

const DAY = 24 * 3600_000;

/**
 * The offsets of `timeZone` between two instants, for site.json (see ZoneOffsetsSchema): sampled
 * daily, and each change narrowed down to the quarter hour it starts in. Zones change their offset
 * at most a few times a year, never twice within a day.
 */
export function offsetTable(timeZone: string, fromMs: number, untilMs: number): { changes: [number, number][]; until: number } {
  const start = Math.floor(fromMs / QUARTER_HOUR) * QUARTER_HOUR;
  const changes: [number, number][] = [[start, offsetMinutes(start, timeZone)]];
  let before = start;
  for (let at = start + DAY; before < untilMs; at += DAY) {
    const offset = offsetMinutes(at, timeZone);
    if (offset !== changes[changes.length - 1]?.[1]) {
      // The first quarter hour in (before, at] with the new offset.
      let lo = before / QUARTER_HOUR;
      let hi = at / QUARTER_HOUR;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetMinutes(mid * QUARTER_HOUR, timeZone) === offset) hi = mid;
        else lo = mid;
      }
      changes.push([hi * QUARTER_HOUR, offset]);
    }
    before = at;
  }
  return { changes, until: untilMs };
}
