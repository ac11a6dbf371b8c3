/**
 * `npm run build:feed`: the builder (src/builder/cli.ts) compiled to one JavaScript file (see
 * compiled.mjs), so that a build does not pay for a TypeScript loader at start-up.
 * `tsx scripts/build-feed.ts` runs the same from source.
 */
import path from 'node:path';
import process from 'node:process';
import { compiled } from './compiled.mjs';

const src = path.resolve(import.meta.dirname, '..', 'src');
/** @type {{ main(argv: string[]): number }} */
const cli = await import(await compiled('src/builder/cli.ts', { FINEWS_SRC: JSON.stringify(src) }));
process.exitCode = cli.main(process.argv.slice(2));
