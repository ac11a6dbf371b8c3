/**
 * A plain static file server: files as they are, `index.html` for folders, `404.html` with status
 * 404 for anything else. No rewrites and no single-page fallback, like the simplest static host.
 * Like static hosts and CDNs, it sends a file's precompressed copy (`x.br`, `x.gz`, which build:site
 * writes) when the browser accepts that encoding, with `Content-Encoding` and `Vary: Accept-Encoding`.
 * Usage: tsx scripts/serve.ts <dir> [--port 4173] [--base /]
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

export function serveStatic(dir: string, port: number, base = '/'): Promise<Server> {
  const root = resolve(dir);
  const prefix = base.replace(/\/$/, '');
  const files = sirv(root, { dev: false, etag: true, extensions: ['html'], dotfiles: false, brotli: true, gzip: true });
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (prefix && !url.startsWith(`${prefix}/`) && url !== prefix) {
      res.writeHead(404).end('Not found');
      return;
    }
    req.url = url.slice(prefix.length) || '/';
    files(req, res, () => {
      const page = join(root, '404.html');
      res.statusCode = 404;
      if (existsSync(page)) {
        const accepts = String(req.headers['accept-encoding'] ?? '');
        const encoded = [
          { ext: '.br', encoding: 'br', ok: /\bbr\b/.test(accepts) },
          { ext: '.gz', encoding: 'gzip', ok: /\bgzip\b/.test(accepts) },
        ].find((v) => v.ok && existsSync(page + v.ext));
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Vary', 'Accept-Encoding');
        if (encoded) res.setHeader('Content-Encoding', encoded.encoding);
        createReadStream(encoded ? page + encoded.ext : page).pipe(res);
      } else res.end('Not found');
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' }, base: { type: 'string' } } });
  const dir = positionals[0];
  if (!dir || !existsSync(dir)) {
    process.stderr.write('usage: tsx scripts/serve.ts <dir> [--port 4173] [--base /]\n');
    process.exit(2);
  }
  const port = Number(values.port ?? process.env.PORT ?? 4173);
  await serveStatic(dir, port, values.base ?? '/');
  process.stdout.write(`Serving ${dir} at http://localhost:${port}${values.base ?? '/'}\n`);
}
