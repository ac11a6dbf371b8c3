/**
 * `npm run bench:feed [-- --posts <n>] [--sources <k>] [--jekyll-posts <n>] [--skip-jekyll] [--keep] [--seed <s>] [--cpu-prof]`
 *
 * Generates a synthetic archive (gen-archive.ts; timed apart, not counted), runs build:feed on it end
 * to end as a child process (wall time, peak RSS, posts/s), checks the output's sizes, adds 10 new
 * posts and times the incremental rebuild (files rewritten; its output compared byte for byte with a
 * fresh full build of the same posts), then times Jekyll 4.3 and build:feed side by side on the
 * archive's first --jekyll-posts posts. Prints a table of figures against their goals. Only real
 * errors (a build that fails) make it exit non-zero.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CACHE_DIR } from '../src/builder/feed-cache.ts';
import { compareTrees, filesIn, int, kb, mb, runMeasured, secs, summarizeCpuProfile, table, treeSize, treeStamps, type ChildRun, type Row } from './bench-lib.ts';
import { CONFIG_YML, generateArchive, MAX_SOURCES } from './gen-archive.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORK = path.join(ROOT, '.tmp', 'bench-feed');

const GOAL_LIST_FILE_KB = 250;
const GOAL_CATEGORIES_GZ_KB = 100;
const GOAL_JEKYLL_RATIO = 50;
const GOAL_GENERATE_S = 60;
const GOAL_POSTS_PER_S = 5000;
const GOAL_PEAK_RSS_MB = 1536;
const GOAL_INCREMENTAL_S = 2;
const NEW_POSTS = 10;

const USAGE = `Usage: npm run bench:feed -- [--posts <n>] [--sources <k>] [--jekyll-posts <n>] [--skip-jekyll] [--keep] [--seed <s>] [--cpu-prof]

  --posts <n>          posts in the synthetic archive (default 200000)
  --sources <k>        sources (categories) in it (default 2000)
  --jekyll-posts <n>   posts for the side-by-side run against Jekyll 4.3 (default 5000)
  --skip-jekyll        skip the Jekyll comparison
  --keep               keep the archive, the outputs and the Jekyll site in .tmp/bench-feed/
  --seed <s>           the archive's seed (default 1)
  --cpu-prof           also write a V8 CPU profile of the big build:feed run and summarize it
                       (the profiler slows the run down: its time and memory then read high)`;

class UsageError extends Error {}

function wholeNumber(value: string, flag: string, lo: number, hi: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new UsageError(`${flag} "${value}" must be a whole number from ${lo} to ${hi}`);
  return n;
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        posts: { type: 'string', default: '200000' },
        sources: { type: 'string', default: '2000' },
        'jekyll-posts': { type: 'string', default: '5000' },
        'skip-jekyll': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        seed: { type: 'string', default: '1' },
        'cpu-prof': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const posts = wholeNumber(values.posts, '--posts', 1, 2_000_000);
  const sources = wholeNumber(values.sources, '--sources', 1, Math.min(posts, MAX_SOURCES));
  const jekyllPosts = wholeNumber(values['jekyll-posts'], '--jekyll-posts', 1, posts);
  const seed = wholeNumber(values.seed, '--seed', 0, 0xffffffff);
  return { posts, sources, jekyllPosts, seed, skipJekyll: values['skip-jekyll'], keep: values.keep, cpuProf: values['cpu-prof'], help: values.help };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

class RunError extends Error {}

function check(run: ChildRun, what: string): void {
  if (run.code === 0 && run.signal === null) return;
  throw new RunError(`${what} failed (${run.signal ? `signal ${run.signal}` : `exit code ${String(run.code)}`}):\n${run.stderr.trim().split('\n').slice(-30).join('\n')}`);
}

/** build:feed as a child process, the way `npm run build:feed` runs it (the compiled builder). */
function buildFeedRun(posts: string, out: string, extra: string[], nodeFlags: string[], timeFile: string): Promise<ChildRun> {
  const args = [...nodeFlags, path.join(ROOT, 'scripts/build-feed.mjs'), '--posts', posts, '--out', out, '--config', path.join(posts, '_config.yml'), ...extra, '--quiet'];
  return runMeasured(process.execPath, args, { cwd: ROOT, timeFile });
}

/**
 * Add `count` new posts, the newest of all (2023-01-01, after the archive's year): copies of posts
 * spread over the archive (so in sources big and small) under a new name and date.
 */
function addPosts(archive: string, count: number): string[] {
  const dir = path.join(archive, '_posts');
  const names = readdirSync(dir).sort();
  const added: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = names[Math.floor(((i + 0.5) * names.length) / count)] ?? names[0] ?? '';
    const text = readFileSync(path.join(dir, from), 'utf8').replace(/^date: .*$/m, `date: 2023-01-01 09:${String(i).padStart(2, '0')}:00 +0800`);
    const name = `2023-01-01-20230101${2_300_000_000 + i}.md`;
    writeFileSync(path.join(dir, name), text);
    added.push(name);
  }
  return added;
}

function jekyllVersion(): string | null {
  const r = spawnSync('jekyll', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`bench:feed: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const archive = path.join(WORK, 'archive');
  const out = path.join(WORK, 'feed');
  const rows: Row[] = [];
  const notes: string[] = [];
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  const loadAtStart = load();

  try {
    // 1. The archive (not counted).
    log(`Generating ${int(opts.posts)} posts from ${int(opts.sources)} sources (seed ${opts.seed}) in ${path.relative(ROOT, archive)} …`);
    const gen = generateArchive({ posts: opts.posts, sources: opts.sources, out: archive, seed: opts.seed });
    const counts = [...gen.postsPerSource.values()].sort((a, b) => b - a);
    const topShare = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0) / gen.posts;
    rows.push({ figure: 'archive: generate (not counted)', value: `${secs(gen.ms)} (${int(gen.posts)} posts, ${mb(gen.bytes)})`, goal: `< ${GOAL_GENERATE_S} s`, pass: gen.ms < GOAL_GENERATE_S * 1000 });
    rows.push({ figure: 'archive: top 10% of sources hold', value: `${(topShare * 100).toFixed(1)}% of posts (biggest ${int(counts[0] ?? 0)})` });

    // 2. build:feed end to end on the whole archive.
    log(`Running build:feed on ${int(opts.posts)} posts …`);
    const profDir = path.join(WORK, 'prof');
    const nodeFlags = opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
    const run = await buildFeedRun(archive, out, ['--categories', path.join(archive, 'category')], nodeFlags, path.join(WORK, 'time-feed.txt'));
    check(run, 'build:feed');
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { posts: { status: string; warnings: string[] }[] };
    const imported = report.posts.filter((p) => p.status === 'imported').length;
    const warnings = report.posts.reduce((n, p) => n + p.warnings.length, 0);
    const expectedWarnings = gen.quirkFiles.unescapedQuoteTitle.length;
    const tag = opts.cpuProf ? ' (under --cpu-prof)' : '';
    rows.push({ figure: `build:feed ${int(opts.posts)}: wall time${tag}`, value: `${secs(run.ms)}${run.cpuMs === null ? '' : ` (CPU ${secs(run.cpuMs)})`}` });
    const rate = opts.posts / (run.ms / 1000);
    rows.push({ figure: `build:feed ${int(opts.posts)}: throughput${tag}`, value: `${int(rate)} posts/s`, goal: `≥ ${int(GOAL_POSTS_PER_S)} posts/s`, pass: rate >= GOAL_POSTS_PER_S });
    if (run.cpuMs !== null) rows.push({ figure: '  same, by CPU time (user + sys)', value: `${int(opts.posts / (run.cpuMs / 1000))} posts/s` });
    rows.push({
      figure: `build:feed ${int(opts.posts)}: peak RSS${tag}`,
      value: run.peakRssKb === null ? 'not measured' : mb(run.peakRssKb * 1024),
      goal: `< ${(GOAL_PEAK_RSS_MB / 1024).toFixed(1)} GB`,
      pass: run.peakRssKb !== null && run.peakRssKb < GOAL_PEAK_RSS_MB * 1024,
    });
    rows.push({ figure: 'build:feed: imported / warnings', value: `${int(imported)} of ${int(report.posts.length)} / ${int(warnings)}`, goal: `all / ${int(expectedWarnings)}`, pass: imported === opts.posts && warnings === expectedWarnings });
    notes.push(`Peak RSS measured with ${run.rssMethod}; wall time from spawn to exit (includes Node start-up, loading the compiled builder and compiling it if its sources changed).`);

    // 3. Output sizes.
    const lists = [...filesIn(out, /^(?:feed|sources)(?:-\d+)?\.json$/), ...readdirSync(path.join(out, 'c')).flatMap((key) => filesIn(path.join(out, 'c', key), /^feed(?:-\d+)?\.json$/))];
    const largest = lists.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
    const categoriesJson = readFileSync(path.join(out, 'categories.json'));
    const gz = gzipSync(categoriesJson).length;
    const size = treeSize(out, [CACHE_DIR]);
    rows.push({ figure: 'output: files, total size', value: `${int(size.files)}, ${mb(size.bytes)}` });
    rows.push({ figure: 'output: largest list file', value: `${kb(largest.bytes)} (${path.relative(out, largest.file)}; ${int(lists.length)} list files)`, goal: `< ${GOAL_LIST_FILE_KB} KB`, pass: largest.bytes < GOAL_LIST_FILE_KB * 1024 });
    rows.push({ figure: 'output: categories.json gzipped', value: `${kb(gz)} (${kb(categoriesJson.length)} raw)`, goal: `< ${GOAL_CATEGORIES_GZ_KB} KB`, pass: gz < GOAL_CATEGORIES_GZ_KB * 1024 });
    notes.push('categories.json gzipped with node:zlib gzipSync at its default level (6).');

    // 4. Incremental: add new posts, rebuild from the cache, compare with a fresh full build.
    const added = addPosts(archive, NEW_POSTS);
    const before = treeStamps(out, [CACHE_DIR]);
    log(`Added ${added.length} posts; running build:feed again (incremental) …`);
    const inc = await buildFeedRun(archive, out, ['--categories', path.join(archive, 'category')], [], path.join(WORK, 'time-feed-inc.txt'));
    check(inc, 'build:feed (incremental)');
    const after = treeStamps(out, [CACHE_DIR]);
    const rewritten = [...after].filter(([file, stamp]) => before.get(file) !== stamp).map(([file]) => file);
    const gone = [...before.keys()].filter((file) => !after.has(file));
    const freshOut = path.join(WORK, 'feed-fresh');
    log(`Running a fresh full build of the same ${int(opts.posts + added.length)} posts to compare …`);
    const full = await buildFeedRun(archive, freshOut, ['--categories', path.join(archive, 'category'), '--full'], [], path.join(WORK, 'time-feed-fresh.txt'));
    check(full, 'build:feed (fresh full build)');
    const same = compareTrees(out, freshOut, [CACHE_DIR]);
    const identical = same.onlyA.length === 0 && same.onlyB.length === 0 && same.differ.length === 0;
    const items = rewritten.filter((f) => f.startsWith('items/')).length;
    rows.push({ figure: `incremental: +${added.length} posts, wall time`, value: `${secs(inc.ms)}${inc.cpuMs === null ? '' : ` (CPU ${secs(inc.cpuMs)})`}, peak ${inc.peakRssKb === null ? '?' : mb(inc.peakRssKb * 1024)}`, goal: `< ${GOAL_INCREMENTAL_S} s`, pass: inc.ms < GOAL_INCREMENTAL_S * 1000 });
    rows.push({ figure: 'incremental: files rewritten / removed', value: `${int(rewritten.length)} (${int(items)} items, ${int(rewritten.length - items)} others) / ${int(gone.length)}, of ${int(after.size)}` });
    rows.push({
      figure: 'incremental: same bytes as a full build',
      value: identical ? `yes (${int(same.files)} files)` : `NO: ${same.differ.length} differ, ${same.onlyA.length} only incremental, ${same.onlyB.length} only full (${[...same.differ, ...same.onlyA, ...same.onlyB].slice(0, 3).join(', ')})`,
      goal: 'yes',
      pass: identical,
    });
    rows.push({ figure: `  fresh full build of ${int(opts.posts + added.length)}`, value: `${secs(full.ms)}, ${int((opts.posts + added.length) / (full.ms / 1000))} posts/s, peak ${full.peakRssKb === null ? '?' : mb(full.peakRssKb * 1024)}` });
    notes.push(`Incremental: ${added.length} copies of posts spread over the archive, dated 2023-01-01 (the newest); files rewritten counted by inode and mtime (the builder's cache folder ${CACHE_DIR}/ left out); trees compared by SHA-1 of every file.`);

    // 5. Jekyll 4.3 vs build:feed on the same first posts.
    if (opts.skipJekyll) notes.push('Jekyll comparison skipped (--skip-jekyll).');
    else {
      const version = jekyllVersion();
      if (!version) notes.push('Jekyll comparison skipped: `jekyll` is not on PATH (apt-get install jekyll).');
      else {
        const n = opts.jekyllPosts;
        const stage = (dir: string, names: string[]): void => {
          mkdirSync(path.join(dir, '_posts'), { recursive: true });
          mkdirSync(path.join(dir, '_layouts'), { recursive: true });
          writeFileSync(path.join(dir, '_config.yml'), CONFIG_YML);
          writeFileSync(path.join(dir, '_layouts', 'post.html'), '{{ content }}\n');
          for (const name of names) copyFileSync(path.join(archive, '_posts', name), path.join(dir, '_posts', name));
        };
        const site = path.join(WORK, 'jekyll-site');
        const empty = path.join(WORK, 'jekyll-empty');
        const first = readdirSync(path.join(archive, '_posts')).sort().slice(0, n);
        stage(site, first);
        stage(empty, []);
        const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
        delete env.LC_ALL;
        const jekyllRun = (dir: string, name: string): Promise<ChildRun> =>
          runMeasured('jekyll', ['build', '--safe', '-s', dir, '-d', path.join(dir, '_site')], { cwd: dir, env, timeFile: path.join(WORK, `time-${name}.txt`) });
        log('Measuring start-up: jekyll build and build:feed on no posts …');
        const jekyll0 = await jekyllRun(empty, 'jekyll-0');
        check(jekyll0, 'jekyll build (no posts)');
        const ours0 = await buildFeedRun(empty, path.join(WORK, 'empty-feed'), [], [], path.join(WORK, 'time-feed-0.txt'));
        check(ours0, 'build:feed (no posts)');
        log(`Running jekyll build on the first ${int(first.length)} posts …`);
        const jekyll = await jekyllRun(site, 'jekyll');
        check(jekyll, 'jekyll build');
        const rendered = readdirSync(path.join(site, '_site'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.html')).length;
        log(`Running build:feed on the same ${int(first.length)} posts …`);
        const ours = await buildFeedRun(site, path.join(WORK, 'jekyll-feed'), [], [], path.join(WORK, 'time-feed-small.txt'));
        check(ours, `build:feed on ${n} posts`);
        const describe = (r: ChildRun): string =>
          `${secs(r.ms)}${r.cpuMs === null ? '' : ` (CPU ${secs(r.cpuMs)})`}, ${int(n / (r.ms / 1000))} posts/s, peak ${r.peakRssKb === null ? '?' : mb(r.peakRssKb * 1024)}`;
        const ratio = jekyll.ms / ours.ms;
        rows.push({ figure: `${version} on ${int(n)} posts`, value: `${describe(jekyll)}; ${int(rendered)} pages` });
        rows.push({ figure: `build:feed on the same ${int(n)}`, value: describe(ours) });
        rows.push({ figure: 'build:feed vs Jekyll throughput (wall)', value: `${ratio.toFixed(1)}×`, goal: `≥ ${GOAL_JEKYLL_RATIO}×`, pass: ratio >= GOAL_JEKYLL_RATIO });
        if (jekyll.cpuMs !== null && ours.cpuMs !== null) rows.push({ figure: '  same, by CPU time (user + sys)', value: `${(jekyll.cpuMs / ours.cpuMs).toFixed(1)}×` });
        rows.push({ figure: '  start-up alone (no posts)', value: `Jekyll ${secs(jekyll0.ms)}, build:feed ${secs(ours0.ms)}` });
        const marginal = (jekyll.ms - jekyll0.ms) / Math.max(1, ours.ms - ours0.ms);
        rows.push({ figure: '  same, start-up taken off both', value: `${marginal.toFixed(1)}× (Jekyll ${int(n / Math.max(0.001, (jekyll.ms - jekyll0.ms) / 1000))} vs ${int(n / Math.max(0.001, (ours.ms - ours0.ms) / 1000))} posts/s)` });
        notes.push(`Jekyll: \`jekyll build --safe\` with a _layouts/post.html of just {{ content }} and the _config.yml without theme or plugins; both wall times include start-up.`);
      }
    }

    notes.push(`Load average (1 / 5 / 15 min) ${loadAtStart} at the start and ${load()} at the end, on ${os.availableParallelism()} CPUs: other work on the machine slows the wall times.`);
    process.stdout.write(`\n${table(rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
    if (opts.cpuProf) {
      // One profile per thread: the main thread's is CPU.<date>.<time>.<pid>.0.<n>.cpuprofile.
      const profiles = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
      const profile = profiles.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? profiles[0];
      if (profile) process.stdout.write(`\n${summarizeCpuProfile(path.join(profDir, profile))}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof RunError) {
      notes.push(`Load average (1 / 5 / 15 min) ${loadAtStart} at the start and ${load()} at the end, on ${os.availableParallelism()} CPUs: other work on the machine slows the wall times.`);
    process.stdout.write(`\n${table(rows)}\n`);
      log(`bench:feed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    if (opts.keep) log(`Kept ${path.relative(ROOT, WORK)}/ (archive/, feed/, jekyll-site/, jekyll-feed/)`);
    else rmSync(WORK, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
