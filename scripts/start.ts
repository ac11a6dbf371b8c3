/**
 * `npm start [-- --posts <dir> …]`: build a site (the bundled sample by default) and serve it at
 * http://localhost:4173 (PORT to change).
 */
import { spawnSync } from 'node:child_process';
import { serveStatic } from './serve.ts';

const args = process.argv.slice(2);
const out = '.tmp/start-site';
const sample = ['--posts', 'content/_posts', '--config', 'content/_config.yml', '--categories', 'content/category', '--alias-host', 'finews.zning.me'];
const buildArgs = args.includes('--posts') ? args : [...sample, ...args];
const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-site.ts', ...buildArgs, '--out', out], { stdio: 'inherit' });
if (built.status !== 0 && built.status !== 1) process.exit(built.status ?? 1);
const port = Number(process.env.PORT ?? 4173);
const baseIndex = buildArgs.indexOf('--base');
const base = baseIndex >= 0 ? (buildArgs[baseIndex + 1] ?? '/') : '/';
await serveStatic(out, port, base);
process.stdout.write(`Finews Reader: http://localhost:${port}${base.startsWith('/') ? base : `/${base}`}\n`);
