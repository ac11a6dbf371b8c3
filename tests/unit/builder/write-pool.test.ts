import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileWriter } from '../../../src/builder/write-pool.ts';
import { stageOutput } from '../../../src/builder/write.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'finews-write-pool-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Files in three folders, some written twice (the later content must win), text and bytes. */
function writeMany(write: (path: string, content: string | Uint8Array) => void, count: number): Map<string, string> {
  const expected = new Map<string, string>();
  for (const sub of ['a', 'b', 'c']) mkdirSync(join(dir, sub));
  for (let i = 0; i < count; i++) {
    const path = join(dir, ['a', 'b', 'c'][i % 3] ?? 'a', `${i % (count - 50)}.json`);
    const text = `{"n":${i},"body":"${'新闻'.repeat(i % 300)}"}\n`;
    write(path, i % 7 === 0 ? new TextEncoder().encode(text) : text);
    expected.set(path, text);
  }
  return expected;
}

describe('fileWriter', () => {
  it('writes every file on a thread, in the order handed over, by the time flush() returns', () => {
    const writer = fileWriter(true, 10);
    const expected = writeMany((p, c) => writer.write(p, c), 2500);
    writer.flush();
    for (const [path, text] of expected) expect(readFileSync(path, 'utf8'), path).toBe(text);
    // Still usable after a flush, and close() waits as flush() does.
    writer.write(join(dir, 'last.json'), 'last\n');
    writer.close();
    expect(readFileSync(join(dir, 'last.json'), 'utf8')).toBe('last\n');
    expect(readdirSync(join(dir, 'a')).length + readdirSync(join(dir, 'b')).length + readdirSync(join(dir, 'c')).length).toBe(expected.size);
  });

  it('writes the first files at once, before any thread is started', () => {
    const writer = fileWriter(true, 5);
    const path = join(dir, 'now.json');
    writer.write(path, 'now\n');
    expect(readFileSync(path, 'utf8')).toBe('now\n');
    writer.close();
  });

  it('without a thread, writes each file at once', () => {
    const writer = fileWriter(false, 0);
    for (let i = 0; i < 20; i++) {
      writer.write(join(dir, `${i}.json`), `${i}\n`);
      expect(readFileSync(join(dir, `${i}.json`), 'utf8')).toBe(`${i}\n`);
    }
    writer.close();
  });

  it('throws the first failed write, naming its file, at flush(); the files before it are written', () => {
    const writer = fileWriter(true, 0);
    mkdirSync(join(dir, 'taken'));
    for (let i = 0; i < 100; i++) writer.write(join(dir, `${i}.json`), `${i}\n`);
    // A folder stands where the file should go.
    writer.write(join(dir, 'taken'), 'x');
    writer.write(join(dir, 'after.json'), 'after\n');
    expect(() => writer.flush()).toThrow(/EISDIR.*taken/);
    for (let i = 0; i < 100; i++) expect(readFileSync(join(dir, `${i}.json`), 'utf8')).toBe(`${i}\n`);
    // It says so again, and stops.
    expect(() => writer.close()).toThrow(/EISDIR.*taken/);
  });
});

describe('stageOutput on a writer thread', () => {
  /** A new output staged over an old one (holding old.json), with `count` item files written. */
  const stageOverOld = (count: number): { out: string; staged: ReturnType<typeof stageOutput> } => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'old.json'), 'old\n');
    const staged = stageOutput(out, { thread: true });
    for (let i = 0; i < count; i++) staged.write(`items/${i}.json`, `${i}\n`);
    return { out, staged };
  };

  it('commits a folder with every file written', () => {
    const { out, staged } = stageOverOld(3000);
    staged.write('items/0.json', 'again\n');
    staged.remove('items/1.json');
    staged.commit();
    expect(readdirSync(join(out, 'items'))).toHaveLength(2999);
    expect(readFileSync(join(out, 'items', '0.json'), 'utf8')).toBe('again\n');
    expect(readFileSync(join(out, 'items', '2999.json'), 'utf8')).toBe('2999\n');
    expect(existsSync(join(out, 'old.json'))).toBe(false);
    expect(readdirSync(dir), 'no staging folder left beside it').toEqual(['out']);
  });

  it('a write failing on the thread fails the commit; abort() leaves the previous output as it was', () => {
    const { out, staged } = stageOverOld(3000);
    staged.write('items/deep/x.json', 'x\n');
    // `items/deep` is a folder now: writing a file there fails, on the thread.
    staged.write('items/deep', 'not a folder\n');
    expect(() => staged.commit()).toThrow(/EISDIR/);
    staged.abort();
    expect(readdirSync(out)).toEqual(['old.json']);
    expect(readdirSync(dir), 'no staging folder left beside it').toEqual(['out']);
  });
});
