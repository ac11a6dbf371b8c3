/**
 * Writing the output folder. A full build goes to a fresh sibling folder first, which then replaces
 * `--out` by rename: a failed run leaves the previous output as it was. An incremental build changes
 * files in place, each one atomically (a temporary file renamed over it).
 */
import { existsSync, mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileWriter } from './write-pool.ts';

function inside(root: string, rel: string): string {
  const path = resolve(root, rel);
  if (!path.startsWith(root + sep)) throw new Error(`refusing to write outside the output folder: ${rel}`);
  return path;
}

export interface StagedOutput {
  /** Write a file into the new folder (relative path, `/` separators). */
  write(rel: string, content: string | Uint8Array): void;
  /** Drop a file written earlier in this build. */
  remove(rel: string): void;
  /** Replace the output folder by the new one. */
  commit(): void;
  /** Throw the new folder away. */
  abort(): void;
}

/**
 * Start writing a new output folder next to `outDir`; nothing changes in `outDir` until commit().
 * With `thread`, files are written on a thread of their own while the build goes on (see write-pool).
 */
export function stageOutput(outDir: string, { thread = false }: { thread?: boolean } = {}): StagedOutput {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = join(parent, `.${basename(target)}.tmp-${stamp}`);
  const old = join(parent, `.${basename(target)}.old-${stamp}`);
  mkdirSync(staging);
  const made = new Set<string>();
  const writer = fileWriter(thread);
  return {
    write(rel, content) {
      const path = inside(staging, rel);
      const dir = dirname(path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writer.write(path, content);
    },
    remove(rel) {
      writer.flush();
      rmSync(inside(staging, rel), { force: true });
    },
    commit() {
      // Every file is on disk before the folder is swapped in (a failed write throws here).
      writer.close();
      try {
        if (existsSync(target)) renameSync(target, old);
        renameSync(staging, target);
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        if (existsSync(old) && !existsSync(target)) renameSync(old, target);
        throw error;
      }
      rmSync(old, { recursive: true, force: true });
    },
    abort() {
      try {
        writer.close();
      } catch {
        // The build failed already (perhaps for this very write): its error is the one reported.
      }
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

export function writeOutput(outDir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const staged = stageOutput(outDir);
  try {
    for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) staged.write(rel, content);
  } catch (error) {
    staged.abort();
    throw error;
  }
  staged.commit();
}

/**
 * Change files of `outDir` in place. Each new file is written next to the one it replaces first (a
 * temporary `.<name>.tmp-…`); commit() then renames each over its file and removes the files to go.
 * A write that fails (a full disk) leaves the folder as it was; a reader sees each file old or new,
 * never a part; only a crash during commit() itself can leave some files new and others old.
 * `beforeCommit` runs first in commit().
 */
export function stageChanges(outDir: string, beforeCommit: () => void = () => {}): StagedOutput {
  const root = resolve(outDir);
  const made = new Set<string>();
  const moves: [tmp: string, path: string][] = [];
  const removals: string[] = [];
  let n = 0;
  const abort = (): void => {
    for (const [tmp] of moves) rmSync(tmp, { force: true });
    moves.length = 0;
  };
  return {
    write(rel, content) {
      const path = inside(root, rel);
      const dir = dirname(path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${n++}`);
      moves.push([tmp, path]);
      writeFileSync(tmp, content);
    },
    remove(rel) {
      removals.push(inside(root, rel));
    },
    commit() {
      beforeCommit();
      for (const [tmp, path] of moves) renameSync(tmp, path);
      moves.length = 0;
      for (const path of removals) {
        try {
          unlinkSync(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    },
    abort,
  };
}
