/**
 * `npm run build:feed` runs the builder compiled to one JavaScript file (scripts/compiled.mjs):
 * made on first use, used as it is while its inputs stand, made again when one of them changes; its
 * output and cache are those of the builder run from source.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_FEED_SCRIPT, post, readTree, REPO_ROOT, removeDir, tempDir, TSX, writeTree } from './helpers.ts';

const execFileAsync = promisify(execFile);
const COMPILED_SCRIPT = path.join(REPO_ROOT, 'scripts/build-feed.mjs');

let dir = '';
let compiledDir = '';
let posts = '';
beforeAll(() => {
  dir = tempDir('compiled');
  compiledDir = path.join(dir, 'compiled');
  posts = writeTree(path.join(dir, 'posts'), {
    '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800', categories: 'emnews' }),
    '2021-12-09-b.md': post({ title: 'b', date: '2021-12-09 10:00:00 +0800', categories: 'emnews' }),
  });
});
afterAll(() => removeDir(dir));

async function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await execFileAsync(command, args, { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, FINEWS_COMPILED_DIR: compiledDir } });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr ?? '' };
  }
}
const compiledRun = (args: string[]) => run(process.execPath, [COMPILED_SCRIPT, ...args]);
const sourceRun = (args: string[]) => run(TSX, [BUILD_FEED_SCRIPT, ...args]);
const bundle = (): string => path.join(compiledDir, 'src-builder-cli.mjs');
const inputs = (): string => path.join(compiledDir, 'src-builder-cli.inputs.json');

describe('the compiled builder', () => {
  it('is made on first use, writes what the builder from source writes, and shares its cache', async () => {
    const compiledOut = path.join(dir, 'compiled-out');
    const sourceOut = path.join(dir, 'source-out');
    const first = await compiledRun(['--posts', posts, '--out', compiledOut]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Imported 2 of 2 files, skipped 0, 0 warnings, 1 category in \d+\.\d\d s → /);
    const made = JSON.parse(readFileSync(inputs(), 'utf8')) as { define: string; inputs: Record<string, string> };
    expect(Object.keys(made.inputs)).toEqual(expect.arrayContaining(['src/builder/cli.ts', 'src/builder/build.ts', 'src/builder/read-pool.ts', 'scripts/compiled.mjs']));
    expect(JSON.parse(made.define)).toEqual({ FINEWS_SRC: JSON.stringify(path.join(REPO_ROOT, 'src')) });
    expect((await sourceRun(['--posts', posts, '--out', sourceOut])).code).toBe(0);
    expect(readTree(compiledOut)).toEqual(readTree(sourceOut));
    // Same builder version: the source builder rebuilds incrementally from the compiled one's cache.
    const again = await sourceRun(['--posts', posts, '--out', compiledOut]);
    expect(again.stderr).toContain('(incremental: read 0 changed posts, wrote 0 files, removed 0)');
  }, 60_000);

  it.each([
    ['one of its inputs changes', (made: { define: string; inputs: Record<string, string> }) => ({ ...made, inputs: { ...made.inputs, 'src/builder/build.ts': '1:1' } })],
    ['the checkout moves (another source folder)', (made: { define: string; inputs: Record<string, string> }) => ({ ...made, define: JSON.stringify({ FINEWS_SRC: '"/elsewhere/src"' }) })],
  ])('is used as it is while nothing changes, and made again when %s', async (_what, change) => {
    const out = path.join(dir, 'again-out');
    expect((await compiledRun(['--posts', posts, '--out', out])).code).toBe(0);
    const before = statSync(bundle()).mtimeMs;
    expect((await compiledRun(['--help'])).code).toBe(0);
    expect(statSync(bundle()).mtimeMs).toBe(before);
    writeFileSync(inputs(), JSON.stringify(change(JSON.parse(readFileSync(inputs(), 'utf8')) as { define: string; inputs: Record<string, string> })));
    writeFileSync(bundle(), 'throw new Error("stale");\n');
    const rebuilt = await compiledRun(['--posts', posts, '--out', out]);
    expect(rebuilt.code).toBe(0);
    expect(readFileSync(bundle(), 'utf8')).not.toContain('"stale"');
  }, 60_000);
});
