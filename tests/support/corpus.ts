/**
 * The real archive in ../shared/corpus/finews, staged under the file names Jekyll expects.
 * Corpus files are `<folder>__<name>` (folder `_posts` or `old_post`), and extra versions of one
 * file `<name>__at-<hash>.md`; the real name drops both. Copies that share a real name go to
 * separate folders (the n-th copy to folder n), as they could never share one.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/finews');
export const hasCorpus = (): boolean => existsSync(join(CORPUS, 'posts'));

export interface CorpusPost {
  /** File name in the corpus (`_posts__2021-12-08-….md`). */
  file: string;
  path: string;
  /** The name Jekyll expects (`2021-12-08-….md`). */
  jekyllName: string;
}

export function jekyllName(corpusFile: string): string {
  return corpusFile.replace(/^[^/]*?__/, '').replace(/__at-[0-9a-f]{7}(\.[^.]+)$/, '$1');
}

export function corpusPosts(): CorpusPost[] {
  return readdirSync(join(CORPUS, 'posts'))
    .sort()
    .map((file) => ({ file, path: join(CORPUS, 'posts', file), jekyllName: jekyllName(file) }));
}

/** Group posts so no group holds a name twice: the n-th copy of a name goes to group n. */
export function groupByName<T extends { jekyllName: string }>(posts: T[]): T[][] {
  const groups: T[][] = [];
  const seen = new Map<string, number>();
  for (const post of posts) {
    const n = seen.get(post.jekyllName) ?? 0;
    seen.set(post.jekyllName, n + 1);
    (groups[n] ??= []).push(post);
  }
  return groups;
}

/** Copy the corpus into `stage/<n>/` folders (see groupByName) and return the folders. */
export function corpusPostDirs(stage: string): string[] {
  rmSync(stage, { recursive: true, force: true });
  return groupByName(corpusPosts()).map((group, n) => {
    const dir = join(stage, String(n));
    mkdirSync(dir, { recursive: true });
    for (const post of group) copyFileSync(post.path, join(dir, post.jekyllName));
    return dir;
  });
}
