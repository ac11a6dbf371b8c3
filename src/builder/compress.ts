/**
 * Precompressed copies of the site's text files, as static hosts and CDNs serve them: `x.js.br`
 * and `x.js.gz` beside `x.js`. A server that knows the convention (sirv's `brotli`/`gzip` options,
 * nginx's `gzip_static`/`brotli_static`, most CDNs) sends the smallest one the browser accepts with
 * the right `Content-Encoding`; any other server just serves the originals.
 */
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Files worth compressing: text the browser fetches. */
export const COMPRESSIBLE = /\.(?:html?|js|mjs|css|json|svg|txt|xml)$/i;
/** Below this, a compressed copy saves less than a packet's headers. */
const MIN_BYTES = 256;
/**
 * Brotli quality: the highest for the app's own files (a few, fetched by every visitor), a fast one
 * for the two files per post (page and item) and the list files. On the pages of a 5,000-post
 * archive quality 11 is about 11% smaller than 7 but about 7× slower (~10 ms a file), which
 * would make a 200,000-post build:site take half an hour longer on two cores.
 */
const qualityFor = (name: string): number => (name.startsWith('assets/') ? constants.BROTLI_MAX_QUALITY : 7);

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface CompressStats {
  files: number;
  brotli: number;
  gzip: number;
}

async function variants(name: string, content: string | Uint8Array): Promise<[string, Buffer][]> {
  const raw = typeof content === 'string' ? Buffer.from(content) : content;
  if (raw.length < MIN_BYTES) return [];
  const [br, gzipped] = await Promise.all([
    brotli(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: qualityFor(name),
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz(raw, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // Only copies that are smaller: a server then never sends more than the original.
  const out: [string, Buffer][] = [];
  if (br.length < raw.length) out.push([`${name}.br`, br]);
  if (gzipped.length < raw.length) out.push([`${name}.gz`, gzipped]);
  return out;
}

/**
 * Add a `.br` and a `.gz` copy (brotli, see qualityFor; gzip at level 9) of every compressible file
 * to `files`, each only when smaller than the original. Runs on zlib's thread pool.
 */
export async function addCompressed(files: Map<string, string | Buffer>): Promise<CompressStats> {
  const names = [...files.keys()].filter((name) => COMPRESSIBLE.test(name));
  const stats: CompressStats = { files: names.length, brotli: 0, gzip: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      const content = files.get(name);
      if (content === undefined) continue;
      for (const [file, bytes] of await variants(name, content)) {
        files.set(file, bytes);
        if (file.endsWith('.br')) stats.brotli++;
        else stats.gzip++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
  return stats;
}
