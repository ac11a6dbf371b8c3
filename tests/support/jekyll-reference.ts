// Node-only test helper: asks the real Jekyll (the `jekyll` on PATH) what it makes of a set of post
// files, so tests can compare the project's own parsing against the reference implementation.
import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { parseDocument } from 'yaml';

const execFileAsync = promisify(execFile);

/** file: absolute path of a post file; jekyllName: its name inside `_posts`, e.g. "2021-12-08-x.md". */
export interface JekyllInput {
  file: string;
  jekyllName: string;
}

export interface JekyllPost {
  file: string;
  url: string;
  title: unknown;
  /** `page.date | date_to_xmlschema`, with offset, e.g. "2021-12-08T10:46:18+08:00". */
  date: string;
  categories: string[];
  tags: string[];
  /** Rendered body HTML (without layout). */
  content: string;
}

/** Every input file lands in exactly one of the three lists. */
export interface JekyllResult {
  posts: JekyllPost[];
  /**
   * Files Jekyll reported an error reading (e.g. a YAML exception). Jekyll still renders such a file,
   * with its front matter dropped and the build time as its date, so it is not listed in `posts`.
   * (An invalid `date:` is fatal to Jekyll: runJekyll then throws.)
   */
  unreadable: { file: string; message: string }[];
  /** Input files for which Jekyll produced no post at all (no date in the name, future date, ...). */
  notRead: string[];
}

export interface JekyllOptions {
  /** Text of a `_config.yml`; its plugins and theme are dropped (no gems besides jekyll are installed). */
  configYml: string;
  /** Directory the sites are staged in (as `site-0`, `site-1`, ...; those are replaced). */
  workDir: string;
}

const TIMEOUT_MS = 60_000;
const MARKER = 'JEKYLL-REFERENCE-POST:';
const LAYOUT =
  MARKER +
  '{"path":{{ page.path | jsonify }},"url":{{ page.url | jsonify }},"title":{{ page.title | jsonify }},' +
  '"date":{{ page.date | date_to_xmlschema | jsonify }},"categories":{{ page.categories | jsonify }},' +
  '"tags":{{ page.tags | jsonify }},"content":{{ content | jsonify }}}\n';

let available: boolean | undefined;

export function jekyllAvailable(): boolean {
  available ??= spawnSync('jekyll', ['--version'], { stdio: 'ignore', timeout: TIMEOUT_MS }).status === 0;
  return available;
}

/** Builds the inputs with Jekyll, one staged site after another; throws if a build fails or times out. */
export async function runJekyll(inputs: JekyllInput[], options: JekyllOptions): Promise<JekyllResult> {
  const config = siteConfig(options.configYml);
  const result: JekyllResult = { posts: [], unreadable: [], notRead: [] };
  for (const [k, site] of splitIntoSites(inputs).entries()) {
    const siteResult = await runSite(site, path.join(options.workDir, `site-${k}`), config);
    result.posts.push(...siteResult.posts);
    result.unreadable.push(...siteResult.unreadable);
    result.notRead.push(...siteResult.notRead);
  }
  return result;
}

/** The n-th input with a given jekyllName goes to site n: each site holds a name at most once. */
function splitIntoSites(inputs: JekyllInput[]): Map<string, string>[] {
  const sites: Map<string, string>[] = [];
  for (const { file, jekyllName } of inputs) {
    let site = sites.find((s) => !s.has(jekyllName));
    if (!site) sites.push((site = new Map()));
    site.set(jekyllName, file);
  }
  return sites;
}

function siteConfig(configYml: string): string {
  const doc = parseDocument(configYml);
  if (doc.errors.length > 0) throw new Error(`Invalid _config.yml: ${doc.errors[0]?.message ?? ''}`);
  for (const key of ['plugins', 'gems', 'theme', 'remote_theme', 'whitelist']) doc.delete(key);
  // Appended last, so it wins over an existing default of equal scope; explicit `layout:` lines win anyway.
  const defaults: unknown[] = [{ scope: { path: '' }, values: { layout: 'post' } }];
  const existing: unknown = doc.toJS()?.defaults;
  doc.set('defaults', doc.createNode(Array.isArray(existing) ? [...existing, ...defaults] : defaults));
  return doc.toString();
}

/** site: jekyllName → input file. */
async function runSite(site: Map<string, string>, dir: string, config: string): Promise<JekyllResult> {
  await rm(dir, { recursive: true, force: true });
  const postsDir = path.join(dir, '_posts');
  await mkdir(path.join(dir, '_layouts'), { recursive: true });
  await writeFile(path.join(dir, '_config.yml'), config);
  for (const [name, file] of site) {
    await mkdir(path.dirname(path.join(postsDir, name)), { recursive: true });
    await copyFile(file, path.join(postsDir, name));
  }

  // A post naming a layout that does not exist is rendered without ours: add that layout and build again.
  const written = new Set<string>();
  let missing = ['post', 'default'];
  let output = '';
  while (missing.length > 0) {
    for (const layout of missing) await writeFile(path.join(dir, '_layouts', `${layout}.html`), LAYOUT);
    missing.forEach((layout) => written.add(layout));
    output = stripVTControlCharacters(await build(dir));
    missing = [...output.matchAll(/Layout '([\w-]+)' requested in .* does not exist/g)]
      .map((m) => m[1] ?? 'default')
      .filter((layout) => !written.has(layout));
  }
  if (/^\s*Conflict:/m.test(output)) {
    throw new Error(`Jekyll wrote several posts to one destination in ${dir}, so some are lost:\n${output}`);
  }

  const unreadable = new Map<string, string>(); // file → message
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (!/error/i.test(line)) continue;
    for (const [name, file] of site) {
      if (line.includes(`${path.join(postsDir, name)}:`) && !unreadable.has(file)) unreadable.set(file, line);
    }
  }

  const posts: JekyllPost[] = [];
  for (const html of await listFiles(path.join(dir, '_site'))) {
    const text = await readFile(html, 'utf8');
    if (!text.startsWith(MARKER)) throw new Error(`${html} was not rendered with the reference layout`);
    const raw = JSON.parse(text.slice(MARKER.length)) as Record<string, unknown>;
    const name = path.relative('_posts', String(raw.path));
    const file = site.get(name);
    if (file === undefined) throw new Error(`Jekyll rendered ${String(raw.path)}, which was not staged in ${dir}`);
    if (!unreadable.has(file)) posts.push(toPost(file, raw));
  }
  const produced = new Set(posts.map((p) => p.file));
  return {
    posts,
    unreadable: [...unreadable].map(([file, message]) => ({ file, message })),
    notRead: [...site.values()].filter((file) => !produced.has(file) && !unreadable.has(file)),
  };
}

/** Runs `jekyll build` and returns its stdout + stderr; throws on failure or timeout. */
async function build(dir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.TZ;
  delete env.LC_ALL;
  const args = ['build', '--safe', '-s', dir, '-d', path.join(dir, '_site')];
  try {
    const { stdout, stderr } = await execFileAsync('jekyll', args, {
      cwd: dir,
      env,
      timeout: TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const e = error as { killed?: boolean; code?: unknown; stdout?: string; stderr?: string; message: string };
    const why = e.killed ? `timed out after ${TIMEOUT_MS / 1000} s` : `failed (exit code ${String(e.code)})`;
    const log = stripVTControlCharacters(`${e.stdout ?? ''}\n${e.stderr ?? e.message}`)
      .split('\n')
      .filter((line) => !/^\s+from \S/.test(line)) // drop Ruby backtraces
      .join('\n');
    throw new Error(`jekyll ${args.join(' ')} ${why}:\n${log}`, { cause: error });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function toPost(file: string, raw: Record<string, unknown>): JekyllPost {
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    file,
    url: String(raw.url),
    title: raw.title,
    date: String(raw.date),
    categories: strings(raw.categories),
    tags: strings(raw.tags),
    content: String(raw.content),
  };
}
