/**
 * The feed builder's pipeline: read → parse → render → lift trailer → resolve identity → assemble.
 * Each post becomes a small record (what the later stages need: identity, date, categories, report
 * entry) and an item (its body, for the item file). `buildInto` hands every output file to a sink as
 * soon as it is produced; given the state of an earlier build it re-reads only changed posts and
 * produces only the files that can have changed (see incremental.ts). `buildFeed` collects the files
 * in a map.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
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
  type Neighbor,
  type Report,
  type ReportEntry,
  type Site,
  type SourcesPage,
} from '../feed/schema.ts';
import { sep } from 'node:path';
import { offsetTable, toRfc3339 } from '../lib/time-zone.ts';
import { planIncremental, type Plan } from './incremental.ts';
import { isPostFile, listFiles, postsRoot, type InputFile } from './read.ts';
import { postReader } from './read-pool.ts';
import { readPost } from './read-post.ts';
import type { SiteConfig } from './site-config.ts';
import { siteTarget } from './trailer.ts';

export interface BuildOptions {
  postsDirs: string[];
  site: SiteConfig;
  /** Category page titles (slug → display name), from `--categories`. */
  categoryTitles?: Map<string, string>;
  pageSize?: number;
  /** Where the output folder will be served, for `feed_url` (defaults to `<site URL>/feed`). */
  feedUrl?: string | null;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to read posts on when there are many (see read-pool.ts); 0 or none: the main thread. */
  threads?: number;
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
/** Sources linked from every page's header. */
export const TOP_SOURCES = 6;
/** Years after the newest post that site.json's zone offsets cover (the app asks Intl beyond). */
const ZONE_YEARS_AHEAD = 30;
const ZONE_YEARS_BEFORE = 10;

/** What the later stages need of one input file; kept between builds (see incremental.ts). */
export interface PostRecord {
  /** The file's name in the report. */
  file: string;
  /** `size:mtimeMs:ctimeMs` of the file when it was read; null when it was not read as a post. */
  sig: string | null;
  imported: boolean;
  reason: string | null;
  /** Warnings from reading and parsing (those about shared permalinks are added per build). */
  warnings: string[];
  urlPath: string;
  publishedMs: number;
  categories: string[];
  tags: string[];
  /** The body names its source: the item's source name is its own, not its category's. */
  attributed: boolean;
  /** A back-link points at a category page: its route depends on which categories exist. */
  categoryLinks: boolean;
  /** Assigned per build. */
  id: string;
  path: string;
  /** Hash of the item file as last written. */
  itemHash: string;
  /** Its place among the build's inputs (set when read or loaded; not kept in the cache). */
  index: number;
}

export type SourcePreview = SourcesPage['sources'][number]['items'][number];

/** Everything a later build needs from this one (besides the files it wrote). */
export interface FeedState {
  /** Options the output depends on (see stateKey); a state with another key is of no use. */
  key: string;
  /** Every input file, in input order. */
  posts: PostRecord[];
  /** Indices into `posts` of the imported ones, newest first (the river). */
  river: number[];
  /** Category display names (slug → name). */
  names: Map<string, string>;
  /** Hash of every output file but the items (whose hashes are in the records). */
  outputs: Map<string, string>;
  /** Source previews (record file → preview), for the items shown on the sources pages. */
  previews: Map<string, SourcePreview>;
}

/** Where output goes. */
export interface FeedSink {
  write(file: string, content: string): void;
  remove(file: string): void;
}

export interface Previous {
  state: FeedState;
  /** The text of an output file as it is now (null when it cannot be read). */
  readOutput(file: string): string | null;
}

export interface BuildRun {
  report: Report;
  stats: BuildStats;
  state: FeedState;
  /** Files handed to the sink to write, and to remove. */
  written: string[];
  removed: string[];
  /** Posts read and parsed this build (all of them without a previous state). */
  parsed: number;
}

export const hashText = (text: string): string => createHash('sha1').update(text).digest('base64url').slice(0, 22);

/** The options an output depends on, as one string: a previous state is only of use under the same key. */
export function stateKey(options: BuildOptions): string {
  return JSON.stringify({
    site: options.site,
    titles: [...(options.categoryTitles ?? new Map<string, string>())].sort(([a], [b]) => byText(a, b)),
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    feedUrl: options.feedUrl ?? null,
    postsDirs: options.postsDirs,
  });
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Give every post a unique in-app path and id. Every post whose permalink is free keeps it, whatever
 * the order (clean posts first, then those the builder recovered); later posts with a permalink already taken get `-2`, `-3`… before `.html`. A permalink
 * that is no `/<categories>/<yyyy>/<mm>/<dd>/<slug>` path (a custom `permalink:`) is escaped whole
 * for its id: stable from build to build, and never equal to an article id (which has `_` in it).
 * Sets each record's `id` and `path`; returns the warnings for posts that had to move.
 */
function assignPaths(posts: PostRecord[]): Map<PostRecord, string> {
  const taken = new Map<string, PostRecord>();
  const ids = new Set<string>();
  const done = new Set<PostRecord>();
  const warnings = new Map<PostRecord, string>();
  const claim = (post: PostRecord, path: string, id: string): void => {
    taken.set(path, post);
    ids.add(id);
    post.path = path;
    post.id = id;
    done.add(post);
  };
  // Posts Jekyll reads as they are claim their permalinks before posts we had to recover.
  const ordered = [...posts.filter((p) => p.warnings.length === 0), ...posts.filter((p) => p.warnings.length > 0)];
  for (const post of ordered) {
    const path = post.urlPath;
    // A post kept from the previous build at its own permalink has that permalink's id already.
    const id = post.id !== '' && post.path === path ? post.id : itemIdForPath(path);
    if (!taken.has(path) && !ids.has(id)) claim(post, path, id);
  }
  for (const post of ordered) {
    if (done.has(post)) continue;
    const base = post.urlPath;
    let path = base;
    let id = itemIdForPath(path);
    for (let n = 2; taken.has(path) || ids.has(id); n++) {
      path = base.replace(/(\.html?)?$/, `-${n}$1`);
      id = itemIdForPath(path);
    }
    const first = taken.get(base);
    warnings.set(post, `same permalink ${base} as ${first ? first.file : 'another post'}; both kept, this one is at ${path}`);
    claim(post, path, id);
  }
  return warnings;
}

/** Display names: a category page's title, unless it is just the slug capitalized; else the most common tag. */
/**
 * site.json's zone offsets: from the year of the oldest post (at most ZONE_YEARS_BEFORE years before
 * the newest: older dates are rare on screen, and the app asks Intl for them) to
 * ZONE_YEARS_AHEAD years after the newest, so that "now" stays covered long after the build.
 */
function zoneOffsets(timeZone: string, posts: PostRecord[]): Site['zone_offsets'] {
  let oldest = Infinity;
  let newest = -Infinity;
  for (const post of posts) {
    if (!post.imported) continue;
    oldest = Math.min(oldest, post.publishedMs);
    newest = Math.max(newest, post.publishedMs);
  }
  if (newest < oldest) return { changes: [], until: 0 };
  const yearStart = (ms: number, years = 0): number => Date.UTC(new Date(ms).getUTCFullYear() + years, 0, 1) - 24 * 3600_000;
  return offsetTable(timeZone, Math.max(yearStart(oldest), yearStart(newest, -ZONE_YEARS_BEFORE)), yearStart(newest, ZONE_YEARS_AHEAD + 1));
}

function categoryNames(posts: PostRecord[], titles: Map<string, string>): Map<string, string> {
  const tagCounts = new Map<string, Map<string, number>>();
  const all = new Set<string>();
  for (const { categories, tags } of posts) {
    categories.forEach((cat, i) => {
      all.add(cat);
      const tag = categories.length === tags.length ? tags[i] : categories.length === 1 ? tags.join(' ') : tags.length === 1 ? tags[0] : undefined;
      if (!tag) return;
      const counts = tagCounts.get(cat) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      tagCounts.set(cat, counts);
    });
  }
  const names = new Map<string, string>();
  for (const cat of all) {
    const title = titles.get(cat);
    const counts = [...(tagCounts.get(cat) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
    const topTag = counts[0]?.[0];
    const titleIsSlug = title !== undefined && title.toLowerCase() === cat.toLowerCase();
    names.set(cat, (title && !(titleIsSlug && topTag) ? title : topTag) ?? title ?? cat);
  }
  return names;
}

/** What tells a changed file: size, modification and change times (null: not a regular file). */
function signature(path: string): string | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}` : null;
  } catch {
    return null;
  }
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

/**
 * Build the feed, handing each output file to `sink`. With `previous` (the state of an earlier build
 * whose files are all in place, under the same stateKey), unchanged posts are not read again and only
 * files that can have changed are produced: each is handed to the sink only when its bytes differ
 * from the file in place, and files no longer produced are removed.
 */
export function buildInto(options: BuildOptions, sink: FeedSink, previous: Previous | null = null): BuildRun {
  const { site } = options;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const inputs = options.postsDirs.flatMap((dir, i) => listFiles(postsRoot(dir), i, dir));
  // With several --posts folders the same relative name can occur twice: name the folder too.
  const fileName = (input: InputFile): string =>
    options.postsDirs.length > 1 ? `${(options.postsDirs[input.dir] ?? '').split(sep).join('/').replace(/\/+$/, '')}/${input.rel}` : input.rel;
  const before = new Map<string, PostRecord>();
  for (const record of previous?.state.posts ?? []) before.set(record.file, record);

  // 1. Read: posts that changed (all of them without a previous state), on worker threads when there
  // are many; keep the others' records.
  const records: PostRecord[] = new Array<PostRecord>(inputs.length);
  const items = new Map<PostRecord, Item>();
  const inputOf = new Map<PostRecord, InputFile>();
  const oldAt: (PostRecord | undefined)[] = [];
  /** The previous build's record of the same file. */
  const oldOf = (record: PostRecord): PostRecord | undefined => oldAt[record.index];
  let placed = 0;
  const place = (at: number, record: PostRecord): void => {
    records[at] = record;
    options.onProgress?.(++placed, inputs.length);
  };
  const reader = postReader(site, options.threads ?? 0, (at, read) => {
    if (read.item) items.set(read.record, read.item);
    place(at, read.record);
  });
  inputs.forEach((input, i) => {
    const file = fileName(input);
    const sig = input.problem || !isPostFile(input.rel) ? null : signature(input.path);
    const old = before.get(file);
    if (old && sig !== null && old.sig === sig) place(i, { ...old });
    else reader.read({ at: i, input, file, sig });
  });
  reader.finish();
  records.forEach((record, i) => {
    record.index = i;
    const old = before.get(record.file);
    if (old) oldAt[i] = old;
    // Only a rebuild may need to read an unchanged post again (see loadItem).
    if (previous) inputOf.set(record, inputs[i] as InputFile);
  });
  const parsedCount = items.size;

  // 2. Identity, names, order.
  const imported = records.filter((r) => r.imported);
  const moved = assignPaths(imported);
  const names = categoryNames(imported, options.categoryTitles ?? new Map());
  const lowerSlugs = new Map<string, string>();
  for (const slug of [...names.keys()].sort(byText)) if (!lowerSlugs.has(slug.toLowerCase())) lowerSlugs.set(slug.toLowerCase(), slug);
  const newestFirst = (a: PostRecord, b: PostRecord): number => b.publishedMs - a.publishedMs || byText(a.id, b.id);
  // Start from the previous order (nearly sorted: the sort then takes about one pass).
  const river: PostRecord[] = [];
  if (previous) {
    const newOfOld: (PostRecord | undefined)[] = new Array<PostRecord | undefined>(previous.state.posts.length);
    for (const record of imported) {
      const old = oldOf(record);
      if (old) newOfOld[old.index] = record;
    }
    const placed = new Uint8Array(records.length);
    for (const index of previous.state.river) {
      const record = newOfOld[index];
      if (record) {
        river.push(record);
        placed[record.index] = 1;
      }
    }
    for (const record of imported) if (!placed[record.index]) river.push(record);
  } else for (const record of imported) river.push(record);
  river.sort(newestFirst);
  const byCategory = new Map<string, PostRecord[]>();
  /** Each post's place in its own source's list (its first category). */
  const position = new Int32Array(records.length).fill(-1);
  for (const record of river) {
    for (const cat of record.categories) {
      const list = byCategory.get(cat) ?? [];
      if (cat === record.categories[0]) position[record.index] = list.length;
      list.push(record);
      byCategory.set(cat, list);
    }
  }

  // 3. What can have changed since the previous build (everything without one).
  const plan: Plan | null = previous ? planIncremental({ state: previous.state, oldOf, parsed: items, names, byCategory, position }) : null;
  const written: string[] = [];
  const removed: string[] = [];
  const outputs = new Map<string, string>();
  const emit = (file: string, content: string): string => {
    const hash = hashText(content);
    outputs.set(file, hash);
    if (previous?.state.outputs.get(file) !== hash) {
      sink.write(file, content);
      written.push(file);
    }
    return hash;
  };
  const keep = (file: string): void => {
    const hash = previous?.state.outputs.get(file);
    if (hash === undefined) throw new Error(`internal: no previous ${file} to keep`);
    outputs.set(file, hash);
  };

  const backlinksOf = (backlinks: Backlink[]): Backlink[] =>
    backlinks.map(({ label, href }) => {
      const target = siteTarget(href, site.hosts);
      let route: string | null = null;
      if (target?.kind === 'home') route = homeRoute;
      else if (target?.kind === 'category') route = categoryRoute(names.has(target.slug) ? target.slug : (lowerSlugs.get(target.slug.toLowerCase()) ?? target.slug));
      else if (target?.kind === 'article') route = target.path;
      return { label, href, route };
    });
  /** The item as this build writes it, from a parsed item or the one in the item file (without neighbors). */
  const finish = (record: PostRecord, base: Item): Item => {
    const { source, categories } = base._finews;
    const category = source.category;
    const item: Item = {
      id: record.id,
      url: base.url,
      title: base.title,
      date_published: base.date_published,
      summary: base.summary,
      tags: base.tags,
      _finews: {
        categories,
        source: { name: source.attributed ? source.name : category !== null ? (names.get(category) ?? category) : '', attributed: source.attributed, category },
        backlinks: backlinksOf(base._finews.backlinks),
        path: record.path,
        ...(category !== null ? { category_name: names.get(category) ?? category } : {}),
      },
      content_html: base.content_html,
    };
    if (base.external_url !== undefined) item.external_url = base.external_url;
    if (base.image !== undefined) item.image = base.image;
    return item;
  };
  /** An unchanged post's item: from its item file when that is as last written, else read again. */
  const loadItem = (record: PostRecord): Item => {
    const parsed = items.get(record);
    if (parsed) return parsed;
    const old = oldOf(record);
    const text = old && previous ? previous.readOutput(itemFile(old.id)) : null;
    if (text !== null && old && hashText(text) === old.itemHash) {
      const item = JSON.parse(text) as Item;
      delete item._finews.newer;
      delete item._finews.older;
      return item;
    }
    const input = inputOf.get(record);
    const again = input ? readPost(input, site, record.file, record.sig) : null;
    if (!again?.item) throw new Error(`${record.file}: its item file is not as last written and the post can no longer be read; run a full build`);
    return again.item;
  };
  const finished = new Map<PostRecord, Item>();
  const itemOf = (record: PostRecord): Item => {
    let item = finished.get(record);
    if (!item) {
      item = finish(record, loadItem(record));
      finished.set(record, item);
    }
    return item;
  };
  const listItems = new Map<PostRecord, ListItem>();
  const listItemOf = (record: PostRecord): ListItem => {
    let listItem = listItems.get(record);
    if (!listItem) {
      // Lists carry neither the body nor the category's name (a renamed source rewrites its items, not every list).
      const { content_html: _body, _finews: { category_name: _name, ...ext }, ...rest } = itemOf(record);
      listItem = { ...rest, _finews: ext };
      listItems.set(record, listItem);
    }
    return listItem;
  };

  // 4. Item files, with previous/next within the item's own source (its first category).
  const neighbor = (other: PostRecord | undefined): Neighbor => {
    if (!other) return null;
    const { title, _finews, date_published } = listItemOf(other);
    return { title, path: _finews.path, date_published };
  };
  for (const record of river) {
    const old = oldOf(record);
    if (plan && old && !plan.itemDirty(record)) continue;
    const file = itemFile(record.id);
    const item = itemOf(record);
    let text: string;
    const own = item._finews.source.category;
    const at = position[record.index] ?? -1;
    if (own !== null && at !== -1) {
      const list = byCategory.get(own) ?? [];
      text = json({ ...item, _finews: { ...item._finews, newer: neighbor(list[at - 1]), older: neighbor(list[at + 1]) } });
    } else text = json(item);
    const hash = hashText(text);
    if (!old || old.id !== record.id || old.itemHash !== hash) {
      sink.write(file, text);
      written.push(file);
    }
    record.itemHash = hash;
    // The body is no longer needed: keep only what list pages show.
    listItemOf(record);
    finished.delete(record);
    items.delete(record);
  }

  // 5. List pages: the river and each category.
  const feedUrlBase = options.feedUrl ?? (site.siteUrl ? `${site.siteUrl}/feed` : null);
  const writeList = (dir: string, key: string | null, list: PostRecord[], title: string, home: string): void => {
    const layout = pageLayout(list.length, pageSize);
    for (let page = layout.pages; page >= 1; page--) {
      const file = feedPageFile(dir, layout.file(page));
      const [start, end] = layout.range(page);
      if (plan?.pageClean(key, list, page, layout.pages, pageSize)) {
        keep(file);
        continue;
      }
      const newest = page === layout.pages;
      const feed: FeedPage = {
        version: JSON_FEED_VERSION,
        title,
        ...(site.siteUrl ? { home_page_url: `${site.siteUrl}${home}` } : {}),
        ...(feedUrlBase ? { feed_url: `${feedUrlBase}/${file}` } : {}),
        language: 'zh-CN',
        ...(page > 1 ? { next_url: layout.file(page - 1) } : {}),
        items: list.slice(start, end).map(listItemOf),
        _finews: { page, page_size: pageSize, ...(newest ? { pages: layout.pages, total: list.length } : {}) },
      };
      emit(file, json(feed));
    }
  };
  writeList(riverDir, null, river, site.title, homeRoute);
  const categories: Category[] = [];
  const latestOf = (list: PostRecord[]): string => (list[0] ? toRfc3339(list[0].publishedMs, site.timeZone) : '');
  for (const [slug, list] of byCategory) {
    const name = names.get(slug) ?? slug;
    writeList(categoryDir(slug), slug, list, `${name} · ${site.title}`, categoryRoute(slug));
    categories.push({ slug, key: categoryKey(slug), name, count: list.length, latest: latestOf(list) });
  }
  categories.sort((a, b) => b.count - a.count || byText(a.slug, b.slug));
  const index: Categories = { categories };
  emit(categoriesFile, json(index));

  // 6. Sources pages: every source, most recent first, each with its newest items.
  const previews = new Map<string, SourcePreview>();
  const previewOf = (record: PostRecord): SourcePreview => {
    const kept = plan && !plan.listDirty(record) ? previous?.state.previews.get(record.file) : undefined;
    if (kept) return kept;
    const { id, title, date_published, _finews } = listItemOf(record);
    return { id, title, date_published, _finews };
  };
  const recent = [...categories].sort((a, b) => byText(b.latest, a.latest) || byText(a.slug, b.slug));
  const sourcePages = Math.max(1, Math.ceil(recent.length / SOURCES_PAGE_SIZE));
  for (let page = 1; page <= sourcePages; page++) {
    const sources: SourcesPage = {
      sources: recent.slice((page - 1) * SOURCES_PAGE_SIZE, page * SOURCES_PAGE_SIZE).map((cat) => ({
        ...cat,
        items: (byCategory.get(cat.slug) ?? []).slice(0, SOURCE_PREVIEW).map((record) => {
          const preview = previewOf(record);
          previews.set(record.file, preview);
          return preview;
        }),
      })),
      next: page < sourcePages ? sourcesPageFile(page + 1) : null,
      _finews: { page, page_size: SOURCES_PAGE_SIZE, pages: sourcePages, total: recent.length },
    };
    emit(sourcesPageFile(page), json(sources));
  }

  // The bodies and list entries are no longer needed: let them go before the report is made.
  items.clear();
  finished.clear();
  listItems.clear();

  const siteJson: Site = {
    title: site.title,
    description: site.description,
    url: site.siteUrl,
    hosts: site.hosts,
    time_zone: site.timeZone,
    zone_offsets: zoneOffsets(site.timeZone, records),
    language: 'zh-CN',
    top_sources: categories.slice(0, TOP_SOURCES).map(({ slug, name }) => ({ slug, name })),
  };
  emit(siteFile, json(siteJson));
  const entries: ReportEntry[] = records.map((r) => {
    const extra = moved.get(r);
    return { file: r.file, status: r.imported ? 'imported' : 'skipped', id: r.imported ? r.id : null, reason: r.reason, warnings: extra ? [...r.warnings, extra] : r.warnings };
  });
  const report: Report = { posts: entries };
  emit(reportFile, json(report));

  // 7. What the previous build wrote and this one does not.
  if (previous) {
    for (const file of previous.state.outputs.keys()) {
      if (!outputs.has(file)) {
        sink.remove(file);
        removed.push(file);
      }
    }
    // Item files of posts gone, or moved to another id, unless another post has that id now.
    const kept = new Uint8Array(previous.state.posts.length);
    for (const record of imported) {
      const old = oldOf(record);
      if (old && record.id === old.id) kept[old.index] = 1;
    }
    const gone = previous.state.posts.filter((old) => old.imported && !kept[old.index]);
    if (gone.length > 0) {
      const ids = new Set(imported.map((r) => r.id));
      for (const old of gone) {
        if (ids.has(old.id)) continue;
        const file = itemFile(old.id);
        sink.remove(file);
        removed.push(file);
      }
    }
  }

  const state: FeedState = {
    key: stateKey(options),
    posts: records,
    river: river.map((r) => r.index),
    names,
    outputs,
    previews,
  };
  return {
    report,
    stats: {
      files: entries.length,
      imported: imported.length,
      skipped: entries.length - imported.length,
      warnings: entries.reduce((n, e) => n + e.warnings.length, 0),
      categories: categories.length,
    },
    state,
    written,
    removed,
    parsed: parsedCount,
  };
}

/** Build the whole feed in memory: every output file as text (path → JSON). */
export function buildFeed(options: BuildOptions): BuildResult {
  const files = new Map<string, string>();
  const run = buildInto(options, { write: (file, content) => files.set(file, content), remove: (file) => files.delete(file) });
  return { files, report: run.report, stats: run.stats };
}
