/**
 * Lighthouse through its Node API, in its default mode (mobile form factor, simulated throttling),
 * on Debian's Chromium started by chrome-launcher (Lighthouse's own launcher).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { median } from './util.ts';

export const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'];

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'Speed Index'],
] as const;
export type MetricId = (typeof METRICS)[number][0];
export type CategoryId = (typeof CATEGORIES)[number];

export interface LhRun {
  lhr: Result;
  scores: Partial<Record<CategoryId, number>>;
  metrics: Partial<Record<MetricId, number>>;
  /** FCP and LCP as the page really painted them during the run (unthrottled), which the simulation starts from. */
  observed: { fcp?: number; lcp?: number };
  file: string;
}

export interface LhSession {
  run(url: string, label: string, categories?: readonly CategoryId[]): Promise<LhRun>;
  close(): void;
}

export async function startLighthouse(chromePath: string, reportDir: string): Promise<LhSession> {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent', handleSIGINT: true });
  const counts = new Map<string, number>();
  return {
    async run(url, label, categories = CATEGORIES) {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: [...categories],
        // Neither counts toward any score; they only take time (the back/forward cache check navigates away and back).
        skipAudits: ['bf-cache'],
        disableFullPageScreenshot: true,
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores: LhRun['scores'] = {};
      for (const c of categories) {
        const score = lhr.categories[c]?.score;
        if (typeof score === 'number') scores[c] = Math.round(score * 100);
      }
      const metrics: LhRun['metrics'] = {};
      for (const [id] of METRICS) {
        const v = lhr.audits[id]?.numericValue;
        if (typeof v === 'number') metrics[id] = v;
      }
      const m = (lhr.audits.metrics?.details as { items?: Record<string, number | undefined>[] } | undefined)?.items?.[0];
      const observed = { fcp: m?.observedFirstContentfulPaint, lcp: m?.observedLargestContentfulPaint };
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      const file = path.join(reportDir, `${label}-${n}.html`);
      writeFileSync(file, typeof result.report === 'string' ? result.report : (result.report[0] ?? ''));
      writeFileSync(file.replace(/\.html$/, '.json'), JSON.stringify(lhr));
      return { lhr, scores, metrics, observed, file };
    },
    close() {
      chrome.kill();
    },
  };
}

/** Medians over runs, figure by figure, and the run whose performance score is the median (for its diagnostics). */
export function summarize(runs: LhRun[]): { scores: Partial<Record<CategoryId, number>>; metrics: Partial<Record<MetricId, number>>; observed: { fcp?: number; lcp?: number }; medianRun: LhRun } {
  const scores: Partial<Record<CategoryId, number>> = {};
  const metrics: Partial<Record<MetricId, number>> = {};
  for (const c of CATEGORIES) {
    const v = runs.map((r) => r.scores[c]).filter((x): x is number => x !== undefined);
    if (v.length) scores[c] = median(v);
  }
  for (const [id] of METRICS) {
    const v = runs.map((r) => r.metrics[id]).filter((x): x is number => x !== undefined);
    if (v.length) metrics[id] = median(v);
  }
  const obs = (k: 'fcp' | 'lcp'): number | undefined => {
    const v = runs.map((r) => r.observed[k]).filter((x): x is number => x !== undefined);
    return v.length ? median(v) : undefined;
  };
  const observed = { fcp: obs('fcp'), lcp: obs('lcp') };
  const byPerf = [...runs].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0));
  const medianRun = byPerf[Math.floor((byPerf.length - 1) / 2)] as LhRun;
  return { scores, metrics, observed, medianRun };
}

const shortUrl = (u: unknown): string => {
  if (typeof u !== 'string') return String(u);
  try {
    const url = new URL(u);
    return url.host.startsWith('127.0.0.1') ? url.pathname : u;
  } catch {
    return u;
  }
};

function itemLine(item: Record<string, unknown>): string {
  const parts: string[] = [];
  const where = item.url ?? item.source ?? (item.node as { snippet?: string } | undefined)?.snippet ?? item.description ?? item.group ?? item.label;
  if (where !== undefined) parts.push(shortUrl(typeof where === 'object' ? JSON.stringify(where) : where));
  if (typeof item.description === 'string' && item.description !== where) parts.push(item.description);
  const sl = item.sourceLocation as { url?: string } | undefined;
  if (sl?.url) parts.push(`at ${shortUrl(sl.url)}`);
  if (typeof item.totalBytes === 'number') parts.push(`${(item.totalBytes / 1024).toFixed(1)} KiB`);
  if (typeof item.wastedBytes === 'number') parts.push(`could save ${(item.wastedBytes / 1024).toFixed(1)} KiB`);
  if (typeof item.wastedMs === 'number') parts.push(`could save ${Math.round(item.wastedMs)} ms`);
  if (typeof item.total === 'number') parts.push(`${Math.round(item.total)} ms total`);
  if (typeof item.scripting === 'number') parts.push(`${Math.round(item.scripting)} ms scripting`);
  if (typeof item.duration === 'number') parts.push(`${Math.round(item.duration)} ms`);
  if (typeof item.blockingTime === 'number') parts.push(`${Math.round(item.blockingTime)} ms blocking`);
  return parts.join(' · ');
}

/**
 * The audits that cost a category its points, from one run's report: for performance, the failing
 * opportunities and diagnostics with their top items; for the others, every failing audit that weighs.
 */
export function explainMisses(lhr: Result, category: CategoryId, maxAudits = 8, maxItems = 3): string[] {
  const cat = lhr.categories[category];
  if (!cat) return [];
  const lines: string[] = [];
  const refs = cat.auditRefs.filter((ref) => {
    const a = lhr.audits[ref.id];
    if (!a || a.score === null || a.scoreDisplayMode === 'notApplicable' || a.scoreDisplayMode === 'manual') return false;
    if (category === 'performance') return ref.group !== 'metrics' && ref.group !== 'hidden' && a.score < 0.9 && a.scoreDisplayMode !== 'informative';
    return ref.weight > 0 && a.score < 1;
  });
  for (const ref of refs.slice(0, maxAudits)) {
    const a = lhr.audits[ref.id];
    if (!a) continue;
    lines.push(`${a.id}: ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
    const details = a.details as { items?: Record<string, unknown>[] } | undefined;
    for (const item of (details?.items ?? []).slice(0, maxItems)) lines.push(`    ${itemLine(item)}`);
  }
  return lines;
}
