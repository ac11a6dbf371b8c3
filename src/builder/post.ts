/**
 * A post's identity as Jekyll 4.3 computes it: slug, title, categories, tags, date and permalink
 * (`/:categories/:year/:month/:day/:title:output_ext`), with recovery where Jekyll would lose the post.
 */
import { escapePath } from '../feed/paths.ts';
import { formatOffset, offsetMinutes, wallTime } from '../lib/time-zone.ts';
import { fileNameDate, parseFrontMatterDate, type PostDate } from './dates.ts';
import type { FrontMatter } from './front-matter.ts';

export interface PostMeta {
  slug: string;
  title: string;
  categories: string[];
  tags: string[];
  date: PostDate;
  /** Jekyll's URL path, percent-encoded as Jekyll writes it. */
  urlPath: string;
  warnings: string[];
}

export type ResolvedPost = { ok: true; meta: PostMeta } | { ok: false; reason: string };

const DATE_FILENAME = /^(?:.+\/)*?(\d{2,4})-(\d{1,2})-(\d{1,2})-([^/]*)(\.[^./]+)$/;
const DATELESS_FILENAME = /^(?:.+\/)*(.*)(\.[^./]+)$/;
const SLUGIFY_PRETTY = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu;
/** An id that starts with a date, as the scraper's are (`202205262391921712`, `NW2022…`). */
const DATE_IN_ID = /^[A-Za-z]{0,4}(20\d{2})(\d{2})(\d{2})/;

/** Jekyll's `Utils.slugify(…, mode: "pretty", cased: true)`. */
export function slugifyPretty(text: string): string {
  return text.replace(SLUGIFY_PRETTY, '-').replace(/^-|-$/g, '');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Ruby's `String#split` with no argument: on runs of whitespace, ignoring leading whitespace. */
const rubySplit = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/**
 * A front-matter value as text, as Ruby's `to_s` spells it: a YAML date `2021-12-08` stays so, a
 * timestamp is shown in the site's zone (`2021-12-08 18:00:00 +0800`), not as an ISO string.
 */
function asText(value: unknown, timeZone: string): string {
  if (!(value instanceof Date)) return String(value);
  const ms = value.getTime();
  if (ms % 86_400_000 === 0) return value.toISOString().slice(0, 10);
  const w = wallTime(ms, timeZone);
  const offset = formatOffset(offsetMinutes(ms, timeZone)).replace(':', '');
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)} ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)} ${offset}`;
}

function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.flat(Infinity) : [value];
}

/** Jekyll's `Utils.pluralized_array_from_hash`: the singular key wins, a plural string is split on whitespace. */
function pluralized(data: Record<string, unknown>, singular: string, plural: string): unknown[] {
  const single = data[singular];
  if (single !== undefined && single !== null) return toList(single);
  const many = data[plural];
  if (typeof many === 'string') return rubySplit(many);
  if (Array.isArray(many)) return toList(many).filter((x) => x !== null && x !== undefined);
  return [];
}

function jekyllCategories(data: Record<string, unknown>, text: (value: unknown) => string): string[] {
  const front = data.categories;
  const merged = typeof front === 'string' ? rubySplit(front) : toList(front).filter((x) => x !== null && x !== undefined);
  return [...new Set([...merged, ...pluralized(data, 'category', 'categories')].map(text))];
}

/** Jekyll's `URL#sanitize_url`. */
function sanitizeUrl(path: string): string {
  return `/${path}`.replaceAll('..', '/').replaceAll('./', '').replace(/\/{2,}/g, '/');
}

function permalinkPath(template: string, categories: string[], slug: string, ms: number, timeZone: string, ext: string): string {
  const w = wallTime(ms, timeZone);
  const cats = [...new Set(categories.map((c) => c.toLowerCase()))].join('/');
  const values: Record<string, string> = {
    categories: cats,
    year: String(w.year),
    month: pad2(w.month),
    day: pad2(w.day),
    i_month: String(w.month),
    i_day: String(w.day),
    short_year: pad2(w.year % 100),
    hour: pad2(w.hour),
    minute: pad2(w.minute),
    second: pad2(w.second),
    title: slugifyPretty(slug),
    slug: slugifyPretty(slug).toLowerCase(),
    output_ext: ext,
  };
  const filled = template.replace(/:([a-z_]+)/g, (whole, name: string) => {
    const key = name in values ? name : name.endsWith('_') && name.slice(0, -1) in values ? name.slice(0, -1) : null;
    if (key === null) return whole;
    const value = values[key] ?? '';
    const rest = key === name ? '' : '_';
    return (/^[a-zA-Z0-9./-]*$/.test(value) ? value : escapePath(value)) + rest;
  });
  return sanitizeUrl(filled);
}

/** The first `count` characters (code points) of `text`, with `…` when there is more; reads no further. */
function firstWords(text: string, count: number): string {
  let end = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === count) return `${text.slice(0, end)}…`;
    end += char.length;
    seen++;
  }
  return text;
}

export const DEFAULT_PERMALINK = '/:categories/:year/:month/:day/:title:output_ext';

/**
 * Resolve a post. `relPath` is the file's path under its posts folder; `fm` its front matter (null
 * when the file has none); `bodyText` is used only to name an untitled post.
 */
export function resolvePost(
  relPath: string,
  fm: FrontMatter | null,
  bodyText: string,
  site: { timeZone: string; permalink?: string | null },
): ResolvedPost {
  const { timeZone } = site;
  const warnings: string[] = [...(fm?.problems ?? [])];
  const data = fm?.data ?? {};
  const dated = DATE_FILENAME.exec(relPath);
  const dateless = dated ? null : DATELESS_FILENAME.exec(relPath);
  let slug = (dated ? dated[4] : dateless?.[1]) ?? relPath;
  slug = slug.replace(/\.+$/, '');
  const text = (value: unknown): string => asText(value, timeZone);
  if (data.slug !== undefined && data.slug !== null) slug = text(data.slug);

  // The date: front matter wins over the file name; an id that starts with a date is the last resort.
  let date: PostDate | null = null;
  if (fm?.dateText) {
    date = parseFrontMatterDate(fm.dateText, timeZone, fm.datePlain);
    if (!date) warnings.push(`front matter date "${fm.dateText.trim()}" is not a date; ${dated ? 'used the date in the file name' : 'looked elsewhere'}`);
  }
  if (!date && dated?.[1]?.length === 4) date = fileNameDate(Number(dated[1]), Number(dated[2]), Number(dated[3]), timeZone);
  if (!dated && date) warnings.push('file name has no date (Jekyll skips such posts); imported by its front matter date');
  if (!date) {
    const m = DATE_IN_ID.exec(slug.replace(/^-+/, ''));
    if (m) {
      date = fileNameDate(Number(m[1]), Number(m[2]), Number(m[3]), timeZone);
      if (date) warnings.push(`no usable date in the front matter or file name; dated ${m[1]}-${m[2]}-${m[3]} from the id "${slug}"`);
    }
  }
  const rawTitle = data.title;
  const hasTitle = rawTitle !== undefined && rawTitle !== null && text(rawTitle).trim() !== '';
  if (!date) {
    return {
      ok: false,
      reason: `no usable date: ${fm?.dateText ? `front matter date "${fm.dateText.trim()}" is not a date` : 'front matter has no date'} and neither the file name nor the id "${slug}" holds one${hasTitle ? '' : ', and the title is empty'}`,
    };
  }

  let title: string;
  if (hasTitle) title = text(rawTitle);
  else {
    const words = bodyText.replace(/\s+/g, ' ').trim();
    title = words ? firstWords(words, 40) : slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
    warnings.push(`${rawTitle === undefined || rawTitle === null ? 'no title' : 'empty title'} in the front matter; titled "${title}" from the ${words ? 'first words of the body' : 'slug'}`);
  }

  // An empty category (`categories: [""]`) changes no URL, but no source can be named "".
  const allCategories = jekyllCategories(data, text);
  const categories = allCategories.filter((c) => c !== '');
  if (categories.length < allCategories.length) warnings.push('an empty category ("") in the front matter; dropped it');
  const tags = pluralized(data, 'tag', 'tags').map(text);
  const template = typeof data.permalink === 'string' && data.permalink.trim() ? data.permalink : (site.permalink ?? DEFAULT_PERMALINK);
  const urlPath = permalinkPath(template, categories, slug, date.jekyllMs, timeZone, '.html');
  return { ok: true, meta: { slug, title, categories, tags, date, urlPath, warnings } };
}
