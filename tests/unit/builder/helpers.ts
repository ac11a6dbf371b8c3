/** Shared helpers for the feed builder's tests. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { SiteConfig } from '../../../src/builder/site-config.ts';
import type * as v from 'valibot';
import * as schema from '../../../src/feed/schema.ts';
import { FeedPageSchema, parseFeedJson, type FeedPage, type ListItem } from '../../../src/feed/schema.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const SAMPLE = path.join(REPO_ROOT, 'content');
export const BUILD_FEED_SCRIPT = path.join(REPO_ROOT, 'scripts/build-feed.ts');
export const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

/** The sample site's settings, as `loadSiteConfig` reads them with `--alias-host finews.zning.me`. */
export function site(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    title: '金融消息',
    description: '',
    timeZone: 'Asia/Shanghai',
    siteUrl: 'https://finews.withounder.com',
    hosts: ['finews.withounder.com', 'finews.zning.me'],
    permalink: null,
    ...overrides,
  };
}

/** A fresh temporary folder; remove it with `rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `finews-${prefix}-`));
}

export function removeDir(dir: string): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Write files (relative path → text) under `dir`, creating folders as needed; returns `dir`. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Every file under `dir`, as relative path (with `/`) → contents. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A small post file with front matter. */
export function post(front: Record<string, string>, body = '正文。'): string {
  const lines = Object.entries(front).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

/**
 * Follow a paged list from `<dir>/feed.json` through `next_url`, validating every page. Throws when a
 * page is missing or visited twice; returns the pages in order.
 */
export function walkPages(files: ReadonlyMap<string, string>, dir: string): { names: string[]; pages: FeedPage[] } {
  const names: string[] = [];
  const pages: FeedPage[] = [];
  let name: string | undefined = dir ? `${dir}/feed.json` : 'feed.json';
  while (name !== undefined) {
    if (names.includes(name)) throw new Error(`page chain loops back to ${name}`);
    const text = files.get(name);
    if (text === undefined) throw new Error(`page chain points at ${name}, which was not written`);
    const page: FeedPage = parseFeedJson(FeedPageSchema, JSON.parse(text), name);
    names.push(name);
    pages.push(page);
    // next_url is relative to the page that names it.
    name = page.next_url === undefined ? undefined : path.posix.join(path.posix.dirname(name), page.next_url);
  }
  return { names, pages };
}

export const itemsOf = (pages: FeedPage[]): ListItem[] => pages.flatMap((p) => p.items);

/** Visible text of an HTML fragment (entities decoded, tags dropped). */
export function htmlText(html: string): string {
  return textContent(parseDocument(html, { decodeEntities: true }));
}

/** Text with every kind of whitespace removed. */
export const noSpace = (text: string): string => text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');

/** The schema in src/feed/schema.ts that describes an output file. */
export function schemaFor(file: string): v.GenericSchema {
  if (/^(?:c\/[^/]+\/)?feed(?:-\d+)?\.json$/.test(file)) return schema.FeedPageSchema;
  if (/^items\/[^/]+\.json$/.test(file)) return schema.ItemSchema;
  if (/^sources(?:-\d+)?\.json$/.test(file)) return schema.SourcesPageSchema;
  if (file === 'categories.json') return schema.CategoriesSchema;
  if (file === 'report.json') return schema.ReportSchema;
  if (file === 'site.json') return schema.SiteSchema;
  throw new Error(`${file}: no schema in src/feed/schema.ts describes this output file`);
}
