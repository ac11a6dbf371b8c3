import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { addCompressed } from '../../../src/builder/compress.ts';

describe('addCompressed', () => {
  it('adds a brotli and a gzip copy of each text file that decode to the file', async () => {
    const page = `<!doctype html><p>${'金融消息 '.repeat(200)}</p>`;
    const script = Buffer.from(`export const x = ${JSON.stringify('a'.repeat(2000))};`);
    const files = new Map<string, string | Buffer>([
      ['index.html', page],
      ['assets/app.js', script],
      ['feed/feed.json', JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, title: '标题' })) })],
    ]);
    const stats = await addCompressed(files);
    expect(stats).toEqual({ files: 3, brotli: 3, gzip: 3 });
    expect(brotliDecompressSync(files.get('index.html.br') as Buffer).toString()).toBe(page);
    expect(gunzipSync(files.get('index.html.gz') as Buffer).toString()).toBe(page);
    expect(brotliDecompressSync(files.get('assets/app.js.br') as Buffer).equals(script)).toBe(true);
    expect((files.get('assets/app.js.br') as Buffer).length).toBeLessThan(script.length);
  });

  it('leaves binary, tiny and incompressible files alone', async () => {
    const files = new Map<string, string | Buffer>([
      ['logo.png', Buffer.alloc(4096)],
      ['tiny.json', '{"a":1}'],
      ['noise.js', randomBytes(4096)],
    ]);
    await addCompressed(files);
    expect([...files.keys()]).toEqual(['logo.png', 'tiny.json', 'noise.js']);
  });
});
