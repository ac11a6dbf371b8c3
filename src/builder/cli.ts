/**
 * `build:feed` on the command line: parse arguments, build, write, report.
 * Exit 0 when a feed was written; 1 with `--strict` when anything was skipped or warned; 2 for
 * unusable arguments or folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { buildInto, DEFAULT_PAGE_SIZE, stateKey, type BuildOptions, type BuildRun, type FeedState } from './build.ts';
import { CACHE_FILE, dropCache, loadCache, saveCache } from './feed-cache.ts';
import { postsRoot } from './read.ts';
import { loadCategoryPages, loadSiteConfig, UsageError } from './site-config.ts';
import { stageChanges, stageOutput } from './write.ts';

export const FEED_OPTIONS = {
  posts: { type: 'string', multiple: true },
  out: { type: 'string' },
  config: { type: 'string' },
  categories: { type: 'string' },
  'site-url': { type: 'string' },
  'alias-host': { type: 'string', multiple: true },
  'page-size': { type: 'string' },
  full: { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const FEED_USAGE = `Usage: npm run build:feed -- --posts <dir> [--posts <dir> …] --out <dir>
         [--config <_config.yml>] [--categories <dir>] [--site-url <url>]
         [--alias-host <host> …] [--page-size <n>] [--full] [--strict] [--quiet]

  --posts <dir>        a folder of posts (*.md, *.markdown, *.html), or a Jekyll site root with _posts/
  --out <dir>          where to write the feed (replaced atomically on a full build; a rebuild
                       changes only the files that changed, using ${CACHE_FILE} there)
  --config <file>      the site's _config.yml (title, url, timezone; default time zone Asia/Shanghai)
  --categories <dir>   the site's category pages (category/<slug>.html), for source names
  --site-url <url>     the site's URL (overrides url in _config.yml); makes item URLs absolute
  --alias-host <host>  a former host name of the site whose links stay in the app (repeatable)
  --page-size <n>      items per list page (default ${DEFAULT_PAGE_SIZE})
  --full               build everything, without using the cache of the last build
  --strict             exit 1 if any post was skipped or warned about`;

export interface FeedArgs {
  posts: string[];
  out: string;
  config?: string | undefined;
  categories?: string | undefined;
  siteUrl?: string | undefined;
  aliasHosts: string[];
  pageSize: number;
  full?: boolean | undefined;
  strict: boolean;
  quiet: boolean;
}

function requireDir(dir: string, flag: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    throw new UsageError(`${flag} ${dir}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!isDir) throw new UsageError(`${flag} ${dir}: not a folder`);
  try {
    readdirSync(dir);
  } catch (error) {
    throw new UsageError(`${flag} ${dir}: cannot list the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Check parsed values; throws UsageError naming the argument at fault. */
export function checkFeedArgs(values: {
  posts?: string[] | undefined;
  out?: string | undefined;
  config?: string | undefined;
  categories?: string | undefined;
  'site-url'?: string | undefined;
  'alias-host'?: string[] | undefined;
  'page-size'?: string | undefined;
  full?: boolean | undefined;
  strict?: boolean | undefined;
  quiet?: boolean | undefined;
}): FeedArgs {
  const posts = values.posts ?? [];
  if (posts.length === 0) throw new UsageError('--posts <dir> is required (a folder of posts)');
  if (!values.out) throw new UsageError('--out <dir> is required (where to write the feed)');
  for (const dir of posts) requireDir(dir, '--posts');
  if (values.categories) requireDir(values.categories, '--categories');
  // --out is replaced whole: it must not hold the input (which would be deleted) nor be inside what is read.
  const out = resolve(values.out);
  const within = (a: string, b: string): boolean => a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
  const inputs: [flag: string, dir: string, read: string][] = posts.map((dir) => ['--posts', dir, postsRoot(dir)]);
  if (values.categories) inputs.push(['--categories', values.categories, values.categories]);
  for (const [flag, dir, read] of inputs) {
    if (within(resolve(read), out) || within(out, resolve(read))) {
      throw new UsageError(`--out ${values.out}: overlaps ${flag} ${dir} (the output folder is replaced whole, so it must be a folder of its own)`);
    }
  }
  const pageSize = values['page-size'] === undefined ? DEFAULT_PAGE_SIZE : Number(values['page-size']);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new UsageError(`--page-size "${values['page-size']}" must be a whole number from 1 to 1000`);
  }
  return {
    posts,
    out: values.out,
    config: values.config,
    categories: values.categories,
    siteUrl: values['site-url'],
    aliasHosts: values['alias-host'] ?? [],
    pageSize,
    full: values.full ?? false,
    strict: values.strict ?? false,
    quiet: values.quiet ?? false,
  };
}

export interface FeedBuildOutcome extends BuildRun {
  /** Whether the build started from the cache of the previous one (and changed files in place). */
  incremental: boolean;
}

export function formatSummary(result: Pick<BuildRun, 'stats'> & Partial<FeedBuildOutcome>, ms: number, out: string): string {
  const s = result.stats;
  const { parsed = 0, written = [], removed = [] } = result;
  const how = result.incremental
    ? ` (incremental: read ${parsed} changed post${parsed === 1 ? '' : 's'}, wrote ${written.length} file${written.length === 1 ? '' : 's'}, removed ${removed.length})`
    : '';
  return `Imported ${s.imported} of ${s.files} files, skipped ${s.skipped}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.categories} categor${s.categories === 1 ? 'y' : 'ies'} in ${(ms / 1000).toFixed(2)} s → ${out}${how}`;
}

/** Write the cache after the output is in place; failing to is no failed build, only a slower next one. */
function keepCache(out: string, state: FeedState, log: (line: string) => void): void {
  try {
    saveCache(out, state);
  } catch (error) {
    dropCache(out);
    log(`build:feed: warning: could not write the cache ${out}/${CACHE_FILE} (${(error as Error).message}); the next build will be a full one`);
  }
}

const CACHE_NOTES = {
  'other-options': 'the options or site settings changed since the last build',
  'other-version': 'the last build was made by another version of the builder',
} as const;

/**
 * Build and write a feed from checked arguments (throws on write failure). With the cache of the last
 * build in `--out` (same builder, same options), only changed posts are read and only changed files
 * are rewritten, each atomically; the cache is dropped before the first change and written again
 * last, so a build stopped half-way is followed by a full one. Without a usable cache the whole
 * folder is built anew next to `--out` and swapped in.
 */
export function runFeedBuild(args: FeedArgs, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): FeedBuildOutcome {
  const started = performance.now();
  const site = loadSiteConfig({ configFile: args.config, siteUrl: args.siteUrl, aliasHosts: args.aliasHosts });
  const categoryTitles = args.categories ? loadCategoryPages(args.categories) : new Map<string, string>();
  const bar = !args.quiet && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'Reading posts [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  let barStarted = false;
  const options: BuildOptions = {
    postsDirs: args.posts,
    site,
    categoryTitles,
    pageSize: args.pageSize,
    // Posts are read on every core: the main thread and one worker thread per other core.
    threads: Math.min(3, availableParallelism() - 1),
    onProgress: (done, total) => {
      if (!bar) return;
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      if (done === total || done % 200 === 0) bar.update(done);
    },
  };
  const cache = args.full ? null : loadCache(args.out, stateKey(options));
  if (cache?.why === 'unusable') log(`build:feed: warning: the cache ${args.out}/${CACHE_FILE} is unusable (${cache.problem}); building everything`);
  else if (cache && !args.quiet && (cache.why === 'other-options' || cache.why === 'other-version')) log(`build:feed: ${CACHE_NOTES[cache.why]}; building everything`);
  let result: FeedBuildOutcome;
  try {
    const previous = cache?.state ?? null;
    // A rebuild changes files in place (the cache is dropped first: a rebuild stopped halfway leaves
    // none, and the next build is a full one); a full build replaces the folder at once.
    const staged = previous ? stageChanges(args.out, () => dropCache(args.out)) : stageOutput(args.out, { thread: availableParallelism() > 1 });
    const readOutput = (file: string): string | null => {
      try {
        return readFileSync(join(args.out, file), 'utf8');
      } catch {
        return null;
      }
    };
    try {
      const run = buildInto(options, staged, previous ? { state: previous, readOutput } : null);
      staged.commit();
      // The cache goes in last: a build stopped before it leaves none, and the next is a full one.
      keepCache(args.out, run.state, log);
      result = { ...run, incremental: previous !== null };
    } catch (error) {
      staged.abort();
      throw error;
    }
  } finally {
    bar?.stop();
  }
  if (!args.quiet) {
    for (const entry of result.report.posts) {
      if (entry.status === 'skipped') log(`skipped ${entry.file}: ${entry.reason ?? ''}`);
    }
    log(formatSummary(result, performance.now() - started, args.out));
  }
  return result;
}

export function main(argv: string[]): number {
  try {
    const { values } = parseArgs({ args: argv, options: FEED_OPTIONS, allowPositionals: false, strict: true });
    if (values.help) {
      process.stdout.write(`${FEED_USAGE}\n`);
      return 0;
    }
    const args = checkFeedArgs(values);
    const result = runFeedBuild(args);
    if (args.strict && (result.stats.skipped > 0 || result.stats.warnings > 0)) {
      process.stderr.write(`--strict: ${result.stats.skipped} skipped and ${result.stats.warnings} warnings (see ${args.out}/report.json)\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`build:feed: ${(error as Error).message}\n\n${FEED_USAGE}\n`);
      return 2;
    }
    process.stderr.write(`build:feed: failed, previous output left as it was: ${(error as Error).stack ?? String(error)}\n`);
    return 3;
  }
}
