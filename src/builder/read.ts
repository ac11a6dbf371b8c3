/** Finding post files under the `--posts` folders and reading them as text, whatever they hold. */
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';

export const POST_EXTENSIONS = ['.md', '.markdown', '.html', '.htm'] as const;

export interface InputFile {
  /** Index of the `--posts` folder it came from. */
  dir: number;
  /** Absolute path. */
  path: string;
  /** Path relative to its `--posts` folder, with `/` separators (a folder's ends in `/`). */
  rel: string;
  /** Set when this is a folder that could not be listed: why (its files are then unknown). */
  problem?: string;
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

/**
 * Every file under `root` (sorted, so output order never depends on the file system): regular files,
 * symbolic links and anything else that is not a folder (a named pipe, a socket), so that each is
 * named in the report. A sub-folder that cannot be listed is returned as an entry with a `problem`
 * instead of stopping the build.
 */
export function listFiles(root: string, dirIndex: number, base = root): InputFile[] {
  const out: InputFile[] = [];
  const relOf = (path: string): string => relative(base, path).split(sep).join('/');
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // The posts folder itself is checked by the caller; a sub-folder must not stop the build.
      if (dir === root) throw error;
      out.push({ dir: dirIndex, path: dir, rel: `${relOf(dir)}/`, problem: `cannot list the folder (${describeFsError(dir, error)}); its posts were not read` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Relative names built once per folder (path.relative for each of 200,000 files is slow).
    const prefix = relOf(dir);
    const relPrefix = prefix === '' ? '' : `${prefix}/`;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
      } else {
        out.push({ dir: dirIndex, path, rel: relPrefix + entry.name });
      }
    }
  };
  walk(root);
  return out;
}

export const isPostFile = (rel: string): boolean => POST_EXTENSIONS.some((ext) => rel.toLowerCase().endsWith(ext));

export type DecodedFile = { ok: true; text: string; warnings: string[] } | { ok: false; reason: string };

/**
 * Why a file system call failed, as `CODE: what` without the absolute path Node puts in its
 * messages (the report is published with the feed). A dangling symbolic link names its target.
 */
function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const message = (error as Error).message;
  if (code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) {
        const target = readlinkSync(path);
        return `ENOENT: a symbolic link to "${isAbsolute(target) ? `…/${basename(target)}` : target}", which does not exist`;
      }
    } catch {
      // gone altogether: fall through
    }
    return 'ENOENT: no such file (was it removed during the build?)';
  }
  if (code === 'ELOOP') return 'ELOOP: a loop of symbolic links';
  if (code === 'EACCES' || code === 'EPERM') return `${code}: permission denied`;
  if (code === 'EISDIR') return 'EISDIR: it is a folder, not a file';
  // "EIO: i/o error, open '/abs/path'" → "EIO: i/o error"
  const what = message.replace(new RegExp(`^${code}: `), '').replace(/, \w+ '.*'$/s, '');
  return `${code}: ${what}`;
}

const NOT_A_FILE: [string, (s: Stats) => boolean][] = [
  ['a named pipe (FIFO)', (s) => s.isFIFO()],
  ['a socket', (s) => s.isSocket()],
  ['a character device', (s) => s.isCharacterDevice()],
  ['a block device', (s) => s.isBlockDevice()],
];

const BINARY_PROBE = 8192;

/**
 * Read a file as text: UTF-8 (or UTF-16 with a byte-order mark), else GB18030 (common for Chinese
 * pages); binary files are refused. A UTF-8 file with a few bad bytes, or cut off mid-character, is
 * read as UTF-8 (not as GB18030, which would garble every character), with a warning naming where.
 * `regularFile`: the caller has just found a regular file there (saves a second look).
 */
export function readText(path: string, regularFile = false): DecodedFile {
  let bytes: Buffer;
  try {
    if (!regularFile) {
      const stat = statSync(path);
      if (stat.isDirectory()) return { ok: false, reason: 'cannot read the file (EISDIR: it is a folder, not a file)' };
      // Reading a named pipe would wait for a writer forever.
      const kind = NOT_A_FILE.find(([, test]) => test(stat))?.[0];
      if (kind) return { ok: false, reason: `cannot read the file (it is ${kind}, not a regular file)` };
    }
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, reason: `cannot read the file (${describeFsError(path, error)})` };
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) return decodeUtf16(bytes, utf16);
  const nul = bytes.subarray(0, BINARY_PROBE).indexOf(0);
  if (nul !== -1) return { ok: false, reason: `binary file (a NUL byte at offset ${nul}), not a text post` };
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { ok: true, text: utf8, warnings: [] };
  const bad = firstInvalidUtf8(bytes);
  const line = (offset: number): number => lineAt(bytes, offset);
  if (bad >= bytes.length) {
    // Valid up to a character cut off at the very end (a truncated download or copy).
    let cut = bytes.length - 1;
    while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
    const text = decodeUtf8(bytes.subarray(0, cut));
    if (text !== null) {
      return {
        ok: true,
        text,
        warnings: [`line ${line(cut)}: the file ends in the middle of a UTF-8 character (offset ${cut}; is it truncated?); dropped its ${bytes.length - cut} byte(s)`],
      };
    }
  }
  const first = badSequence(bytes, bad);
  const lossy = mostlyUtf8(bytes);
  if (lossy) {
    return {
      ok: true,
      text: lossy.text,
      warnings: [
        `line ${line(first.start)}: not valid UTF-8 (${lossy.replaced} bad byte sequence(s), the first ${first.bytes} at offset ${first.start}) in text that is otherwise UTF-8; read as UTF-8 with each replaced by U+FFFD`,
      ],
    };
  }
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return { ok: true, text, warnings: [`not UTF-8 (invalid byte at offset ${bad}); read as GB18030`] };
  } catch {
    return { ok: false, reason: `not UTF-8 text (invalid ${first.bytes} at offset ${first.start}, line ${line(first.start)}) nor GB18030` };
  }
}

/**
 * The bad UTF-8 sequence that decoding found at `bad` (where it failed): a character begun before it
 * and not properly continued (`0xe4 0x41`), or the byte itself (a stray `0x80`, a `0xff`).
 */
function badSequence(bytes: Uint8Array, bad: number): { start: number; bytes: string } {
  let start = bad;
  for (let i = bad - 1; i >= 0 && i >= bad - 3; i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) start = i;
    break;
  }
  const seq = [...bytes.subarray(start, bad + 1)].map((b) => `0x${hex(b)}`);
  return { start, bytes: `${seq.length > 1 ? 'bytes' : 'byte'} ${seq.join(' ')}` };
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const hex = (byte: number | undefined): string => (byte ?? 0).toString(16).padStart(2, '0');

/** 1-based line number of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): DecodedFile {
  const bom = encoding === 'utf-16le' ? 'FF FE' : 'FE FF';
  let text: string;
  try {
    // (The decoder drops the byte-order mark.)
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `starts with the UTF-16 byte-order mark ${bom} but is not UTF-16 text (a lone surrogate or an odd length)` };
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { ok: false, reason: `binary file (starts with the UTF-16 byte-order mark ${bom} but holds a NUL character at offset ${2 + nul * 2}), not a text post` };
  return { ok: true, text, warnings: [`UTF-16 text (the file starts with the byte-order mark ${bom}); read as ${encoding.toUpperCase()}`] };
}

/**
 * Lenient UTF-8, when the text is UTF-8 bar a few bad bytes: at least 8 well-formed non-ASCII
 * characters for each bad sequence. Text in another encoding read as UTF-8 is mostly bad sequences
 * (a GB18030 character is two bytes that hardly ever form UTF-8), so it never passes.
 */
function mostlyUtf8(bytes: Uint8Array): { text: string; replaced: number } | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  let replacements = 0;
  let wide = 0;
  for (const char of text) {
    if (char === '\ufffd') replacements++;
    else if (char > '\u007f') wide++;
  }
  // A U+FFFD written in the file (EF BF BD) is text, not a replacement.
  const literal = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').split('\u00ef\u00bf\u00bd').length - 1;
  const replaced = replacements - literal;
  return replaced > 0 && wide >= 8 * replaced ? { text, replaced } : null;
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
