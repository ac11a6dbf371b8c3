/** Helpers for the benchmarks: run a child measuring wall time and peak RSS, file sizes, a results table, CPU profiles. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ChildRun {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** Peak resident set size in KiB, or null if it could not be measured. */
  peakRssKb: number | null;
  /** How peakRssKb was measured. */
  rssMethod: string;
  /** CPU time (user + system) in ms, from GNU time; null without it. */
  cpuMs: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The child's stderr (its last 64 KiB), and stdout likewise. */
  stderr: string;
  stdout: string;
}

const GNU_TIME = '/usr/bin/time';

function gnuTimeWorks(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** VmHWM ("high water mark" of resident memory) from /proc/<pid>/status, in KiB. */
function readVmHwm(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Run `command args…`, measuring wall time and peak RSS: with GNU time (`/usr/bin/time -v -o file`,
 * which reports the child's `ru_maxrss` from wait4, exact) when it is installed, else by polling the
 * child's VmHWM in /proc every 20 ms (a high-water mark, so it misses at most a peak in the last 20 ms).
 */
export function runMeasured(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeFile: string }): Promise<ChildRun> {
  const useTime = gnuTimeWorks();
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', options.timeFile, command, ...args]] : [command, args];
  rmSync(options.timeFile, { force: true });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    const keep = (s: string, chunk: Buffer): string => (s + chunk.toString('utf8')).slice(-65536);
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    let polled: number | null = null;
    const poll = useTime
      ? null
      : setInterval(() => {
          const v = child.pid === undefined ? null : readVmHwm(child.pid);
          if (v !== null) polled = Math.max(polled ?? 0, v);
        }, 20);
    child.on('error', (error) => {
      if (poll) clearInterval(poll);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      let peakRssKb = polled;
      let rssMethod = 'polled VmHWM in /proc/<pid>/status every 20 ms';
      let cpuMs: number | null = null;
      if (useTime) {
        rssMethod = 'GNU time -v (ru_maxrss)';
        try {
          const report = readFileSync(options.timeFile, 'utf8');
          const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
          peakRssKb = m ? Number(m[1]) : null;
          const user = /User time \(seconds\):\s*([\d.]+)/.exec(report);
          const system = /System time \(seconds\):\s*([\d.]+)/.exec(report);
          if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
          // GNU time exits with the child's status, but says so when the child was killed by a signal.
          const sig = /Command terminated by signal (\d+)/.exec(report);
          if (sig) stderr += `\n(killed by signal ${sig[1]})`;
        } catch {
          peakRssKb = null;
        }
      }
      resolve({ ms, peakRssKb, rssMethod, cpuMs, code, signal, stderr, stdout });
    });
  });
}

/** Files directly in `dir` whose names match, with sizes. */
export function filesIn(dir: string, match: RegExp): { file: string; bytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && match.test(e.name))
    .map((e) => ({ file: path.join(dir, e.name), bytes: statSync(path.join(dir, e.name)).size }));
}

/** The files under `dir` (relative paths with `/`), but those under a top-level folder named in `skip`. */
export function treeFiles(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (!skip.some((s) => rel.startsWith(`${s}/`))) out.push(rel);
  }
  return out.sort();
}

/** Count and total size of the files under `dir` (but `skip`, see treeFiles). */
export function treeSize(dir: string, skip: readonly string[] = []): { files: number; bytes: number } {
  let bytes = 0;
  const files = treeFiles(dir, skip);
  for (const rel of files) bytes += statSync(path.join(dir, rel)).size;
  return { files: files.length, bytes };
}

/** Each file's inode and modification time: a file written again (or replaced) gets a new one. */
export function treeStamps(dir: string, skip: readonly string[] = []): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const rel of treeFiles(dir, skip)) {
    const s = statSync(path.join(dir, rel));
    stamps.set(rel, `${s.ino}:${s.mtimeMs}`);
  }
  return stamps;
}

/** Compare two trees by content digest: the files only in one, and those that differ. */
export function compareTrees(a: string, b: string, skip: readonly string[] = []): { files: number; onlyA: string[]; onlyB: string[]; differ: string[] } {
  const digest = (dir: string, rel: string): string => createHash('sha1').update(readFileSync(path.join(dir, rel))).digest('hex');
  const filesA = treeFiles(a, skip);
  const filesB = new Set(treeFiles(b, skip));
  const onlyA: string[] = [];
  const differ: string[] = [];
  for (const rel of filesA) {
    if (!filesB.has(rel)) onlyA.push(rel);
    else if (digest(a, rel) !== digest(b, rel)) differ.push(rel);
    filesB.delete(rel);
  }
  return { files: filesA.length, onlyA, onlyB: [...filesB], differ };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
export const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export interface Row {
  figure: string;
  value: string;
  goal?: string;
  /** true = PASS, false = MISS, undefined = no goal (information only). */
  pass?: boolean;
}

/** A plain-text table: figure, value, goal, PASS/MISS. Width counts East Asian wide characters as two. */
export function table(rows: Row[]): string {
  const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
  const cells = rows.map((r) => [r.figure, r.value, r.goal ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS']);
  const head = ['figure', 'value', 'goal', 'result'];
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
  const line = (c: string[]): string => c.map((s, i) => pad(s, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Summarize a V8 .cpuprofile: self time by function and by file (or package), and total time (self
 * plus callees, each sample counted once per function) by function, biggest first. Line numbers are
 * those of the code V8 ran: for TypeScript loaded through tsx they point into tsx's output, not the source.
 */
export function summarizeCpuProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const timeOf = new Map<number, number>(); // node id → self µs
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...timeOf.values()].reduce((a, b) => a + b, 0) || 1;
  const where = (url: string): string => {
    if (!url) return '(native)';
    const p = url.replace(/^file:\/\//, '');
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    if (nm) return nm[1] ?? p;
    if (p.startsWith('node:')) return p;
    const src = /\/((?:src|scripts|\.tmp)\/.*)$/.exec(p);
    return src?.[1] ?? path.basename(p);
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map<number, string>();
  const fileOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const w = where(url);
    fileOf.set(node.id, w);
    keyOf.set(node.id, `${functionName || '(anonymous)'}  ${w}${url && !w.startsWith('(') ? `:${lineNumber + 1}` : ''}`);
  }
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of timeOf) {
    const key = keyOf.get(id) ?? '?';
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    const w = fileOf.get(id) ?? '?';
    byFile.set(w, (byFile.get(w) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined && nodes.has(at); at = parent.get(at)) {
      const k = keyOf.get(at) ?? '?';
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  inclusive.delete('(root)  (native)');
  const list = (m: Map<string, number>, n = top): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1e6).toFixed(2).padStart(7)} s  ${k}`)
      .join('\n');
  return [
    `CPU profile ${file} (${(total / 1e6).toFixed(2)} s sampled)`,
    `Self time by function:\n${list(byFn)}`,
    `Self time by file / package:\n${list(byFile)}`,
    `Total time (self + callees) by function:\n${list(inclusive, top * 2)}`,
  ].join('\n');
}

/** `tsx scripts/bench-lib.ts <file.cpuprofile> [top]` prints the summary. */
if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const [file, top, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0 || (top !== undefined && !/^\d+$/.test(top))) {
    process.stderr.write('Usage: tsx scripts/bench-lib.ts <file.cpuprofile> [top]\n');
    process.exitCode = 2;
  } else process.stdout.write(`${summarizeCpuProfile(file, top ? Number(top) : 15)}\n`);
}
