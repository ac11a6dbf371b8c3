/** Finding post files under the `--posts` folders and reading them as text, whatever they hold. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const POST_EXTENSIONS = ['.md', '.markdown', '.html', '.htm'] as const;

export interface InputFile {
  /** Index of the `--posts` folder it came from. */
  dir: number;
  /** Absolute path. */
  path: string;
  /** Path relative to its `--posts` folder, with `/` separators. */
  rel: string;
}

/** A posts folder may be a Jekyll site root: then its `_posts/` is what is read. */
export function postsRoot(dir: string): string {
  try {
    if (statSync(join(dir, '_posts')).isDirectory()) return join(dir, '_posts');
  } catch {
    // not a site root
  }
  return dir;
}

/** Every file under `root` (sorted, so output order never depends on the file system). */
export function listFiles(root: string, dirIndex: number, base = root): InputFile[] {
  const out: InputFile[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        out.push({ dir: dirIndex, path, rel: relative(base, path).split(sep).join('/') });
      }
    }
  };
  walk(root);
  return out;
}

export const isPostFile = (rel: string): boolean => POST_EXTENSIONS.some((ext) => rel.toLowerCase().endsWith(ext));

export type DecodedFile = { ok: true; text: string; warnings: string[] } | { ok: false; reason: string };

/** Read a file as text: UTF-8, else GB18030 (common for Chinese pages); binary files are refused. */
export function readText(path: string): DecodedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, reason: `cannot read the file (${code}: ${(error as Error).message})` };
  }
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul !== -1) return { ok: false, reason: `binary file (a NUL byte at offset ${nul}), not a text post` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warnings: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    try {
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      return { ok: true, text, warnings: [`not UTF-8 (invalid byte at offset ${bad}); read as GB18030`] };
    } catch {
      return { ok: false, reason: `not UTF-8 text (invalid byte 0x${(bytes[bad] ?? 0).toString(16)} at offset ${bad}) nor GB18030` };
    }
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode (ignoring a cut at the very end).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
