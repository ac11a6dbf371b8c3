/**
 * `npm run bench:web [-- --posts 20000 --sources 500] [--archive <dir>] [--seed <s>] [--runs <n>]`
 *
 * Measures the built reader in Chromium against its goals:
 *   1. Lighthouse (Node API, default mobile mode with simulated throttling, Debian's Chromium) on the
 *      home page, the largest category and an article: the four category scores and FCP, LCP, TBT,
 *      CLS, Speed Index, each the median of up to --runs runs.
 *   2. The same article built by Jekyll 4.3 (one post, a plain `post` layout), served by the same
 *      static server in the same run: Lighthouse LCP of ours against Jekyll's.
 *   3. The JavaScript each route requests (home, categories, category, article), gzipped at level 9,
 *      and the build's chunk list.
 *   4. A category of 50,000 posts scrolled top to bottom on a phone: list items in the DOM, and page
 *      files fetched against pages that came into view.
 *   5. Opening a prefetched article from the home page (hover, then click → its h1), 20 times.
 * The archive is generated with gen:archive (seeded; reused when a previous run generated the same),
 * built with build:site (reused when neither the archive nor the app changed) and served with
 * scripts/serve.ts on 127.0.0.1. Progress goes to stderr, figures to stdout. Exit status 0 unless
 * something crashed (a missed goal is a figure, not a failure).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { serveStatic } from './serve.ts';
import { launchBrowser, openArticles, routeScripts, scrollCategory, type LayoutShift, type LcpCandidate, type ScriptLoad } from './bench-web/browser.ts';
import { CATEGORIES, explainMisses, METRICS, startLighthouse, summarize, type CategoryId, type LhRun, type LhSession, type MetricId } from './bench-web/lighthouse.ts';
import { archiveAt, buildJekyllOnePost, buildSite, generateArchive, importedPosts, listPages, newestItem, readCategories, riverIds, ROOT, sourceFileOf, WORK, type Archive } from './bench-web/site.ts';
import { BenchError, elapsedS, goal, goals, gzipBytes, kB, machineLoad, median, ms, out, progress, secs, table } from './bench-web/util.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The whole run's target time, and what parts 3–5 take after Lighthouse (s). */
const TARGET_S = 600;
const REST_S = 150;
/** How long the scroll through the long category may take (s); steps lengthen to fit. */
const SCROLL_S = 90;

const GOAL = {
  performance: 95,
  accessibility: 100,
  'best-practices': 95,
  seo: 95,
  jekyllLcpRatio: 1.2,
  homeJsGzipBytes: 120_000,
  domRows: 200,
  openMs: 100,
  bigCategoryPosts: 50_000,
};

const USAGE = `Usage: npm run bench:web -- [options]

  --posts <n>          posts in the generated archive (default 20000)
  --sources <k>        sources in it (default 500)
  --seed <s>           the archive's seed (default 1)
  --archive <dir>      measure this archive (a Jekyll site root or a folder of posts) instead of generating one
  --big-posts <n>      posts in the archive for the 50,000-post category (default 50000)
  --big-sources <k>    sources in it (default 1: gen:archive's Zipf skew gives the top one of 5 sources only
                       ~49% of the posts, so 60000/5 has no source of 50,000)
  --big-archive <dir>  use this archive for the long category instead
  --runs <n>           Lighthouse runs per page, 1–3 (default 3; fewer when the run's time budget is short)
  --opens <n>          articles opened for figure 5 (default 20)
  --rebuild            build the sites even when the previous build is still current
  --skip <list>        skip parts, comma-separated: lighthouse,jekyll,js,scroll,open`;

interface Options {
  posts: number;
  sources: number;
  seed: number;
  archive: string | undefined;
  bigPosts: number;
  bigSources: number;
  bigArchive: string | undefined;
  runs: number;
  opens: number;
  rebuild: boolean;
  skip: Set<string>;
}

function whole(value: string, flag: string, lo: number, hi: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new BenchError(`${flag} "${value}" must be a whole number from ${lo} to ${hi}`);
  return n;
}

function parse(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      posts: { type: 'string', default: '20000' },
      sources: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      archive: { type: 'string' },
      'big-posts': { type: 'string', default: '50000' },
      'big-sources': { type: 'string', default: '1' },
      'big-archive': { type: 'string' },
      runs: { type: 'string', default: '3' },
      opens: { type: 'string', default: '20' },
      rebuild: { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const skip = new Set(values.skip.split(',').map((s) => s.trim()).filter(Boolean));
  for (const s of skip) if (!['lighthouse', 'jekyll', 'js', 'scroll', 'open'].includes(s)) throw new BenchError(`--skip: unknown part "${s}"`);
  for (const dir of [values.archive, values['big-archive']]) if (dir !== undefined && !existsSync(dir)) throw new BenchError(`no folder ${dir}`);
  return {
    posts: whole(values.posts, '--posts', 1, 2_000_000),
    sources: whole(values.sources, '--sources', 1, 100_000),
    seed: whole(values.seed, '--seed', 0, 0xffffffff),
    archive: values.archive,
    bigPosts: whole(values['big-posts'], '--big-posts', 1, 2_000_000),
    bigSources: whole(values['big-sources'], '--big-sources', 1, 100_000),
    bigArchive: values['big-archive'],
    runs: whole(values.runs, '--runs', 1, 3),
    opens: whole(values.opens, '--opens', 1, 200),
    rebuild: values.rebuild,
    skip,
  };
}

/** Serve `dir` with the project's plain static server on a free port of 127.0.0.1. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = await serveStatic(dir, 0, '/');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server | undefined): Promise<void> => new Promise((r) => (server ? server.close(() => r()) : r()));

let crashed = false;
/** Run one part; an exception in it is reported and marks the run as crashed, and the other parts go on. */
async function part(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    crashed = true;
    const text = error instanceof Error ? (error instanceof BenchError ? error.message : (error.stack ?? error.message)) : String(error);
    out(`  ERROR in ${name}: ${text}`);
    progress(`${name} failed: ${text.split('\n')[0] ?? ''}`);
  }
}

const fmtMetric = (id: MetricId, v: number | undefined): string => {
  if (v === undefined) return 'n/a';
  if (id === 'cumulative-layout-shift') return v.toFixed(3);
  if (id === 'total-blocking-time') return ms(v);
  return secs(v);
};

const CATEGORY_LABEL: Record<CategoryId, string> = { performance: 'performance', accessibility: 'accessibility', 'best-practices': 'best practices', seo: 'SEO' };
const categoryGoal = (c: CategoryId): { text: string; ok: (v: number) => boolean } =>
  c === 'accessibility' ? { text: `${GOAL.accessibility}`, ok: (v) => v >= GOAL.accessibility } : { text: `≥ ${GOAL[c]}`, ok: (v) => v >= GOAL[c] };

async function main(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`bench:web: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = options;
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`bench:web: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
    return 2;
  }
  mkdirSync(WORK, { recursive: true });
  const reportDir = path.join(WORK, 'lighthouse');
  if (!o.skip.has('lighthouse')) {
    rmSync(reportDir, { recursive: true, force: true });
    mkdirSync(reportDir, { recursive: true });
  }
  const cores = availableParallelism();
  const load0 = machineLoad(cores);
  progress(`bench:web on ${cores} cores, ${load0.text}${load0.busy ? ' — the machine is busy with other work: timings will read high' : ''}`);

  // ------------------------------------------------------------------ the sites: the main one and the long category's, side by side
  // (two cores; each build is mostly one thread), so that what is left after Lighthouse takes a known time.
  const site = path.join(WORK, o.archive ? 'site-custom' : `site-${o.posts}-${o.sources}-s${o.seed}`);
  const bigSite = o.skip.has('scroll') ? undefined : path.join(WORK, o.bigArchive ? 'site-big-custom' : `site-${o.bigPosts}-${o.bigSources}-s${o.seed}`);
  let archive: Archive | undefined;
  const built = await Promise.allSettled([
    (async () => {
      archive = o.archive ? archiveAt(o.archive) : await generateArchive({ posts: o.posts, sources: o.sources, seed: o.seed });
      await buildSite(archive, site, { rebuild: o.rebuild || o.archive !== undefined });
    })(),
    (async () => {
      if (!bigSite) return;
      const bigArchive = o.bigArchive ? archiveAt(o.bigArchive) : await generateArchive({ posts: o.bigPosts, sources: o.bigSources, seed: o.seed });
      await buildSite(bigArchive, bigSite, { rebuild: o.rebuild || o.bigArchive !== undefined });
    })(),
  ]);
  for (const b of built) if (b.status === 'rejected') throw b.reason;
  if (!archive) throw new BenchError('no archive');
  const mainArchive: Archive = archive;
  const categories = readCategories(site);
  const largest = categories[0];
  if (!largest) throw new BenchError('the built site has no categories');
  const article = newestItem(site);
  const routes = { home: '/', categories: '/categories', category: `/c/${largest.key}`, article: article._finews.path };
  const totalPosts = importedPosts(site);

  let main: { server: Server; origin: string } | undefined;
  let jekyll: { server: Server; origin: string } | undefined;
  let browser: Browser | undefined;
  try {
    main = await serve(site);
    const origin = main.origin;
    progress(`serving ${path.relative(ROOT, site)} at ${origin}`);
    out(`bench:web — ${o.archive ? `archive ${o.archive}` : `generated archive of ${o.posts} posts, ${o.sources} sources, seed ${o.seed}`} (${totalPosts} posts built, ${categories.length} categories)`);
    out(`  home ${routes.home} · largest category ${routes.category} (${largest.name}, ${largest.count} posts) · article ${routes.article} (the newest post)`);
    out(`  served by scripts/serve.ts at ${origin}; Chromium ${CHROMIUM}; ${load0.text} at the start`);

    // ---------------------------------------------------------------- Jekyll's page of the same post
    let jekyllPath: string | undefined;
    let jekyllVersion = '';
    if (!o.skip.has('jekyll') && !o.skip.has('lighthouse')) {
      await part('Jekyll build', async () => {
        progress('building the same post with Jekyll (one post, a plain post layout)');
        const built = await buildJekyllOnePost(sourceFileOf(site, mainArchive, article.id), mainArchive);
        jekyllVersion = built.version;
        const expected = path.join(built.dir, decodeURIComponent(routes.article));
        let rel = existsSync(expected) ? routes.article : undefined;
        if (!rel) {
          // Find the one page Jekyll wrote, wherever its permalink put it.
          const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
          const page = walk(built.dir).find((f) => f.endsWith('.html'));
          if (!page) throw new BenchError('Jekyll wrote no page');
          rel = `/${path.relative(built.dir, page).split(path.sep).map(encodeURIComponent).join('/')}`;
          progress(`  note: Jekyll's permalink ${rel} differs from ours ${routes.article}`);
        }
        jekyllPath = rel;
        jekyll = await serve(built.dir);
        progress(`  ${jekyllVersion}: serving at ${jekyll.origin}${jekyllPath}`);
      });
    }

    // ---------------------------------------------------------------- 1 + 2. Lighthouse
    if (!o.skip.has('lighthouse')) {
      out('');
      out('1. Lighthouse 12.2.3, default mode (mobile form factor, simulated throttling: 150 ms RTT, 1.6 Mbps, 4× CPU slowdown)');
      await part('Lighthouse', async () => {
        const pages: { key: string; label: string; url: string; categories: readonly CategoryId[] }[] = [
          { key: 'home', label: `home ${routes.home}`, url: `${origin}${routes.home}`, categories: CATEGORIES },
          { key: 'category', label: `category ${routes.category}`, url: `${origin}${routes.category}`, categories: CATEGORIES },
          { key: 'article', label: 'article', url: `${origin}${routes.article}`, categories: CATEGORIES },
        ];
        if (jekyll && jekyllPath) pages.push({ key: 'jekyll', label: 'Jekyll article', url: `${jekyll.origin}${jekyllPath}`, categories: ['performance'] });
        const runs = new Map<string, LhRun[]>(pages.map((p) => [p.key, []]));
        let lh: LhSession | undefined;
        // Rounds over all pages (so noise from other work on the machine spreads over them), up to
        // --runs, while the time budget allows: about 10 minutes in all, less ~150 s for parts 3–5
        // after this; one round at least.
        const budgetS = Math.max(0, TARGET_S - elapsedS() - REST_S);
        const lhStart = elapsedS();
        try {
          lh = await startLighthouse(CHROMIUM, reportDir);
          for (let round = 1; round <= o.runs; round++) {
            const spent = elapsedS() - lhStart;
            const perRound = round > 1 ? spent / (round - 1) : 0;
            if (round > 1 && spent + perRound > budgetS) {
              progress(`Lighthouse: stopping after ${round - 1} round(s) to keep within the time budget (${Math.round(spent)} s so far)`);
              break;
            }
            for (const p of pages) {
              const t = performance.now();
              const r = await lh.run(p.url, p.key, p.categories);
              runs.get(p.key)?.push(r);
              progress(
                `Lighthouse ${p.label} run ${round}: ${p.categories.map((c) => `${c} ${r.scores[c] ?? '?'}`).join(', ')}; LCP ${fmtMetric('largest-contentful-paint', r.metrics['largest-contentful-paint'])} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
              );
            }
          }
        } finally {
          lh?.close();
        }
        const sum = new Map(pages.map((p) => [p.key, summarize(runs.get(p.key) ?? [])]));
        const appPages = pages.filter((p) => p.key !== 'jekyll');
        const nRuns = runs.get('home')?.length ?? 0;
        const bench = median(appPages.flatMap((p) => (runs.get(p.key) ?? []).map((r) => r.lhr.environment.benchmarkIndex)));
        out(`  median of ${nRuns} run(s) per page; Lighthouse's CPU benchmark index here: ${Math.round(bench)} (a typical laptop scores 1,000–2,000; throttling is calibrated on such a machine, so a slow or busy machine reads slow)`);
        const header = ['figure (goal)', ...appPages.map((p) => p.key)];
        const rows: string[][] = [header];
        for (const c of CATEGORIES) {
          const g = categoryGoal(c);
          rows.push([
            `${CATEGORY_LABEL[c]} (${g.text})`,
            ...appPages.map((p) => {
              const v = sum.get(p.key)?.scores[c];
              const all = (runs.get(p.key) ?? []).map((r) => r.scores[c] ?? '?').join('/');
              const row = goal(`Lighthouse ${p.key}: ${CATEGORY_LABEL[c]}`, v === undefined ? 'n/a' : String(v), g.text, v === undefined ? null : g.ok(v));
              return `${row.value} ${row.verdict}${nRuns > 1 ? ` (${all})` : ''}`;
            }),
          ]);
        }
        for (const [id, name] of METRICS) {
          rows.push([
            id === 'cumulative-layout-shift' ? `${name} (0)` : name,
            ...appPages.map((p) => {
              const v = sum.get(p.key)?.metrics[id];
              if (id !== 'cumulative-layout-shift') return fmtMetric(id, v);
              // Lighthouse shows CLS to 3 decimals: 0.000 there is 0.
              const row = goal(`Lighthouse ${p.key}: CLS`, fmtMetric(id, v), '0', v === undefined ? null : Math.round(v * 1000) === 0);
              return `${row.value} ${row.verdict}`;
            }),
          ]);
        }
        for (const k of ['fcp', 'lcp'] as const) {
          rows.push([`${k.toUpperCase()} as painted (unthrottled)`, ...appPages.map((p) => secs(sum.get(p.key)?.observed[k] ?? Number.NaN))]);
        }
        out(table(rows));
        out('  (the simulation starts from the paints as they happened: whatever finished before them counts toward the simulated FCP/LCP)');
        out(`  reports: ${path.relative(ROOT, reportDir)}/<page>-<n>.html (and .json)`);
        // Why the misses: the median run's failing audits.
        for (const p of appPages) {
          const s = sum.get(p.key);
          if (!s) continue;
          const missed = CATEGORIES.filter((c) => {
            const v = s.scores[c];
            return v !== undefined && !categoryGoal(c).ok(v);
          });
          const clsMissed = s.metrics['cumulative-layout-shift'] !== undefined && Math.round((s.metrics['cumulative-layout-shift'] ?? 0) * 1000) !== 0;
          if (missed.length === 0 && !clsMissed) continue;
          out(`  why ${p.key} missed (from ${path.relative(ROOT, s.medianRun.file)}):`);
          for (const c of missed) {
            out(`    ${CATEGORY_LABEL[c]}:`);
            for (const line of explainMisses(s.medianRun.lhr, c)) out(`      ${line}`);
          }
          if (clsMissed) {
            const shifts = s.medianRun.lhr.audits['layout-shifts'];
            const items = (shifts?.details as { items?: { node?: { snippet?: string }; score?: number }[] } | undefined)?.items ?? [];
            out(
              `    CLS: ${items.length ? items.slice(0, 3).map((i) => `${i.node?.snippet ?? '?'} ${i.score?.toFixed(4) ?? ''}`).join('; ') : `Lighthouse could not say what moved (${shifts?.errorMessage ?? 'no layout-shift details'}); part 3 lists the shifts Chromium reports`}`,
            );
          }
        }

        // ---------------------------------------------------------- 2. ours vs Jekyll
        out('');
        out(`2. The same article as Jekyll 4.3 builds it (${jekyllVersion || 'jekyll'}; one post, a plain post layout), both served by scripts/serve.ts`);
        const ours = sum.get('article')?.metrics['largest-contentful-paint'];
        const theirs = sum.get('jekyll')?.metrics['largest-contentful-paint'];
        if (ours === undefined || theirs === undefined) {
          goal('article LCP vs Jekyll', 'n/a', `≤ ${GOAL.jekyllLcpRatio} × Jekyll`, null);
          out('  not measured (Jekyll page missing)');
        } else {
          const ratio = ours / theirs;
          const row = goal('article LCP ÷ Jekyll LCP', `${ratio.toFixed(2)}× (${secs(ours)} vs ${secs(theirs)})`, `≤ ${GOAL.jekyllLcpRatio}×`, ratio <= GOAL.jekyllLcpRatio);
          out(table([
            ['', 'ours', 'Jekyll'],
            ['LCP', secs(ours), secs(theirs)],
            ['LCP as painted (unthrottled)', secs(sum.get('article')?.observed.lcp ?? Number.NaN), secs(sum.get('jekyll')?.observed.lcp ?? Number.NaN)],
            ['FCP', fmtMetric('first-contentful-paint', sum.get('article')?.metrics['first-contentful-paint']), fmtMetric('first-contentful-paint', sum.get('jekyll')?.metrics['first-contentful-paint'])],
            ['performance', String(sum.get('article')?.scores.performance ?? 'n/a'), String(sum.get('jekyll')?.scores.performance ?? 'n/a')],
          ]));
          out(`  LCP ours ÷ Jekyll's: ${row.value}  goal ${row.goal}  ${row.verdict}`);
        }
      });
    }

    // ---------------------------------------------------------------- 3. JavaScript per route
    if (!o.skip.has('js') || !o.skip.has('open')) browser = await launchBrowser(CHROMIUM);
    if (!o.skip.has('js') && browser) {
      const b = browser;
      out('');
      out('3. JavaScript each route requests from a cold cache (Chromium via Playwright; bodies gzipped at level 9; kB = 1,000 bytes)');
      await part('JavaScript per route', async () => {
        progress('measuring the JavaScript each route loads');
        const ready: Record<keyof typeof routes, string> = { home: '.item-row', categories: 'h1', category: '.item-row', article: 'h1' };
        const loads = new Map<string, ScriptLoad[]>();
        const shifts = new Map<string, LayoutShift[]>();
        const lcps = new Map<string, LcpCandidate[]>();
        for (const key of Object.keys(routes) as (keyof typeof routes)[]) {
          const r = await routeScripts(b, `${origin}${routes[key]}`, ready[key]);
          loads.set(key, r.scripts);
          shifts.set(key, r.shifts);
          lcps.set(key, r.lcp);
        }
        const rows: string[][] = [['route', 'files', 'raw', 'gzip']];
        for (const [key, list] of loads) {
          rows.push([`${key} ${routes[key as keyof typeof routes]}`, String(list.length), kB(list.reduce((a, l) => a + l.raw, 0)), kB(list.reduce((a, l) => a + l.gzip, 0))]);
        }
        out(table(rows));
        for (const [key, list] of loads) out(`  ${key}: ${list.map((l) => path.basename(l.path)).join(', ')}`);
        const home = loads.get('home') ?? [];
        const homeGz = home.reduce((a, l) => a + l.gzip, 0);
        const row = goal('JavaScript for the home route (gzip)', `${kB(homeGz)} (${homeGz.toLocaleString('en-US')} B)`, `≤ ${kB(GOAL.homeJsGzipBytes)}`, homeGz <= GOAL.homeJsGzipBytes);
        out(`  home route JavaScript, gzipped: ${row.value}  goal ${row.goal}  ${row.verdict}`);
        // The build's chunks, and which routes load each.
        const assets = path.join(site, 'assets');
        const chunks = readdirSync(assets)
          .filter((f) => /\.(m?js|css)$/.test(f))
          .map((f) => {
            const body = readFileSync(path.join(assets, f));
            return { f, raw: body.length, gzip: gzipBytes(body) };
          })
          .sort((a, b) => b.raw - a.raw);
        const crows: string[][] = [['chunk', 'raw', 'gzip', 'loaded by']];
        for (const c of chunks) {
          const by = [...loads].filter(([, list]) => list.some((l) => path.basename(l.path) === c.f)).map(([k]) => k);
          crows.push([`assets/${c.f}`, kB(c.raw), kB(c.gzip), c.f.endsWith('.css') ? '(CSS)' : by.join(', ') || '—']);
        }
        out('  the build\'s chunks:');
        out(table(crows, '    '));
        // What moved, for the CLS figures (Lighthouse 12.2's own layout-shift details fail on this Chromium).
        out('  layout shifts while each route loaded (Lighthouse\'s 412×823 mobile screen, unthrottled; the elements that moved):');
        for (const [key, list] of shifts) {
          const total = list.reduce((a, x) => a + x.value, 0);
          out(`    ${key}: ${total.toFixed(4)}${list.length ? ` in ${list.length} shift(s)` : ''}`);
          for (const x of list.slice(0, 3)) out(`      ${x.value.toFixed(4)} at ${Math.round(x.at)} ms: ${x.sources.slice(0, 3).join('; ')}`);
        }
        // What LCP ends on (a late candidate means the largest text was painted again, late).
        out('  largest-contentful-paint candidates while each route loaded (same screen, unthrottled; time, size in px², element):');
        for (const [key, list] of lcps) {
          out(`    ${key}: ${list.length ? list.map((c) => `${Math.round(c.at)} ms ${Math.round(c.size)} ${c.element}`).join('  →  ') : 'none'}`);
        }
      });
    }

    // ---------------------------------------------------------------- 5. opening prefetched articles (on the main site)
    let openLines: string[] = [];
    if (!o.skip.has('open') && browser) {
      const b = browser;
      await part('opening articles', async () => {
        progress(`opening ${o.opens} articles from the home page (hover to prefetch, click, time to the h1)`);
        const r = await openArticles(b, `${origin}/`, o.opens, riverIds(site));
        const med = median(r.times);
        const lines: string[] = [];
        lines.push(`  ${r.times.length} opens, click → h1 in the DOM (performance.now() in the page): median ${ms(med)}, first ${ms(r.times[0] ?? Number.NaN)}, min ${ms(Math.min(...r.times))}, max ${ms(Math.max(...r.times))}`);
        lines.push(`  all: ${r.times.map((t) => Math.round(t)).join(', ')} ms`);
        if (r.notPrefetched.length) lines.push(`  ${r.notPrefetched.length} hover(s) fetched no article file within 5 s: ${r.notPrefetched.join('; ')}`);
        for (const f of r.failures) lines.push(`  failed: ${f}`);
        const row = goal('open a prefetched article (median)', ms(med), `< ${GOAL.openMs} ms`, r.times.length ? med < GOAL.openMs : null);
        lines.push(`  median ${row.value}  goal ${row.goal}  ${row.verdict}`);
        openLines = lines;
      });
    }
    await close(main.server);
    main = undefined;
    await close(jekyll?.server);
    jekyll = undefined;

    // ---------------------------------------------------------------- 4. the 50,000-post category
    if (!o.skip.has('scroll')) {
      out('');
      out('4. A category of 50,000 posts on a phone (360×740), scrolled top to bottom');
      await part('long category', async () => {
        if (!browser) browser = await launchBrowser(CHROMIUM);
        const b = browser;
        if (!bigSite) throw new BenchError('the long category\'s site was not built');
        const big = readCategories(bigSite)[0];
        if (!big) throw new BenchError('the big site has no categories');
        if (big.count < GOAL.bigCategoryPosts) out(`  note: its largest category has only ${big.count} posts (fewer than ${GOAL.bigCategoryPosts})`);
        const pages = listPages(bigSite, `c/${big.key}`);
        const served = await serve(bigSite);
        try {
          const url = `${served.origin}/c/${big.key}`;
          progress(`scrolling ${url} (${big.count} posts in ${pages.length} page files)`);
          const r = await scrollCategory(b, url, pages, `/feed/c/${big.key}/`, { maxSeconds: SCROLL_S });
          out(`  /c/${big.key}: ${big.count.toLocaleString('en-US')} posts in ${pages.length} page files; ${r.steps} steps of ${r.stepPx[0] === r.stepPx[1] ? r.stepPx[0].toLocaleString('en-US') : `${r.stepPx[0].toLocaleString('en-US')}–${r.stepPx[1].toLocaleString('en-US')}`} px (rows average ${r.rowHeight.toFixed(0)} px; a list page ≈ ${Math.round(r.rowHeight * (pages[1]?.count ?? 50)).toLocaleString('en-US')} px), two frames after each, in ${r.seconds.toFixed(0)} s`);
          out(`  ${r.reachedBottom ? 'reached the bottom' : 'did NOT reach the bottom (time limit)'}: list ${r.scrollHeight.toLocaleString('en-US')} px tall, last rows in view ${r.visibleRange[0]}–${r.visibleRange[1]}`);
          const dom = goal('long category: max .item-row in the DOM', String(r.maxItemRows), `< ${GOAL.domRows}`, r.maxItemRows < GOAL.domRows);
          out(`  max .item-row elements in the DOM: ${dom.value}  goal ${dom.goal}  ${dom.verdict}   (max list rows ${r.maxRows}, max DOM elements ${r.maxNodes})`);
          // The list's overscan (rows just below the screen) may ask for the next page a little early; nothing further.
          const lazy = r.maxAhead <= 1;
          const fetchRow = goal(
            'long category: pages fetched only as they come into view',
            `${r.filesFetched} fetched, ${r.pagesPassed} came into view, none more than ${r.maxAhead} page ahead`,
            'none fetched far ahead (≤ 1 page)',
            lazy,
          );
          out(`  page files fetched: ${r.filesFetched} of ${r.pagesTotal}; pages that came into view: ${r.pagesPassed}; fetched twice: ${r.duplicates}`);
          out(`  fetched but never in view: ${r.fetchedNeverInView.length}${r.fetchedNeverInView.length ? ` (${r.fetchedNeverInView.slice(0, 4).join(', ')}${r.fetchedNeverInView.length > 4 ? ', …' : ''})` : ''}; the furthest a fetched page lay beyond the rows in view when it was requested: ${r.maxAhead} page(s)  goal ≤ 1  ${fetchRow.verdict}`);
          out(`  scroll step (scrollBy + two frames): median ${ms(r.stepMsMedian)}, p95 ${ms(r.stepMsP95)}; samples with a placeholder row in view: ${r.skeletonSamples} of ${r.steps + 1}`);
        } finally {
          await close(served.server);
        }
      });
    }

    if (openLines.length) {
      out('');
      out(`5. Opening an article from the home page when prefetched (desktop 1280×900; hover until its file is fetched, then click; ${o.opens} different items, back between opens)`);
      for (const l of openLines) out(l);
    }
  } finally {
    await browser?.close();
    await close(main?.server);
    await close(jekyll?.server);
  }

  // ------------------------------------------------------------------ summary
  const load1 = machineLoad(cores);
  out('');
  out(`Summary (${goals.filter((g) => g.verdict === 'PASS').length} PASS, ${goals.filter((g) => g.verdict === 'MISS').length} MISS${goals.some((g) => g.verdict === 'n/a') ? `, ${goals.filter((g) => g.verdict === 'n/a').length} not measured` : ''}; ${elapsedS().toFixed(0)} s; ${load1.text} at the end)`);
  out(table([['figure', 'value', 'goal', ''], ...goals.map((g) => [g.what, g.value, g.goal, g.verdict])]));
  return crashed ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench:web: ${error instanceof BenchError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
