/**
 * `build:feed` on the command line. The real script runs in a child process for the main paths; the
 * many argument errors go through `main` in-process (same code, much faster).
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/builder/cli.ts';
import { BUILD_FEED_SCRIPT, post, readTree, REPO_ROOT, removeDir, SAMPLE, tempDir, TSX, writeTree } from './helpers.ts';

const execFileAsync = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run scripts/build-feed.ts with `args` from the repository root. */
async function cli(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(TSX, [BUILD_FEED_SCRIPT, ...args], { cwd: REPO_ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Call `main` in-process, capturing what it writes. */
function runMain(args: string[]): Run {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const SUMMARY = /^Imported (\d+) of (\d+) files, skipped (\d+), (\d+) warnings?, (\d+) categor(?:y|ies) in \d+\.\d\d s → (.+)$/;
const SAMPLE_ARGS = ['--posts', path.join(SAMPLE, '_posts'), '--config', path.join(SAMPLE, '_config.yml'), '--categories', path.join(SAMPLE, 'category'), '--alias-host', 'finews.zning.me'];

let dir = '';
let clean = '';
beforeAll(() => {
  dir = tempDir('cli');
  clean = writeTree(path.join(dir, 'clean'), {
    '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800', categories: 'emnews' }),
    '2021-12-09-b.md': post({ title: 'b', date: '2021-12-09 10:00:00 +0800', categories: 'emnews' }),
  });
});
afterAll(() => removeDir(dir));
afterEach(() => vi.restoreAllMocks());

describe('the real CLI', () => {
  it('exits 0 and prints a one-line summary', async () => {
    const out = path.join(dir, 'sample-out');
    const run = await cli([...SAMPLE_ARGS, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(SUMMARY.exec(lines[0] ?? '')?.slice(1)).toEqual(['40', '40', '0', '6', '9', out]);
    expect(readTree(out).has('feed.json')).toBe(true);
  }, 60_000);

  it('exits 1 with --strict when something was warned about, and still writes the feed', async () => {
    const out = path.join(dir, 'strict-out');
    const run = await cli([...SAMPLE_ARGS, '--out', out, '--strict']);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(SUMMARY);
    expect(lines[1]).toBe(`--strict: 0 skipped and 6 warnings (see ${out}/report.json)`);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  }, 60_000);

  it('exits 2 naming the argument for a folder that does not exist', async () => {
    const run = await cli(['--posts', path.join(dir, 'nope'), '--out', path.join(dir, 'x')]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`build:feed: --posts ${path.join(dir, 'nope')}: cannot read it (ENOENT)`);
    expect(run.stderr).toContain('Usage: npm run build:feed');
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  }, 60_000);
});

describe('main: success and --strict', () => {
  it('exits 0 with --strict when nothing was skipped or warned', () => {
    const out = path.join(dir, 'clean-out');
    const run = runMain(['--posts', clean, '--out', out, '--strict']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Imported 2 of 2 files, skipped 0, 0 warnings, 1 category in \d+\.\d\d s → .+\n$/);
  });

  it('lists skipped files before the summary, and exits 1 for them with --strict', () => {
    const posts = writeTree(path.join(dir, 'skipping'), { '2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }), 'about.md': post({ title: 'about' }) });
    const out = path.join(dir, 'skipping-out');
    const run = runMain(['--posts', posts, '--out', out, '--strict']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      'skipped about.md: no usable date: front matter has no date and neither the file name nor the id "about" holds one',
      expect.stringMatching(/^Imported 1 of 2 files, skipped 1, 0 warnings, 0 categories in /) as unknown,
      `--strict: 1 skipped and 0 warnings (see ${out}/report.json)`,
    ]);
  });

  it('prints nothing with --quiet', () => {
    const run = runMain(['--posts', clean, '--out', path.join(dir, 'quiet-out'), '--quiet']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints the usage on stdout for --help and exits 0', () => {
    const run = runMain(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run build:feed -- --posts <dir>/);
    expect(run.stdout).toContain('--page-size <n>');
  });

  it('exits 3 when the feed cannot be written, saying the previous output is kept', () => {
    writeFileSync(path.join(dir, 'a-file'), '');
    const run = runMain(['--posts', clean, '--out', path.join(dir, 'a-file', 'out')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^build:feed: failed, previous output left as it was: Error: (ENOTDIR|EEXIST)/);
  });
});

describe('main: unusable arguments exit 2, naming the argument', () => {
  const usage = (run: Run): string => run.stderr.split('\n')[0] ?? '';

  it.each([
    [[], 'build:feed: --posts <dir> is required (a folder of posts)'],
    [['--posts'], "build:feed: Option '--posts <value>' argument missing"],
    [['--posts', 'CLEAN'], 'build:feed: --out <dir> is required (where to write the feed)'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--frob'], "build:feed: Unknown option '--frob'"],
    [['--posts', 'CLEAN', '--out', 'OUT', 'extra'], "build:feed: Unexpected argument 'extra'. This command does not take positional arguments"],
    [['--posts', 'CLEAN', '--out', 'OUT', '--page-size', '0'], 'build:feed: --page-size "0" must be a whole number from 1 to 1000'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--page-size', 'abc'], 'build:feed: --page-size "abc" must be a whole number from 1 to 1000'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--page-size', '2.5'], 'build:feed: --page-size "2.5" must be a whole number from 1 to 1000'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--page-size', '1001'], 'build:feed: --page-size "1001" must be a whole number from 1 to 1000'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--site-url', 'finews.example'], 'build:feed: --site-url "finews.example" is not an absolute URL (like https://example.com)'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--site-url', 'ftp://finews.example'], 'build:feed: --site-url "ftp://finews.example" must be an http or https URL'],
    [['--posts', 'CLEAN', '--out', 'OUT', '--alias-host', 'a b'], 'build:feed: --alias-host "a b" is not a host name'],
    [['--posts', 'CLEAN', '--out', 'CLEAN'], 'build:feed: --out CLEAN: overlaps --posts CLEAN (the output folder is replaced whole, so it must be a folder of its own)'],
    [['--posts', 'CLEAN', '--out', 'DIR'], 'build:feed: --out DIR: overlaps --posts CLEAN (the output folder is replaced whole, so it must be a folder of its own)'],
    [['--posts', 'CLEAN', '--out', 'CLEAN/feed'], 'build:feed: --out CLEAN/feed: overlaps --posts CLEAN (the output folder is replaced whole, so it must be a folder of its own)'],
  ])('%j', (args, message) => {
    const fill = (s: string): string => s.replaceAll('CLEAN', clean).replaceAll('OUT', path.join(dir, 'never')).replaceAll('DIR', dir);
    const run = runMain(args.map(fill));
    expect(run.code).toBe(2);
    expect(usage(run)).toBe(fill(message));
    expect(run.stderr).toContain('\n\nUsage: npm run build:feed');
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
    expect(readTree(clean).size).toBe(2);
  });

  it('refuses a file given as the posts folder', () => {
    const file = path.join(clean, '2021-12-08-a.md');
    expect(usage(runMain(['--posts', file, '--out', path.join(dir, 'never')]))).toBe(`build:feed: --posts ${file}: not a folder`);
  });

  it('refuses a categories folder that does not exist and a config it cannot read', () => {
    const missing = path.join(dir, 'missing');
    const a = runMain(['--posts', clean, '--out', path.join(dir, 'never'), '--categories', missing]);
    expect([a.code, usage(a)]).toEqual([2, `build:feed: --categories ${missing}: cannot read it (ENOENT)`]);
    const b = runMain(['--posts', clean, '--out', path.join(dir, 'never'), '--config', missing]);
    expect(b.code).toBe(2);
    expect(usage(b)).toMatch(new RegExp(`^build:feed: --config ${missing}: cannot read it \\(ENOENT`));
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('lets the output live inside a site root whose _posts it reads', () => {
    const siteRoot = writeTree(path.join(dir, 'site'), { '_posts/2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 10:00:00 +0800' }) });
    const run = runMain(['--posts', siteRoot, '--out', path.join(siteRoot, 'feed'), '--quiet']);
    expect(run.code).toBe(0);
    expect(readTree(path.join(siteRoot, 'feed')).has('items/2021_12_08_a.json')).toBe(true);
    expect(usage(runMain(['--posts', siteRoot, '--out', path.join(siteRoot, '_posts', 'feed')]))).toMatch(/overlaps --posts/);
  });
});
