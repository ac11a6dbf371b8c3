/**
 * The sites bench:web measures: a synthetic archive (gen:archive, reused when the same arguments and
 * generator wrote it), built with build:site (reused when neither the archive nor the app changed),
 * and a one-post Jekyll 4.3 site to compare an article with.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchError, check, fingerprint, lastLine, progress, run } from './util.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const WORK = path.join(ROOT, '.tmp', 'bench-web');

const GEN_MARKER = '.gen-archive.json';
const STAMP = '.bench-web-stamp';

export interface ArchiveSpec {
  posts: number;
  sources: number;
  seed: number;
}

/** `<dir>/_posts`, `_config.yml`, `category/`: an archive as gen:archive writes it (or any Jekyll site like it). */
export interface Archive {
  dir: string;
  posts: string;
  config: string | null;
  categories: string | null;
}

export function archiveAt(dir: string): Archive {
  const abs = path.resolve(dir);
  const posts = existsSync(path.join(abs, '_posts')) ? path.join(abs, '_posts') : abs;
  const config = path.join(abs, '_config.yml');
  const categories = path.join(abs, 'category');
  return { dir: abs, posts, config: existsSync(config) ? config : null, categories: existsSync(categories) ? categories : null };
}

/** Wait for the generator script (another engineer is writing it), checking once a minute. */
async function waitForGenerator(): Promise<void> {
  const script = path.join(ROOT, 'scripts', 'gen-archive.ts');
  for (let i = 0; !existsSync(script); i++) {
    if (i === 0) progress('scripts/gen-archive.ts is not there yet: checking again every minute');
    if (i >= 60) throw new BenchError('scripts/gen-archive.ts did not appear within an hour');
    await new Promise((r) => setTimeout(r, 60_000));
  }
}

/** Generate an archive with `npm run gen:archive`, or reuse the one a previous run generated with the same arguments and generator. */
export async function generateArchive(spec: ArchiveSpec): Promise<Archive> {
  await waitForGenerator();
  const dir = path.join(WORK, `archive-${spec.posts}-${spec.sources}-s${spec.seed}`);
  const stamp = fingerprint(ROOT, ['scripts/gen-archive.ts'], JSON.stringify(spec));
  const stampFile = `${dir}${STAMP}`;
  if (existsSync(path.join(dir, GEN_MARKER)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    progress(`reusing the archive of ${spec.posts} posts from ${spec.sources} sources (seed ${spec.seed}) in ${path.relative(ROOT, dir)}`);
    return archiveAt(dir);
  }
  progress(`generating ${spec.posts} posts from ${spec.sources} sources (seed ${spec.seed}) → ${path.relative(ROOT, dir)}`);
  rmSync(stampFile, { force: true });
  const r = await run('npm', ['run', '--silent', 'gen:archive', '--', '--posts', String(spec.posts), '--sources', String(spec.sources), '--seed', String(spec.seed), '--out', dir], { cwd: ROOT });
  check(r, 'gen:archive');
  progress(`  ${lastLine(r.stdout)}`);
  writeFileSync(stampFile, stamp);
  return archiveAt(dir);
}

/** Everything a build:site output depends on besides the archive. */
const APP_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json', 'scripts/build-site.ts'];

/** Build `archive` into `outDir` with `npm run build:site`, unless the same archive and app built it already. */
export async function buildSite(archive: Archive, outDir: string, options: { rebuild: boolean }): Promise<void> {
  const args = ['--posts', archive.posts, '--out', outDir, '--quiet'];
  if (archive.config) args.push('--config', archive.config);
  if (archive.categories) args.push('--categories', archive.categories);
  const archiveStamp = existsSync(`${archive.dir}${STAMP}`) ? readFileSync(`${archive.dir}${STAMP}`, 'utf8') : null;
  // An archive we did not generate (--archive) is not fingerprinted: it is always built.
  const stamp = archiveStamp === null ? null : fingerprint(ROOT, APP_INPUTS, `${archiveStamp}\n${args.join(' ')}`);
  const stampFile = `${outDir}${STAMP}`;
  if (!options.rebuild && stamp !== null && existsSync(path.join(outDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    progress(`reusing ${path.relative(ROOT, outDir)} (same archive, same app; --rebuild to build anyway)`);
    return;
  }
  rmSync(stampFile, { force: true });
  progress(`build:site ${path.relative(ROOT, archive.dir) || archive.dir} → ${path.relative(ROOT, outDir)}`);
  const r = await run('npm', ['run', '--silent', 'build:site', '--', ...args], { cwd: ROOT });
  // --quiet prints nothing, so say what came out.
  check(r, 'build:site');
  progress(`  built in ${(r.ms / 1000).toFixed(1)} s`);
  if (stamp !== null) writeFileSync(stampFile, stamp);
}

export interface CategoryEntry {
  slug: string;
  key: string;
  name: string;
  count: number;
}

export function readCategories(site: string): CategoryEntry[] {
  const json = JSON.parse(readFileSync(path.join(site, 'feed', 'categories.json'), 'utf8')) as { categories: CategoryEntry[] };
  return [...json.categories].sort((a, b) => b.count - a.count);
}

interface FeedItemLite {
  id: string;
  title: string;
  _finews: { path: string };
}
interface FeedPageLite {
  items: FeedItemLite[];
  next_url?: string;
}

/**
 * The page files of a list (`feed/` or `feed/c/<key>/`), in list order: follows `next_url` from
 * `feed.json`, so it holds whatever the page layout is. Each file with the list indices it holds.
 */
export function listPages(site: string, dir: string): { file: string; start: number; count: number }[] {
  const pages: { file: string; start: number; count: number }[] = [];
  const seen = new Set<string>();
  let file: string | undefined = 'feed.json';
  let start = 0;
  while (file && !seen.has(file)) {
    seen.add(file);
    const page = JSON.parse(readFileSync(path.join(site, 'feed', dir, file), 'utf8')) as FeedPageLite;
    pages.push({ file, start, count: page.items.length });
    start += page.items.length;
    file = page.next_url ? decodeURIComponent(new URL(page.next_url, 'http://x/').pathname.split('/').pop() ?? '') : undefined;
  }
  return pages;
}

/** Posts imported into the build, from its report.json. */
export function importedPosts(site: string): number {
  const report = JSON.parse(readFileSync(path.join(site, 'feed', 'report.json'), 'utf8')) as { posts: { status: string }[] };
  return report.posts.filter((p) => p.status === 'imported').length;
}

/** The newest post: the first item on the home page, the one a reader opens first. */
export function newestItem(site: string): FeedItemLite {
  const page = JSON.parse(readFileSync(path.join(site, 'feed', 'feed.json'), 'utf8')) as FeedPageLite;
  const item = page.items[0];
  if (!item) throw new BenchError('the built feed has no items');
  return item;
}

/** In-app path → item id, for the items on the home page's first page file. */
export function riverIds(site: string): Map<string, string> {
  const page = JSON.parse(readFileSync(path.join(site, 'feed', 'feed.json'), 'utf8')) as FeedPageLite;
  return new Map(page.items.map((i) => [i._finews.path, i.id]));
}

/** The post file (absolute) that became item `id`, from the build's report.json. */
export function sourceFileOf(site: string, archive: Archive, id: string): string {
  const report = JSON.parse(readFileSync(path.join(site, 'feed', 'report.json'), 'utf8')) as { posts: { file: string; id?: string; status: string }[] };
  const entry = report.posts.find((p) => p.id === id && p.status === 'imported');
  if (!entry) throw new BenchError(`report.json names no post for item ${id}`);
  return path.join(archive.posts, entry.file);
}

/** The minimal `post` layout: a plain HTML page with the title and the content. */
const POST_LAYOUT = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}</title>
</head>
<body>
<h1>{{ page.title }}</h1>
{{ content }}
</body>
</html>
`;

/** Stage a Jekyll site with one post and the minimal layout, build it with Jekyll 4.3, return its output folder. */
export async function buildJekyllOnePost(postFile: string, archive: Archive): Promise<{ dir: string; version: string }> {
  const src = path.join(WORK, 'jekyll-src');
  const dest = path.join(WORK, 'jekyll-site');
  rmSync(src, { recursive: true, force: true });
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(path.join(src, '_posts'), { recursive: true });
  mkdirSync(path.join(src, '_layouts'), { recursive: true });
  // The archive's own _config.yml (url, timezone: they decide the permalink), as the real site had it.
  if (archive.config) copyFileSync(archive.config, path.join(src, '_config.yml'));
  else writeFileSync(path.join(src, '_config.yml'), 'timezone: Asia/Shanghai\n');
  writeFileSync(path.join(src, '_layouts', 'post.html'), POST_LAYOUT);
  copyFileSync(postFile, path.join(src, '_posts', path.basename(postFile)));
  const version = await run('jekyll', ['--version']);
  check(version, 'jekyll --version');
  const r = await run('jekyll', ['build', '--quiet', '--source', src, '--destination', dest], { cwd: src });
  check(r, 'jekyll build');
  return { dir: dest, version: version.stdout.trim() };
}
