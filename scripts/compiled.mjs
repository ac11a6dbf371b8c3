/**
 * A command's TypeScript entry compiled to one JavaScript file, so that running it costs no
 * TypeScript loader at start-up. The file is made with esbuild on first use and again whenever one
 * of the files it was made from (as esbuild's metafile lists them, dependencies included) or this
 * script has another size or modification time; otherwise it is used as it is. Compiled files live
 * in `.tmp/compiled/` (ignored by git), or in FINEWS_COMPILED_DIR.
 *
 * Plain JavaScript on purpose: it runs before anything could compile TypeScript.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

/** @param {string} file @returns {string} size and modification time, or '' when it is gone */
function stamp(file) {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}

/**
 * Whether the compiled file stands: it was made with the same constants, and every input it was
 * made from is as it was then.
 * @param {string} stampFile
 * @param {string} defined the constants, as JSON
 * @returns {boolean}
 */
function fresh(stampFile, defined) {
  let made;
  try {
    made = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (typeof made !== 'object' || made === null || made.define !== defined) return false;
  const inputs = made.inputs;
  if (typeof inputs !== 'object' || inputs === null || Object.keys(inputs).length === 0) return false;
  return Object.entries(inputs).every(([file, was]) => stamp(path.resolve(ROOT, file)) === was);
}

/**
 * The compiled form of `entry` (a path relative to the repository), made if missing or stale.
 * `define`: constants compiled in (esbuild's `define`), e.g. where the sources are.
 * @param {string} entry
 * @param {Record<string, string>} [define]
 * @returns {Promise<string>} the compiled file's URL, for import()
 */
export async function compiled(entry, define = {}) {
  const dir = process.env.FINEWS_COMPILED_DIR ? path.resolve(process.env.FINEWS_COMPILED_DIR) : path.join(ROOT, '.tmp', 'compiled');
  const name = entry.replace(/\.[cm]?ts$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  const file = path.join(dir, `${name}.mjs`);
  const stampFile = path.join(dir, `${name}.inputs.json`);
  const defined = JSON.stringify(define);
  if (fresh(stampFile, defined) && stamp(file) !== '') return pathToFileURL(file).href;

  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: tmp,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'bundle',
    define,
    // Bundled CommonJS code may call require(): give the module one.
    banner: { js: "import { createRequire as __finewsRequire } from 'node:module'; const require = __finewsRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'error',
  });
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), path.relative(ROOT, import.meta.filename)]) {
    inputs[input] = stamp(path.resolve(ROOT, input));
  }
  // Stamp and file each replaced whole: a run beside this one sees the old pair or the new.
  renameSync(tmp, file);
  writeFileSync(`${stampFile}.tmp-${process.pid}`, JSON.stringify({ define: defined, inputs }));
  renameSync(`${stampFile}.tmp-${process.pid}`, stampFile);
  return pathToFileURL(file).href;
}
