/**
 * The feed builder's pipeline: read → parse → render → lift trailer → resolve identity → assemble.
 * `buildFeed` returns every output file as text (path → JSON); writing is write.ts's job.
 */
import {
  categoriesFile,
  categoryDir,
  categoryKey,
  categoryRoute,
  itemIdForPath,
  feedPageFile,
  pageLayout,
  homeRoute,
  itemFile,
  reportFile,
  riverDir,
  siteFile,
  sourcesPageFile,
} from '../feed/paths.ts';
import {
  JSON_FEED_VERSION,
  type Backlink,
  type Categories,
  type Category,
  type FeedPage,
  type Item,
  type ListItem,
  type Report,
  type ReportEntry,
  type Site,
  type SourcesPage,
} from '../feed/schema.ts';
import { sep } from 'node:path';
import { toRfc3339 } from '../lib/time-zone.ts';
import { normalizeText, splitFrontMatter } from './front-matter.ts';
import { resolvePost, type PostMeta } from './post.ts';
import { isPostFile, listFiles, postsRoot, readText, type InputFile } from './read.ts';
import { renderBody, type RenderedBody } from './render.ts';
import type { SiteConfig } from './site-config.ts';
import { liftMarkdownTrailer, siteTarget, type MarkdownTrailer } from './trailer.ts';

export interface BuildOptions {
  postsDirs: string[];
  site: SiteConfig;
  /** Category page titles (slug → display name), from `--categories`. */
  categoryTitles?: Map<string, string>;
  pageSize?: number;
  /** Where the output folder will be served, for `feed_url` (defaults to `<site URL>/feed`). */
  feedUrl?: string | null;
  onProgress?: (done: number, total: number) => void;
}

export interface BuildStats {
  files: number;
  imported: number;
  skipped: number;
  warnings: number;
  categories: number;
}

export interface BuildResult {
  /** Output files: path relative to the output folder → content. */
  files: Map<string, string>;
  report: Report;
  stats: BuildStats;
}

export const DEFAULT_PAGE_SIZE = 50;
export const SOURCES_PAGE_SIZE = 20;
export const SOURCE_PREVIEW = 5;

interface ParsedPost {
  input: InputFile;
  entry: ReportEntry;
  meta: PostMeta;
  trailer: MarkdownTrailer;
  body: RenderedBody;
}

function parseOne(input: InputFile, site: SiteConfig, file: string): { post: ParsedPost | null; entry: ReportEntry } {
  const entry: ReportEntry = { file, status: 'skipped', id: null, reason: null, warnings: [] };
  if (input.problem) {
    entry.reason = input.problem;
    return { post: null, entry };
  }
  if (!isPostFile(input.rel)) {
    entry.reason = 'not a post file: only .md, .markdown, .html and .htm files are read';
    return { post: null, entry };
  }
  const decoded = readText(input.path);
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

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Give every post a unique in-app path and id. Every post whose permalink is free keeps it, whatever
 * the order (clean posts first, then those the builder recovered); later posts with a permalink already taken get `-2`, `-3`… before `.html`. A permalink
 * that is no `/<categories>/<yyyy>/<mm>/<dd>/<slug>` path (a custom `permalink:`) is escaped whole
 * for its id: stable from build to build, and never equal to an article id (which has `_` in it).
 */
function assignPaths(posts: ParsedPost[]): Map<ParsedPost, { path: string; id: string }> {
  const idOf = itemIdForPath;
  const taken = new Map<string, ParsedPost>();
  const ids = new Set<string>();
  const out = new Map<ParsedPost, { path: string; id: string }>();
  const claim = (post: ParsedPost, path: string, id: string): void => {
    taken.set(path, post);
    ids.add(id);
    out.set(post, { path, id });
  };
  // Posts Jekyll reads as they are claim their permalinks before posts we had to recover.
  const ordered = [...posts].sort((a, b) => Number(a.entry.warnings.length > 0) - Number(b.entry.warnings.length > 0));
  for (const post of ordered) {
    const path = post.meta.urlPath;
    const id = idOf(path);
    if (!taken.has(path) && !ids.has(id)) claim(post, path, id);
  }
  for (const post of ordered) {
    if (out.has(post)) continue;
    const base = post.meta.urlPath;
    let path = base;
    let id = idOf(path);
    for (let n = 2; taken.has(path) || ids.has(id); n++) {
      path = base.replace(/(\.html?)?$/, `-${n}$1`);
      id = idOf(path);
    }
    const first = taken.get(base);
    post.entry.warnings.push(`same permalink ${base} as ${first ? first.entry.file : 'another post'}; both kept, this one is at ${path}`);
    claim(post, path, id);
  }
  return out;
}

/** Display names: a category page's title, unless it is just the slug capitalized; else the most common tag. */
function categoryNames(posts: ParsedPost[], titles: Map<string, string>): Map<string, string> {
  const tagCounts = new Map<string, Map<string, number>>();
  for (const { meta } of posts) {
    const { categories, tags } = meta;
    categories.forEach((cat, i) => {
      const tag = categories.length === tags.length ? tags[i] : categories.length === 1 ? tags.join(' ') : tags.length === 1 ? tags[0] : undefined;
      if (!tag) return;
      const counts = tagCounts.get(cat) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      tagCounts.set(cat, counts);
    });
  }
  const names = new Map<string, string>();
  const all = new Set([...posts.flatMap((p) => p.meta.categories)]);
  for (const cat of all) {
    const title = titles.get(cat);
    const counts = [...(tagCounts.get(cat) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
    const topTag = counts[0]?.[0];
    const titleIsSlug = title !== undefined && title.toLowerCase() === cat.toLowerCase();
    names.set(cat, (title && !(titleIsSlug && topTag) ? title : topTag) ?? title ?? cat);
  }
  return names;
}

export function buildFeed(options: BuildOptions): BuildResult {
  const { site } = options;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const inputs = options.postsDirs.flatMap((dir, i) => listFiles(postsRoot(dir), i, dir));
  // With several --posts folders the same relative name can occur twice: name the folder too.
  const fileName = (input: InputFile): string =>
    options.postsDirs.length > 1 ? `${(options.postsDirs[input.dir] ?? '').split(sep).join('/').replace(/\/+$/, '')}/${input.rel}` : input.rel;
  const entries: ReportEntry[] = [];
  const parsed: ParsedPost[] = [];
  inputs.forEach((input, i) => {
    // One post that trips the pipeline is skipped, with the reason; it never stops the build.
    let one: ReturnType<typeof parseOne>;
    try {
      one = parseOne(input, site, fileName(input));
    } catch (error) {
      const reason = `could not be read as a post (${(error as Error).message})`;
      one = { post: null, entry: { file: fileName(input), status: 'skipped', id: null, reason, warnings: [] } };
    }
    const { post, entry } = one;
    entries.push(entry);
    if (post) parsed.push(post);
    options.onProgress?.(i + 1, inputs.length);
  });

  const paths = assignPaths(parsed);
  const names = categoryNames(parsed, options.categoryTitles ?? new Map());
  const lowerSlugs = new Map<string, string>();
  for (const slug of [...names.keys()].sort(byText)) if (!lowerSlugs.has(slug.toLowerCase())) lowerSlugs.set(slug.toLowerCase(), slug);

  const backlinksOf = (post: ParsedPost): Backlink[] =>
    post.trailer.backlinks.map(({ label, href }) => {
      const target = siteTarget(href, site.hosts);
      let route: string | null = null;
      if (target?.kind === 'home') route = homeRoute;
      else if (target?.kind === 'category') route = categoryRoute(names.has(target.slug) ? target.slug : (lowerSlugs.get(target.slug.toLowerCase()) ?? target.slug));
      else if (target?.kind === 'article') route = target.path;
      return { label, href, route };
    });

  const items: Item[] = parsed.map((post) => {
    const { meta, body, trailer } = post;
    const { path, id } = paths.get(post) ?? { path: meta.urlPath, id: '' };
    post.entry.id = id;
    const category = meta.categories[0] ?? null;
    const item: Item = {
      id,
      url: site.siteUrl ? `${site.siteUrl}${meta.urlPath}` : meta.urlPath,
      title: meta.title,
      date_published: toRfc3339(meta.date.publishedMs, site.timeZone),
      summary: body.summary,
      tags: meta.tags,
      _finews: {
        categories: meta.categories,
        source: {
          name: body.sourceName ?? (category !== null ? (names.get(category) ?? category) : ''),
          attributed: body.sourceName !== null,
          category,
        },
        backlinks: backlinksOf(post),
        path,
      },
      content_html: body.html,
    };
    if (trailer.externalUrl) item.external_url = trailer.externalUrl;
    if (body.image) item.image = body.image;
    return item;
  });
  const published = new Map(items.map((item, i) => [item, parsed[i]?.meta.date.publishedMs ?? 0]));
  items.sort((a, b) => (published.get(b) ?? 0) - (published.get(a) ?? 0) || byText(a.id, b.id));

  const files = new Map<string, string>();
  const json = (value: unknown): string => `${JSON.stringify(value)}\n`;
  const feedUrlBase = options.feedUrl ?? (site.siteUrl ? `${site.siteUrl}/feed` : null);
  const listItem = ({ content_html: _omit, ...rest }: Item): ListItem => rest;

  const writeList = (dir: string, list: Item[], title: string, home: string): void => {
    const layout = pageLayout(list.length, pageSize);
    for (let page = layout.pages; page >= 1; page--) {
      const file = feedPageFile(dir, layout.file(page));
      const [start, end] = layout.range(page);
      const newest = page === layout.pages;
      const feed: FeedPage = {
        version: JSON_FEED_VERSION,
        title,
        ...(site.siteUrl ? { home_page_url: `${site.siteUrl}${home}` } : {}),
        ...(feedUrlBase ? { feed_url: `${feedUrlBase}/${file}` } : {}),
        language: 'zh-CN',
        ...(page > 1 ? { next_url: layout.file(page - 1) } : {}),
        items: list.slice(start, end).map(listItem),
        _finews: { page, page_size: pageSize, ...(newest ? { pages: layout.pages, total: list.length } : {}) },
      };
      files.set(file, json(feed));
    }
  };

  writeList(riverDir, items, site.title, homeRoute);
  const byCategory = new Map<string, Item[]>();
  for (const item of items) {
    for (const cat of item._finews.categories) {
      const list = byCategory.get(cat) ?? [];
      list.push(item);
      byCategory.set(cat, list);
    }
  }
  const categories: Category[] = [];
  for (const [slug, list] of byCategory) {
    const name = names.get(slug) ?? slug;
    writeList(categoryDir(slug), list, `${name} · ${site.title}`, categoryRoute(slug));
    categories.push({ slug, key: categoryKey(slug), name, count: list.length, latest: list[0]?.date_published ?? '' });
  }
  categories.sort((a, b) => b.count - a.count || byText(a.slug, b.slug));
  const index: Categories = { categories };
  files.set(categoriesFile, json(index));

  const recent = [...categories].sort((a, b) => byText(b.latest, a.latest) || byText(a.slug, b.slug));
  const sourcePages = Math.max(1, Math.ceil(recent.length / SOURCES_PAGE_SIZE));
  for (let page = 1; page <= sourcePages; page++) {
    const sources: SourcesPage = {
      sources: recent.slice((page - 1) * SOURCES_PAGE_SIZE, page * SOURCES_PAGE_SIZE).map((cat) => ({
        ...cat,
        items: (byCategory.get(cat.slug) ?? []).slice(0, SOURCE_PREVIEW).map(({ id, title, date_published, _finews }) => ({ id, title, date_published, _finews })),
      })),
      next: page < sourcePages ? sourcesPageFile(page + 1) : null,
      _finews: { page, page_size: SOURCES_PAGE_SIZE, pages: sourcePages, total: recent.length },
    };
    files.set(sourcesPageFile(page), json(sources));
  }

  // Previous/next within the item's own source (its first category).
  const neighbor = (other: Item | undefined) => (other ? { title: other.title, path: other._finews.path, date_published: other.date_published } : null);
  const own = new Map<Item, Item>();
  for (const [cat, list] of byCategory) {
    list.forEach((item, i) => {
      if (item._finews.source.category === cat) own.set(item, { ...item, _finews: { ...item._finews, newer: neighbor(list[i - 1]), older: neighbor(list[i + 1]) } });
    });
  }
  for (const item of items) files.set(itemFile(item.id), json(own.get(item) ?? item));
  const siteJson: Site = {
    title: site.title,
    description: site.description,
    url: site.siteUrl,
    hosts: site.hosts,
    time_zone: site.timeZone,
    language: 'zh-CN',
  };
  files.set(siteFile, json(siteJson));
  const report: Report = { posts: entries };
  files.set(reportFile, json(report));

  return {
    files,
    report,
    stats: {
      files: entries.length,
      imported: parsed.length,
      skipped: entries.length - parsed.length,
      warnings: entries.reduce((n, e) => n + e.warnings.length, 0),
      categories: categories.length,
    },
  };
}
