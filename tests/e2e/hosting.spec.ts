/**
 * Precompressed files as a static host serves them: build:site writes `.br` and `.gz` copies, the
 * server picks the one the browser accepts and says so in `Content-Encoding`; the bytes decode to the
 * original file, and a browser that accepts neither gets the original. The 404 page too.
 */
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { at, expect, siteUrl, test } from './fixtures.ts';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function fetchRaw(url: string, acceptEncoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function decode(raw: Raw): Buffer {
  const encoding = raw.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw.body);
  if (encoding === 'gzip') return gunzipSync(raw.body);
  expect(encoding, 'no other encoding').toBeUndefined();
  return raw.body;
}

test.describe('precompressed files', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'Chromium only');

  for (const env of ['SAMPLE_URL', 'SUBPATH_URL'] as const) {
    test(`each file in the encoding the browser accepts, the same bytes decoded (${env})`, async ({ request }, testInfo) => {
      test.skip(testInfo.project.name !== 'desktop', 'no browser involved: once is enough');
      const base = siteUrl(env);
      const home = (await fetchRaw(at(base, '/'), 'identity')).body.toString('utf8');
      const assets = [...home.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
      // The stylesheet is inlined into the page (build:site); the page names its entry script.
      expect(assets.length, 'the page names its script').toBeGreaterThanOrEqual(1);
      const urls = [at(base, '/'), at(base, '/c/emnews'), at(base, '/feed/feed.json'), ...assets.map((a) => new URL(a, base).href)];
      for (const url of urls) {
        const plain = await fetchRaw(url, 'identity');
        expect(plain.status, url).toBe(200);
        expect(plain.headers['content-encoding'], `${url}: identity`).toBeUndefined();
        if (plain.body.length < 256) {
          // Too small to be worth a compressed copy: the file itself, whatever the browser accepts.
          const raw = await fetchRaw(url, 'gzip, deflate, br, zstd');
          expect(raw.headers['content-encoding'], `${url}: no copy`).toBeUndefined();
          expect(raw.body.equals(plain.body), url).toBe(true);
          continue;
        }
        for (const [accept, encoding] of [
          ['gzip, deflate, br, zstd', 'br'],
          ['gzip', 'gzip'],
        ] as const) {
          const raw = await fetchRaw(url, accept);
          expect(raw.status, url).toBe(200);
          expect(raw.headers['content-encoding'], `${url}: ${accept}`).toBe(encoding);
          expect(raw.headers.vary, url).toMatch(/Accept-Encoding/i);
          expect(raw.body.length, `${url}: ${encoding} is smaller`).toBeLessThan(plain.body.length);
          expect(decode(raw).equals(plain.body), `${url}: ${encoding} decodes to the file`).toBe(true);
          expect(raw.headers['content-type'], url).toBe(plain.headers['content-type']);
        }
      }
      // The browser's own request decodes too.
      const response = await request.get(at(base, '/'));
      expect(await response.text()).toBe(home);
    });
  }

  test('a missing page is the 404 page, compressed or not', async ({ page, consoleLog }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'once is enough');
    consoleLog.allow(/404 \(Not Found\)/);
    const url = at(siteUrl('SAMPLE_URL'), '/no/such/page.html');
    const plain = await fetchRaw(url, 'identity');
    expect(plain.status).toBe(404);
    for (const accept of ['br', 'gzip']) {
      const raw = await fetchRaw(url, accept);
      expect(raw.status).toBe(404);
      expect(raw.headers['content-encoding']).toBe(accept === 'br' ? 'br' : 'gzip');
      expect(decode(raw).equals(plain.body)).toBe(true);
    }
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
});
