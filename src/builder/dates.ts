/**
 * Front-matter dates, read the way Jekyll 4.3 reads them, plus the instant the scraper meant.
 *
 * Jekyll loads front matter with Psych (YAML 1.1). A plain scalar such as `2021-12-08 10:46:18` is a
 * YAML timestamp and, having no zone, is UTC; anything else (`… +0800`, a quoted string, a date
 * without seconds) is handed to Ruby's `Time.parse`, which uses the site's time zone when none is
 * given. Jekyll then formats the URL's date parts in the site's time zone. The scraper always wrote
 * Beijing wall-clock time, so for `date_published` a zone-less date is read in the site's time zone.
 */
import { instantOfWallTime, type WallTime } from '../lib/time-zone.ts';

export interface PostDate {
  /** The instant Jekyll uses (for the permalink's date parts). */
  jekyllMs: number;
  /** The instant the author meant (for `date_published`). */
  publishedMs: number;
  /** True when the text named no zone or offset. */
  zoneless: boolean;
}

const DATE_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?[ \t]*(Z|z|UTC|GMT|[-+]\d{1,2}(?::?\d{2})?)?$/;
/** YAML 1.1's timestamp (what Psych turns into a Time, UTC when zone-less). */
const YAML_TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;

function zoneOffsetMinutes(zone: string): number {
  if (/^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([-+])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return Number.NaN;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Parse a front-matter date. `plain` tells whether the YAML scalar was unquoted (only then can it
 * be a YAML timestamp). Returns null for text that is not a date.
 */
export function parseFrontMatterDate(text: string, timeZone: string, plain = true): PostDate | null {
  const trimmed = text.trim();
  const m = DATE_TEXT.exec(trimmed);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    millisecond: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
  };
  if (wall.year < 1000 || wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 60) return null;
  const utcMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (new Date(utcMs).getUTCDate() !== wall.day) return null;
  if (zone) {
    const offset = zoneOffsetMinutes(zone);
    if (Number.isNaN(offset)) return null;
    const ms = utcMs - offset * 60000;
    return { jekyllMs: ms, publishedMs: ms, zoneless: false };
  }
  const local = instantOfWallTime(wall, timeZone);
  const yamlUtc = plain && h !== undefined && YAML_TIMESTAMP.test(trimmed);
  return { jekyllMs: yamlUtc ? utcMs : local, publishedMs: local, zoneless: true };
}

/** The date in a Jekyll post file name (`2021-12-08-slug.md`): midnight in the site's time zone. */
export function fileNameDate(year: number, month: number, day: number, timeZone: string): PostDate | null {
  // Years before 1000 are typos, not news; they would not fit RFC 3339's four digits either way.
  if (year < 1000) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const ms = instantOfWallTime({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  return { jekyllMs: ms, publishedMs: ms, zoneless: true };
}
