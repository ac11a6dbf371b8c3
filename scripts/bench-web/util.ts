/** Small helpers for bench:web: progress lines, medians, formatting, PASS/MISS rows, child processes. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const started = performance.now();

/** A progress line on stderr, with the time since the run started. */
export function progress(line: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${s} s] ${line}\n`);
}

export const elapsedS = (): number => (performance.now() - started) / 1000;

/** A result line on stdout. */
export const out = (line = ''): void => void process.stdout.write(`${line}\n`);

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

export const gzipBytes = (data: Buffer | string): number => gzipSync(data, { level: 9 }).length;

export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
export const ms = (v: number): string => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : 'n/a');
export const secs = (v: number): string => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : 'n/a');

export type Verdict = 'PASS' | 'MISS' | 'n/a';
export const verdict = (ok: boolean | null): Verdict => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');

/** Every goal checked in the run, for the summary at the end. */
export interface GoalRow {
  what: string;
  value: string;
  goal: string;
  verdict: Verdict;
}
export const goals: GoalRow[] = [];
export function goal(what: string, value: string, goalText: string, ok: boolean | null): GoalRow {
  const row = { what, value, goal: goalText, verdict: verdict(ok) };
  goals.push(row);
  return row;
}

/** Left-aligned text columns. */
export function table(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd()).join('\n');
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command to the end, keeping the tail of its output. */
export function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const keep = (s: string, c: Buffer): string => (s + c.toString('utf8')).slice(-65536);
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 }));
  });
}

export class BenchError extends Error {
  override name = 'BenchError';
}

export function check(r: Run, what: string): void {
  if (r.code === 0 && r.signal === null) return;
  const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
  throw new BenchError(`${what} failed (${r.signal ? `signal ${r.signal}` : `exit code ${String(r.code)}`}):\n${tail}`);
}

/** The last non-empty line of a text. */
export const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';

/** A hash of files and folders (recursively, by path and content), to tell whether a build is stale. */
export function fingerprint(root: string, entries: string[], extra: string): string {
  const hash = createHash('sha256');
  hash.update(extra);
  const visit = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(path.join(rel, name));
      return;
    }
    hash.update(`\0${rel}\0`);
    hash.update(readFileSync(abs));
  };
  for (const e of entries) visit(e);
  return hash.digest('hex').slice(0, 16);
}

/** "load 3.2 on 2 cores", and whether the machine is busy with other work. */
export function machineLoad(cores: number): { text: string; busy: boolean } {
  const one = loadavg()[0] ?? 0;
  return { text: `load average ${one.toFixed(1)} on ${cores} cores`, busy: one > cores * 1.25 };
}

export const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));
