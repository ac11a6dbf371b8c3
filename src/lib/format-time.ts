/** Dates as a Chinese reader expects them: in the site's time zone, with the zone named. */

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

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, withDate: boolean, withYear: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}|${withYear}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', {
      timeZone,
      ...(withDate ? { month: 'numeric', day: 'numeric' } : {}),
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    cache.set(key, f);
  }
  return f;
}

/** `2022年5月31日 20:10` in the given zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  return fmt(timeZone, true, true).format(new Date(iso));
}

const days = new Map<string, Intl.DateTimeFormat>();
/** `2022-05-31`: the calendar day in the zone (one formatter per zone: making one is slow). */
function day(date: Date, timeZone: string): string {
  let f = days.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    days.set(timeZone, f);
  }
  return f.format(date);
}

/** Compact: `20:10` today, `5月30日 20:10` this year, `2021年12月8日 10:46` before. */
export function formatShort(iso: string, timeZone: string, now = Date.now()): string {
  const date = new Date(iso);
  const today = day(new Date(now), timeZone);
  const that = day(date, timeZone);
  if (that === today) return fmt(timeZone, false, false).format(date);
  return fmt(timeZone, true, today.slice(0, 4) !== that.slice(0, 4)).format(date);
}

let rtf: Intl.RelativeTimeFormat | null = null;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** `3 小时前`, `昨天`, `4 年前`… */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return (rtf ??= new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' })).format(Math.round(seconds / size), unit);
  }
  return '刚刚';
}
