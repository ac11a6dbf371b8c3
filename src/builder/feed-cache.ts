/**
 * The build cache: the state of the last build (see FeedState), kept in `<out>/.finews-cache/state.bin`
 * so that it always travels with the files it describes. Line 1 is a small JSON header (format,
 * builder version, the options the output depends on), so a cache for other options is turned down
 * without reading the rest; after it comes the state, by column (see Body), in V8's serialization
 * format (node:v8), which reads and writes typed arrays and long lists of strings much faster than JSON.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FeedState, PostRecord, SourcePreview } from './build.ts';

export const CACHE_DIR = '.finews-cache';
export const CACHE_FILE = `${CACHE_DIR}/state.bin`;
const FORMAT = 'finews-feed-cache/3';

let version: string | null = null;

/** The sources' folder (`src/`): compiled into the builder when it runs as one file (see scripts/compiled.mjs). */
declare const FINEWS_SRC: string | undefined;

/**
 * The builder's version: a digest of its own source (the builder, the feed layout and the time
 * functions it uses), of the installed dependencies (package-lock.json: markdown-it, htmlparser2 and
 * yaml shape the output) and of Node's version and time-zone data, so that a cache written by other
 * code is never trusted.
 */
export function builderVersion(): string {
  if (version !== null) return version;
  const hash = createHash('sha1');
  const src = typeof FINEWS_SRC === 'string' ? FINEWS_SRC : join(import.meta.dirname, '..');
  hash.update(`node ${process.version} icu ${process.versions.icu ?? ''} tz ${process.versions.tz ?? ''}\n`);
  try {
    hash.update(readFileSync(join(src, '..', 'package-lock.json')));
  } catch {
    // not in a checkout: the source digest alone
  }
  for (const dir of ['builder', 'feed', 'lib']) {
    let names: string[];
    try {
      names = readdirSync(join(src, dir)).filter((n) => n.endsWith('.ts')).sort();
    } catch {
      continue;
    }
    for (const name of names) hash.update(`${dir}/${name}\n`).update(readFileSync(join(src, dir, name)));
  }
  version = hash.digest('base64url');
  return version;
}

interface Header {
  format: string;
  version: string;
  key: string;
}

/**
 * The state by column, so that 200,000 posts load in a fraction of a second: text columns are lists
 * of strings, numbers typed arrays, categories and tags are indices into tables (one each for the
 * usual single value, sparse lists for the rest), and what few posts have (reasons, warnings, moved
 * paths) is sparse.
 */
interface Body {
  count: number;
  files: string[];
  sigs: string[];
  /** One per post: 1 imported, 2 attributed, 4 has category back-links. */
  flags: Uint8Array;
  urlPaths: string[];
  ids: string[];
  /** Item hashes, HASH_LENGTH characters each ('.' for none). */
  hashes: string;
  published: Float64Array;
  categoryTable: string[];
  /** Index of the post's one category, -1 for none, -2 for several (see categoryLists). */
  category: Int32Array;
  categoryLists: [number, number[]][];
  tagTable: string[];
  tag: Int32Array;
  tagLists: [number, number[]][];
  reasons: [number, string][];
  warnings: [number, string[]][];
  paths: [number, string][];
  river: Int32Array;
  names: [string, string][];
  outputs: [string, string][];
  previews: [string, SourcePreview][];
}

const HASH_LENGTH = 22;
const NO_HASH = '.'.repeat(HASH_LENGTH);

/** A value → index table that hands out one shared array per single value. */
function table(): { index(value: string): number; values: string[] } {
  const at = new Map<string, number>();
  const values: string[] = [];
  return {
    index(value) {
      let i = at.get(value);
      if (i === undefined) {
        i = values.length;
        values.push(value);
        at.set(value, i);
      }
      return i;
    },
    values,
  };
}

class CacheError extends Error {}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new CacheError(what);
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isPairList = (x: unknown): x is [unknown, unknown][] => Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2);

function encodeBody(state: FeedState): Body {
  const { posts } = state;
  const categories = table();
  const tags = table();
  const categoryLists: [number, number[]][] = [];
  const tagLists: [number, number[]][] = [];
  const reasons: [number, string][] = [];
  const warnings: [number, string[]][] = [];
  const paths: [number, string][] = [];
  const category = new Int32Array(posts.length);
  const tag = new Int32Array(posts.length);
  const flags = new Uint8Array(posts.length);
  posts.forEach((r, i) => {
    flags[i] = (r.imported ? 1 : 0) | (r.attributed ? 2 : 0) | (r.categoryLinks ? 4 : 0);
    if (r.reason !== null) reasons.push([i, r.reason]);
    if (r.warnings.length > 0) warnings.push([i, r.warnings]);
    if (r.path !== r.urlPath) paths.push([i, r.path]);
    const one = (values: string[], t: ReturnType<typeof table>, lists: [number, number[]][]): number => {
      if (values.length === 1) return t.index(values[0] as string);
      if (values.length === 0) return -1;
      lists.push([i, values.map((v) => t.index(v))]);
      return -2;
    };
    category[i] = one(r.categories, categories, categoryLists);
    tag[i] = one(r.tags, tags, tagLists);
  });
  return {
    count: posts.length,
    files: posts.map((r) => r.file),
    sigs: posts.map((r) => r.sig ?? ''),
    flags,
    urlPaths: posts.map((r) => r.urlPath),
    ids: posts.map((r) => r.id),
    hashes: posts.map((r) => (r.itemHash === '' ? NO_HASH : r.itemHash)).join(''),
    published: Float64Array.from(posts, (r) => r.publishedMs),
    categoryTable: categories.values,
    category,
    categoryLists,
    tagTable: tags.values,
    tag,
    tagLists,
    reasons,
    warnings,
    paths,
    river: Int32Array.from(state.river),
    names: [...state.names],
    outputs: [...state.outputs],
    previews: [...state.previews],
  };
}

function decodeBody(bytes: Uint8Array): Omit<FeedState, 'key'> {
  const body = deserialize(bytes) as Partial<Body> | null;
  check(body !== null && typeof body === 'object', 'the state is not an object');
  const { count, files, sigs, flags, urlPaths, ids, hashes, published, categoryTable, category, categoryLists, tagTable, tag, tagLists, reasons, warnings, paths, river, names, outputs, previews } = body;
  check(typeof count === 'number' && Number.isInteger(count) && count >= 0, 'no post count');
  check(
    isString(hashes) &&
      flags instanceof Uint8Array &&
      published instanceof Float64Array &&
      [category, tag, river].every((x) => x instanceof Int32Array) &&
      isStringList(categoryTable) &&
      isStringList(tagTable) &&
      [categoryLists, tagLists, reasons, warnings, paths, names, outputs, previews].every(isPairList),
    'the state lacks a part',
  );
  const column = (values: unknown, what: string): string[] => {
    check(isStringList(values) && values.length === count, `${what}: not ${count} strings`);
    return values;
  };
  const fileList = column(files, 'files');
  const sigList = column(sigs, 'signatures');
  const urlList = column(urlPaths, 'paths');
  const idList = column(ids, 'ids');
  check((flags as Uint8Array).length === count && (flags as Uint8Array).every((f) => f < 8), 'flags are not one per post');
  check((hashes as string).length === count * HASH_LENGTH, 'hashes have the wrong length');
  const sized = <T extends { length: number }>(values: T, what: string): T => {
    check(values.length === count, `${what} has the wrong length`);
    return values;
  };
  const publishedMs = sized(published as Float64Array, 'dates');
  const categoryOf = sized(category as Int32Array, 'categories');
  const tagOf = sized(tag as Int32Array, 'tags');
  const sparse = <T>(pairs: [unknown, unknown][], ok: (x: unknown) => x is T, what: string): Map<number, T> => {
    const map = new Map<number, T>();
    for (const [i, value] of pairs) {
      check(typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < count && ok(value), `${what} of a post is not valid`);
      map.set(i, value);
    }
    return map;
  };
  const indexList = (t: string[]) => (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => Number.isInteger(n) && n >= 0 && n < t.length);
  const catLists = sparse(categoryLists as [unknown, unknown][], indexList(categoryTable as string[]), 'the categories');
  const tagListsOf = sparse(tagLists as [unknown, unknown][], indexList(tagTable as string[]), 'the tags');
  const reasonOf = sparse(reasons as [unknown, unknown][], isString, 'the reason');
  const warningsOf = sparse(warnings as [unknown, unknown][], isStringList, 'the warnings');
  const pathOf = sparse(paths as [unknown, unknown][], isString, 'the path');
  // One shared array per single category or tag: records never change them.
  const singles = (t: string[]): string[][] => t.map((v) => [v]);
  const singleCategory = singles(categoryTable as string[]);
  const singleTag = singles(tagTable as string[]);
  const none: string[] = [];
  const values = (of: Int32Array, i: number, single: string[][], lists: Map<number, number[]>, t: string[], what: string): string[] => {
    const at = of[i] ?? -1;
    if (at === -1) return none;
    if (at === -2) {
      const list = lists.get(i);
      check(list !== undefined, `${what} of post ${i} are missing`);
      return list.map((n) => t[n] as string);
    }
    const one = single[at];
    check(one !== undefined, `${what} of post ${i} are out of range`);
    return one;
  };
  const records: PostRecord[] = new Array<PostRecord>(count);
  for (let i = 0; i < count; i++) {
    const flag = (flags as Uint8Array)[i] ?? 0;
    const imported = (flag & 1) !== 0;
    const hash = (hashes as string).slice(i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
    const urlPath = urlList[i] as string;
    const id = idList[i] as string;
    check(!imported || (id !== '' && urlPath !== '' && hash !== NO_HASH), `post ${i} is imported but has no id, path or hash`);
    records[i] = {
      file: fileList[i] as string,
      sig: sigList[i] || null,
      imported,
      reason: reasonOf.get(i) ?? null,
      warnings: warningsOf.get(i) ?? none,
      urlPath,
      publishedMs: publishedMs[i] ?? 0,
      categories: values(categoryOf, i, singleCategory, catLists, categoryTable as string[], 'the categories'),
      tags: values(tagOf, i, singleTag, tagListsOf, tagTable as string[], 'the tags'),
      attributed: (flag & 2) !== 0,
      categoryLinks: (flag & 4) !== 0,
      id,
      path: pathOf.get(i) ?? urlPath,
      itemHash: hash === NO_HASH ? '' : hash,
      index: i,
    };
  }
  check((river as Int32Array).length <= count, 'the river has the wrong length');
  const riverList = [...(river as Int32Array)];
  check(
    riverList.every((i) => records[i]?.imported === true),
    'the river names a post that is not there',
  );
  check((names as [unknown, unknown][]).every(([a, b]) => isString(a) && isString(b)) && (outputs as [unknown, unknown][]).every(([a, b]) => isString(a) && isString(b)), 'a name or a hash is not text');
  for (const [file, preview] of previews as [unknown, unknown][]) check(isString(file) && preview !== null && typeof preview === 'object', 'a source preview is not an object');
  return {
    posts: records,
    river: riverList,
    names: new Map(names as [string, string][]),
    outputs: new Map(outputs as [string, string][]),
    previews: new Map(previews as [string, SourcePreview][]),
  };
}

export type LoadedCache =
  | { state: FeedState; why: 'ok' }
  | { state: null; why: 'missing' | 'other-options' | 'other-version' }
  | { state: null; why: 'unusable'; problem: string };

/** Read the cache in `outDir` for a build under `key`. Never throws: an unusable cache says why. */
export function loadCache(outDir: string, key: string): LoadedCache {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(outDir, CACHE_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: null, why: 'missing' };
    return { state: null, why: 'unusable', problem: `cannot read it (${code ?? (error as Error).message})` };
  }
  try {
    const newline = bytes.indexOf(0x0a);
    check(newline > 0, 'no header line');
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<Header> | null;
    check(header !== null && typeof header === 'object' && header.format === FORMAT, 'not a cache of this format');
    if (header.version !== builderVersion()) return { state: null, why: 'other-version' };
    if (header.key !== key) return { state: null, why: 'other-options' };
    return { state: { key, ...decodeBody(bytes.subarray(newline + 1)) }, why: 'ok' };
  } catch (error) {
    return { state: null, why: 'unusable', problem: (error as Error).message.split('\n')[0] ?? 'unreadable' };
  }
}

/** The cache file's bytes for a state: the header line, then the body. */
export function* encodeCache(state: FeedState): Generator<Uint8Array> {
  const header: Header = { format: FORMAT, version: builderVersion(), key: state.key };
  yield Buffer.from(`${JSON.stringify(header)}\n`);
  yield serialize(encodeBody(state));
}

/** Write the cache of `outDir` atomically. */
export function saveCache(outDir: string, state: FeedState): void {
  const file = join(outDir, CACHE_FILE);
  mkdirSync(join(outDir, CACHE_DIR), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (const piece of encodeCache(state)) {
      for (let done = 0; done < piece.length; ) done += writeSync(fd, piece, done);
    }
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** Remove the cache of `outDir` (before an in-place build starts changing files). */
export function dropCache(outDir: string): void {
  rmSync(join(outDir, CACHE_FILE), { force: true });
}
