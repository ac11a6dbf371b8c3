/**
 * The build cache: the state of the last build (see FeedState), kept in `<out>/.finews-cache/state.json`
 * so that it always travels with the files it describes. Line 1 is a small header (format, builder
 * version, the options the output depends on), so a cache for other options is turned down without
 * reading the rest; line 2 the state, with each post as a compact array.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedState, PostRecord, SourcePreview } from './build.ts';

export const CACHE_DIR = '.finews-cache';
export const CACHE_FILE = `${CACHE_DIR}/state.json`;
const FORMAT = 'finews-feed-cache/1';

let version: string | null = null;

/**
 * The builder's version: a digest of its own source (the builder, the feed layout and the time
 * functions it uses), so that a cache written by other code is never trusted.
 */
export function builderVersion(): string {
  if (version !== null) return version;
  const hash = createHash('sha1');
  const src = join(import.meta.dirname, '..');
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

type EncodedPost =
  | [file: string, sig: string | null, imported: 0, reason: string | null, warnings: string[]]
  | [
      file: string,
      sig: string | null,
      imported: 1,
      reason: string | null,
      warnings: string[],
      urlPath: string,
      publishedMs: number,
      categories: string[],
      tags: string[],
      flags: number,
      id: string,
      path: string | null,
      itemHash: string,
    ];

interface Body {
  posts: EncodedPost[];
  river: number[];
  names: [string, string][];
  outputs: [string, string][];
  previews: [string, SourcePreview][];
}

function encodePost(r: PostRecord): EncodedPost {
  if (!r.imported) return [r.file, r.sig, 0, r.reason, r.warnings];
  const flags = (r.attributed ? 1 : 0) | (r.categoryLinks ? 2 : 0);
  return [r.file, r.sig, 1, r.reason, r.warnings, r.urlPath, r.publishedMs, r.categories, r.tags, flags, r.id, r.path === r.urlPath ? null : r.path, r.itemHash];
}

class CacheError extends Error {}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new CacheError(what);
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

function decodePost(x: unknown, i: number): PostRecord {
  check(Array.isArray(x) && (x.length === 5 || x.length === 13), `post ${i} is not a post record`);
  const [file, sig, imported, reason, warnings] = x as unknown[];
  check(isString(file) && (sig === null || isString(sig)) && (reason === null || isString(reason)) && isStringList(warnings), `post ${i} is not a post record`);
  const record: PostRecord = {
    file,
    sig,
    imported: false,
    reason,
    warnings,
    urlPath: '',
    publishedMs: 0,
    categories: [],
    tags: [],
    attributed: false,
    categoryLinks: false,
    id: '',
    path: '',
    itemHash: '',
  };
  if (imported === 0 && x.length === 5) return record;
  check(imported === 1 && x.length === 13, `post ${i} is not a post record`);
  const [, , , , , urlPath, publishedMs, categories, tags, flags, id, path, itemHash] = x as unknown[];
  check(
    isString(urlPath) &&
      typeof publishedMs === 'number' &&
      Number.isFinite(publishedMs) &&
      isStringList(categories) &&
      isStringList(tags) &&
      typeof flags === 'number' &&
      isString(id) &&
      id !== '' &&
      (path === null || isString(path)) &&
      isString(itemHash),
    `post ${i} (${file}) is not a post record`,
  );
  return {
    ...record,
    imported: true,
    urlPath,
    publishedMs,
    categories,
    tags,
    attributed: (flags & 1) !== 0,
    categoryLinks: (flags & 2) !== 0,
    id,
    path: path ?? urlPath,
    itemHash,
  };
}

const isPairList = (x: unknown): x is [string, unknown][] => Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && isString(p[0]));

function decodeBody(text: string): Omit<FeedState, 'key'> {
  const body = JSON.parse(text) as Partial<Body> | null;
  check(body !== null && typeof body === 'object', 'the state is not an object');
  const { posts, river, names, outputs, previews } = body;
  check(Array.isArray(posts) && Array.isArray(river) && isPairList(names) && isPairList(outputs) && isPairList(previews), 'the state lacks a part');
  const records = posts.map(decodePost);
  check(
    river.every((i) => Number.isInteger(i) && records[i]?.imported === true),
    'the river names a post that is not there',
  );
  check(names.every(([, n]) => isString(n)) && outputs.every(([, h]) => isString(h)), 'a name or a hash is not text');
  for (const [, preview] of previews) check(preview !== null && typeof preview === 'object', 'a source preview is not an object');
  return {
    posts: records,
    river,
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
  let text: string;
  try {
    text = readFileSync(join(outDir, CACHE_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: null, why: 'missing' };
    return { state: null, why: 'unusable', problem: `cannot read it (${code ?? (error as Error).message})` };
  }
  try {
    const newline = text.indexOf('\n');
    check(newline > 0, 'no header line');
    const header = JSON.parse(text.slice(0, newline)) as Partial<Header> | null;
    check(header !== null && typeof header === 'object' && header.format === FORMAT, 'not a cache of this format');
    if (header.version !== builderVersion()) return { state: null, why: 'other-version' };
    if (header.key !== key) return { state: null, why: 'other-options' };
    return { state: { key, ...decodeBody(text.slice(newline + 1)) }, why: 'ok' };
  } catch (error) {
    return { state: null, why: 'unusable', problem: (error as Error).message.split('\n')[0] ?? 'unreadable' };
  }
}

/** The cache file's text for a state. */
export function encodeCache(state: FeedState): string {
  const header: Header = { format: FORMAT, version: builderVersion(), key: state.key };
  const body: Body = {
    posts: state.posts.map(encodePost),
    river: state.river,
    names: [...state.names],
    outputs: [...state.outputs],
    previews: [...state.previews],
  };
  return `${JSON.stringify(header)}\n${JSON.stringify(body)}\n`;
}

/** Write the cache of `outDir` atomically. */
export function saveCache(outDir: string, state: FeedState): void {
  const file = join(outDir, CACHE_FILE);
  mkdirSync(join(outDir, CACHE_DIR), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeCache(state));
  renameSync(tmp, file);
}

/** Remove the cache of `outDir` (before an in-place build starts changing files). */
export function dropCache(outDir: string): void {
  rmSync(join(outDir, CACHE_FILE), { force: true });
}
