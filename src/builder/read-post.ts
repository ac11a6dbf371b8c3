/**
 * Reading one input file as a post: read → front matter → trailer → render → Jekyll identity, into
 * the record the later stages need and the item (see build.ts). Runs on the main thread or in the
 * worker threads of read-pool.ts.
 */
import type { Item, ReportEntry } from '../feed/schema.ts';
import { toRfc3339 } from '../lib/time-zone.ts';
import type { PostRecord } from './build.ts';
import { normalizeText, splitFrontMatter } from './front-matter.ts';
import { resolvePost, type PostMeta } from './post.ts';
import { isPostFile, readText, type InputFile } from './read.ts';
import { renderBody, type RenderedBody } from './render.ts';
import type { SiteConfig } from './site-config.ts';
import { liftMarkdownTrailer, siteTarget, type MarkdownTrailer } from './trailer.ts';

export interface ReadPost {
  record: PostRecord;
  /** The item, for a post that was imported. */
  item: Item | null;
}

interface ParsedPost {
  input: InputFile;
  entry: ReportEntry;
  meta: PostMeta;
  trailer: MarkdownTrailer;
  body: RenderedBody;
}

function parseOne(input: InputFile, site: SiteConfig, file: string, regularFile: boolean): { post: ParsedPost | null; entry: ReportEntry } {
  const entry: ReportEntry = { file, status: 'skipped', id: null, reason: null, warnings: [] };
  if (input.problem) {
    entry.reason = input.problem;
    return { post: null, entry };
  }
  if (!isPostFile(input.rel)) {
    entry.reason = 'not a post file: only .md, .markdown, .html and .htm files are read';
    return { post: null, entry };
  }
  const decoded = readText(input.path, regularFile);
  if (!decoded.ok) {
    entry.reason = decoded.reason;
    return { post: null, entry };
  }
  entry.warnings.push(...decoded.warnings);
  const text = normalizeText(decoded.text);
  const fm = splitFrontMatter(text);
  if (!fm) entry.warnings.push('no front matter (no "---" block at the top); read the whole file as the body');
  const isHtml = /\.html?$/i.test(input.rel);
  const trailer = liftMarkdownTrailer(fm ? fm.body : text);
  let body: RenderedBody;
  try {
    body = renderBody(trailer.body, isHtml);
  } catch (error) {
    entry.reason = `the body could not be rendered (${(error as Error).message})`;
    return { post: null, entry };
  }
  const resolved = resolvePost(input.rel, fm, body.text, site);
  if (!resolved.ok) {
    entry.reason = resolved.reason;
    return { post: null, entry };
  }
  entry.warnings.push(...resolved.meta.warnings);
  entry.status = 'imported';
  return { post: { input, entry, meta: resolved.meta, trailer, body }, entry };
}

/**
 * Read one input as a record and, for a post, its item (with placeholders for what depends on the
 * other posts: id, path, the source name from the category, back-link routes). One post that trips the
 * pipeline is skipped, with the reason; it never stops the build. `regularFile`: the caller has just
 * found a regular file there (saves a second look).
 */
export function readPost(input: InputFile, site: SiteConfig, file: string, sig: string | null, regularFile = false): ReadPost {
  let one: ReturnType<typeof parseOne>;
  try {
    one = parseOne(input, site, file, regularFile);
  } catch (error) {
    const reason = `could not be read as a post (${(error as Error).message})`;
    one = { post: null, entry: { file, status: 'skipped', id: null, reason, warnings: [] } };
  }
  const { post, entry } = one;
  const record: PostRecord = {
    file,
    sig,
    imported: false,
    reason: entry.reason,
    warnings: entry.warnings,
    urlPath: '',
    publishedMs: 0,
    categories: [],
    tags: [],
    attributed: false,
    categoryLinks: false,
    id: '',
    path: '',
    itemHash: '',
    index: 0,
  };
  if (!post) return { record, item: null };
  const { meta, body, trailer } = post;
  // Fresh copies of the few strings kept: a slice of the file's text would keep the whole text alive.
  const categories = meta.categories.map(own);
  const tags = meta.tags.map(own);
  const sourceName = body.sourceName === null ? null : own(body.sourceName);
  const category = categories[0] ?? null;
  Object.assign(record, {
    imported: true,
    urlPath: meta.urlPath,
    publishedMs: meta.date.publishedMs,
    categories,
    tags,
    attributed: sourceName !== null,
    categoryLinks: trailer.backlinks.some(({ href }) => siteTarget(href, site.hosts)?.kind === 'category'),
  });
  const item: Item = {
    id: '',
    url: site.siteUrl ? `${site.siteUrl}${meta.urlPath}` : meta.urlPath,
    title: own(meta.title),
    date_published: toRfc3339(meta.date.publishedMs, site.timeZone),
    summary: own(body.summary),
    tags,
    _finews: {
      categories,
      source: { name: sourceName ?? '', attributed: sourceName !== null, category },
      backlinks: trailer.backlinks.map(({ label, href }) => ({ label: own(label), href: own(href), route: null })),
      path: '',
    },
    content_html: body.html,
  };
  if (trailer.externalUrl) item.external_url = own(trailer.externalUrl);
  if (body.image) item.image = own(body.image);
  return { record, item };
}

/** A copy of `text` that holds on to no larger string (V8 makes a long slice a view of its parent). */
const own = (text: string): string => (text.length < 13 ? text : ` ${text}`.slice(1));
