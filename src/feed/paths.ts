/**
 * Where things live: feed file names, in-app routes, and the ids and keys that connect them.
 * Shared by the builder (which writes the files) and the app (which computes what to fetch from a URL).
 */

const KEEP = /[A-Za-z0-9-]/;
const MAX_KEY = 200;

/** FNV-1a, 32 bit, as 8 hex digits: a short stable digest for over-long keys. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A file- and URL-safe, injective spelling of any string: letters, digits and `-` stay; every other
 * character becomes `~XX` per UTF-8 byte. `..`, `/`, spaces, Chinese or emoji can never reach a path.
 */
export function escapeKey(text: string): string {
  let out = '';
  for (const char of text) {
    if (KEEP.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out === '') out = '~';
  return capKey(out);
}

/**
 * Keep a key within MAX_KEY characters: an over-long one is cut and ends in `~~` and a digest of the
 * whole. `~~` never occurs in an uncut key (there `~` is always followed by two hex digits), so a cut
 * key can never equal an uncut one.
 */
function capKey(key: string): string {
  return key.length > MAX_KEY ? `${key.slice(0, MAX_KEY - 10)}~~${shortHash(key)}` : key;
}

/** The key of a category (news source) slug: its folder under `c/` and its in-app route. */
export const categoryKey = escapeKey;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface ArticlePathParts {
  categories: string[];
  year: string;
  month: string;
  day: string;
  slug: string;
}

const ARTICLE_PATH = /^\/(?:(.+)\/)?(\d{4})\/(\d{2})\/(\d{2})\/([^/]+?)(?:\.html?)?\/?$/;

/** Split a Jekyll permalink path (`/<categories>/<yyyy>/<mm>/<dd>/<slug>.html`); null when it is not one. */
export function parseArticlePath(pathname: string): ArticlePathParts | null {
  const match = ARTICLE_PATH.exec(pathname);
  if (!match) return null;
  const [, cats, year, month, day, slug] = match;
  if (!year || !month || !day || !slug) return null;
  return {
    categories: cats ? cats.split('/').filter(Boolean).map(safeDecode) : [],
    year,
    month,
    day,
    slug: safeDecode(slug),
  };
}

/**
 * The item id for an article path. Categories are compared without case (Jekyll lowercases them in
 * URLs); the slug keeps its case. Ids never contain `/` or `.`, so they are safe as file names.
 */
export function articleIdFromPath(pathname: string): string | null {
  const parts = parseArticlePath(pathname);
  if (!parts) return null;
  const segments = [...parts.categories.map((c) => c.toLowerCase()), parts.year, parts.month, parts.day, parts.slug];
  return capKey(segments.map(escapeKey).join('_'));
}

/**
 * The item id for any in-app path: the article id of a Jekyll permalink, else the whole decoded path
 * escaped (for posts with a custom `permalink:`). The builder names item files with it; the app
 * computes it from the address bar to know which file to fetch.
 */
export function itemIdForPath(pathname: string): string {
  return articleIdFromPath(pathname) ?? escapeKey(safeDecode(pathname));
}

/** Percent-encode one path segment: RFC 3986 pchar stays (`!$&'()*+,;=:@`), the rest is encoded. */
const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/%(2[146-9ABC]|3[ABD]|40)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Percent-encode raw text for a URL path as Jekyll's `URL.escape_path` does: pchar and `/` stay,
 * anything else is encoded, a `%` too (`%41` → `%2541`). Unlike Jekyll, `?` is encoded: Jekyll leaves
 * it, which makes a link that does not reach the page it wrote.
 */
export function escapePath(text: string): string {
  return text.split('/').map(encodeSegment).join('/');
}

/**
 * Percent-encode a path that may already be encoded (pchar stays; `#` is escaped): each segment is
 * decoded first, so encoding twice changes nothing. For raw text, use escapePath.
 */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeSegment(safeDecode(segment)))
    .join('/');
}

// ---- in-app routes (relative to the deploy base) ----
export const homeRoute = '/';
export const categoriesRoute = '/categories';
export const categoryRoute = (slug: string): string => `/c/${categoryKey(slug)}`;
/** The original site's category page, kept working: `/category/<slug>.html`. */
export const legacyCategoryRoute = (slug: string): string => `/category/${encodePath(slug)}.html`;

// ---- feed files (relative to the feed root) ----
/**
 * Paged lists are anchored at their oldest end, so adding posts never changes an older page: a CDN
 * can cache those forever, and a rebuild rewrites only the newest page or two. With `total` items
 * and page size `size` there are `pages = max(1, floor(total / size))` pages; page `n` (counted
 * from the oldest, 1-based) holds the items whose index from the oldest is in
 * `[(n-1)·size, n·size)`, except the newest page, `feed.json`, which holds the rest: between `size`
 * and `2·size - 1` items (fewer only when the whole list is shorter). Items run newest first within
 * a page, and each page's `next_url` points at the next older page: feed.json → feed-<pages-1>.json
 * → … → feed-1.json.
 */
export interface PageLayout {
  pages: number;
  /** File name (without folder) of page `n`. */
  file: (n: number) => string;
  /** Items on page `n`, as [start, end) indices counted from the newest item. */
  range: (n: number) => [number, number];
  /** The page holding the item at `index` (counted from the newest), and its position on it. */
  locate: (index: number) => { page: number; position: number };
}

export function pageLayout(total: number, size: number): PageLayout {
  const pages = Math.max(1, Math.floor(total / size));
  const file = (n: number): string => (n >= pages ? 'feed.json' : `feed-${n}.json`);
  // Page n covers oldest-indices [(n-1)·size, n === pages ? total : n·size).
  const range = (n: number): [number, number] => {
    const oldestEnd = n >= pages ? total : n * size;
    const oldestStart = (n - 1) * size;
    return [total - oldestEnd, total - oldestStart];
  };
  const locate = (index: number): { page: number; position: number } => {
    const fromOldest = total - 1 - index;
    const page = Math.min(pages, Math.floor(fromOldest / size) + 1);
    return { page, position: index - range(page)[0] };
  };
  return { pages, file, range, locate };
}

/** Page `n` of a paged list in `dir` (see pageLayout). */
export function feedPageFile(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
/** The newest page of a list: where every list starts. */
export const FIRST_PAGE = 'feed.json';
export const riverDir = '';
export const categoryDir = (slug: string): string => `c/${categoryKey(slug)}`;
export const categoriesFile = 'categories.json';
export const sourcesPageFile = (page: number): string => (page <= 1 ? 'sources.json' : `sources-${page}.json`);
export const itemFile = (id: string): string => `items/${id}.json`;
export const reportFile = 'report.json';
export const siteFile = 'site.json';
