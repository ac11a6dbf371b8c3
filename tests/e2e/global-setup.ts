/**
 * Build the sites the browser tests read, with the real `build:site`, and serve each with the plain
 * static server (no fallback, no rewrites). Their URLs reach the tests through the environment.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serveStatic } from '../../scripts/serve.ts';
import { buildSite } from '../../src/builder/site.ts';
import { writeOutput } from '../../src/builder/write.ts';
import { CORPUS, corpusPostDirs } from '../support/corpus.ts';
import { writeXssArchive } from '../support/xss-archive.ts';

const OUT = resolve('.tmp/e2e');

interface SiteSpec {
  env: string;
  base: string;
  args: Parameters<typeof buildSite>[0];
}

const sample = {
  posts: ['content/_posts'],
  config: 'content/_config.yml',
  categories: 'content/category',
  aliasHosts: ['finews.zning.me'],
  pageSize: 10,
  strict: false,
  quiet: true,
};

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(OUT, { recursive: true });
  const specs: SiteSpec[] = [
    { env: 'SAMPLE_URL', base: '/', args: { ...sample, out: `${OUT}/sample` } },
    { env: 'SUBPATH_URL', base: '/news/', args: { ...sample, out: `${OUT}/subpath`, base: '/news/' } },
  ];
  if (existsSync(CORPUS)) {
    specs.push({
      env: 'CORPUS_URL',
      base: '/',
      args: {
        posts: corpusPostDirs(`${OUT}/corpus-posts`),
        config: `${CORPUS}/site/_config.yml`,
        categories: `${CORPUS}/category`,
        aliasHosts: ['finews.zning.me'],
        pageSize: 20,
        strict: false,
        quiet: true,
        out: `${OUT}/corpus`,
      },
    });
  }
  // Every payload of the XSS corpora in every context a post has (xss.spec.ts, security.spec.ts).
  specs.push({
    env: 'XSS_URL',
    base: '/',
    args: {
      posts: [writeXssArchive(`${OUT}/xss-posts`)],
      siteUrl: 'https://finews.withounder.com',
      aliasHosts: ['finews.zning.me'],
      pageSize: 50,
      strict: false,
      quiet: true,
      out: `${OUT}/xss`,
    },
  });
  const servers: Server[] = [];
  for (const spec of specs) {
    const site = await buildSite(spec.args);
    writeOutput(spec.args.out, site.files);
    const server = await serveStatic(spec.args.out, 0, spec.base);
    servers.push(server);
    process.env[spec.env] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${spec.base}`;
  }
  return async () => {
    await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  };
}
