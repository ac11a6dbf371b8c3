/**
 * Reading posts on worker threads gives exactly what reading them on the main thread gives: the same
 * records and items, handed over in the order read, and so the same feed, byte for byte.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../../scripts/gen-archive.ts';
import { buildFeed } from '../../../src/builder/build.ts';
import { listFiles } from '../../../src/builder/read.ts';
import { MIN_POSTS_FOR_WORKERS, postReader } from '../../../src/builder/read-pool.ts';
import type { ReadPost } from '../../../src/builder/read-post.ts';
import { removeDir, site, tempDir } from './helpers.ts';

let dir = '';
let posts = '';
beforeAll(() => {
  dir = tempDir('read-pool');
  const archive = path.join(dir, 'archive');
  generateArchive({ posts: MIN_POSTS_FOR_WORKERS + 150, sources: 40, out: archive, seed: 7 });
  posts = path.join(archive, '_posts');
  // Files that are skipped, each for its own reason.
  writeFileSync(path.join(posts, 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]));
  writeFileSync(path.join(posts, 'notes.txt'), 'not a post');
  writeFileSync(path.join(posts, 'no-date-anywhere.md'), '---\ntitle: x\ndate: soon\n---\nbody');
  symlinkSync(path.join(dir, 'nowhere.md'), path.join(posts, 'gone.md'));
}, 60_000);
afterAll(() => removeDir(dir));

function readAll(threads: number, minPosts: number): [number, ReadPost][] {
  const results: [number, ReadPost][] = [];
  const reader = postReader(site(), threads, (at, result) => results.push([at, result]), minPosts);
  listFiles(posts, 0).forEach((input, at) => reader.read({ at, input, file: input.rel, sig: null }));
  reader.finish();
  return results;
}

describe('postReader', () => {
  it('hands over the same results in the same order on worker threads as on the main thread', () => {
    const inline = readAll(0, 1);
    const threaded = readAll(2, 1);
    expect(inline.map(([at]) => at)).toEqual(inline.map((_, i) => i));
    expect(inline.filter(([, r]) => !r.record.imported).map(([, r]) => r.record.file)).toEqual(['binary.md', 'gone.md', 'no-date-anywhere.md', 'notes.txt']);
    expect(threaded).toEqual(inline);
  }, 60_000);
});

describe('buildFeed with reading threads', () => {
  it('writes the same files as a build on the main thread', () => {
    const options = { postsDirs: [posts], site: site() };
    const inline = buildFeed({ ...options, threads: 0 });
    const threaded = buildFeed({ ...options, threads: 2 });
    expect(threaded.stats).toEqual(inline.stats);
    expect(threaded.stats.imported).toBe(MIN_POSTS_FOR_WORKERS + 150);
    expect([...threaded.files.keys()]).toEqual([...inline.files.keys()]);
    expect(threaded.files).toEqual(inline.files);
  }, 60_000);
});
