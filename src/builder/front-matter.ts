/**
 * Split a post into front matter and body, and read the front matter as Jekyll would (YAML 1.1).
 * Where the YAML is broken (say, a title whose inner quotes end the string early), recover the
 * top-level `key: value` lines instead of losing the post, and say so.
 */
import { isMap, isScalar, parseDocument, Scalar, visit, type Document, type ScalarTag, type Tags } from 'yaml';

export interface FrontMatter {
  /** Top-level keys and values. */
  data: Record<string, unknown>;
  /** Raw text of the `date` value and whether it was a plain (unquoted) YAML scalar. */
  dateText: string | null;
  datePlain: boolean;
  /** The body after the closing `---`. */
  body: string;
  /** 1-based line number in the file where the body starts. */
  bodyLine: number;
  /** Problems found, each a sentence naming the line where known. */
  problems: string[];
}

const OPEN = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/** Normalize line ends and drop a byte-order mark. */
export function normalizeText(text: string): string {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

export function splitFrontMatter(text: string): FrontMatter | null {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start] ?? '').trim() === '') start++;
  if (start >= lines.length || !OPEN.test(lines[start] ?? '')) return null;
  let end = start + 1;
  while (end < lines.length && !CLOSE.test(lines[end] ?? '')) end++;
  if (end >= lines.length) return null;
  const yamlText = lines.slice(start + 1, end).join('\n');
  const problems: string[] = [];
  if (start > 0) {
    problems.push(`line 1: ${start} blank line(s) before the opening "---" (Jekyll would not see the front matter); read it anyway`);
  }
  const parsed = parseYaml(yamlText, start + 2);
  problems.push(...parsed.problems);
  return {
    data: parsed.data,
    dateText: parsed.dateText,
    datePlain: parsed.datePlain,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
    problems,
  };
}

export interface ParsedYaml {
  data: Record<string, unknown>;
  dateText: string | null;
  datePlain: boolean;
  problems: string[];
}

const BOOL = 'tag:yaml.org,2002:bool';
const psychBool = (value: boolean, test: RegExp): ScalarTag => ({ identify: (v) => v === value, default: true, tag: BOOL, test, resolve: () => value });
/**
 * Booleans as Psych (Jekyll's YAML reader) has them: yes/true/on and no/false/off in any case, but
 * not `y`/`n`, which the yaml package's 1.1 schema would turn `tags: [x, y]` into `[x, true]` with.
 */
function psychTags(tags: Tags): Tags {
  const at = tags.findIndex((t) => typeof t === 'object' && t.tag === BOOL);
  const rest = tags.filter((t) => !(typeof t === 'object' && t.tag === BOOL));
  rest.splice(at < 0 ? rest.length : at, 0, psychBool(true, /^(?:yes|true|on)$/i), psychBool(false, /^(?:no|false|off)$/i));
  return rest;
}

/**
 * Front matter nests a level or two; the YAML reader recurses once per level, and a stack that runs
 * out deep inside it can take the whole process down (V8 aborts when it cannot even compile a regular
 * expression there). Anything deeper than this is read line by line instead.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * An upper bound on how deep `yamlText` nests, and the line (0-based) where that is: block nesting
 * needs a column of indentation or an indicator (`- `, `? `, `: `) per level, flow nesting a bracket.
 * (Text in quotes and comments is skipped; plain text with many ` - ` only makes the bound looser.)
 */
function nestingDepth(yamlText: string): { depth: number; line: number } {
  let flow = 0;
  let deepest = { depth: 0, line: 0 };
  yamlText.split('\n').forEach((text, line) => {
    let depth = /^[ \t]*/.exec(text)?.[0].length ?? 0;
    let quote: string | null = null;
    let most = flow;
    let previous = ' ';
    for (let i = 0; i < text.length; i++) {
      const char = text[i] ?? '';
      if (quote) {
        if (char === quote) quote = null;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '#' && /\s/.test(previous)) break;
      else if (char === '[' || char === '{') most = Math.max(most, ++flow);
      else if ((char === ']' || char === '}') && flow > 0) flow--;
      else if ((char === '-' || char === '?' || char === ':') && /[\s[{,]/.test(previous) && /^\s?$/.test(text[i + 1] ?? '')) depth++;
      previous = char;
    }
    if (depth + most > deepest.depth) deepest = { depth: depth + most, line };
  });
  return deepest;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A `\uD800`-style escape that is not half of a pair: the only way YAML text gets a lone surrogate. */
const LONE_SURROGATE_ESCAPE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Replace lone UTF-16 surrogates (from escapes like `"\ud800"`) in every string, keys included, with
 * U+FFFD: they are no text, and no URL or file name can hold them. Says how many were replaced.
 */
function replaceLoneSurrogates(value: unknown): { value: unknown; count: number } {
  let count = 0;
  // (Values the data holds twice, through an alias, are fixed twice: harmless.)
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(LONE_SURROGATE, () => {
        count++;
        return '\ufffd';
      });
    }
    if (Array.isArray(v)) return v.map(fix);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [fix(k) as string, fix(x)]));
    }
    return v;
  };
  const fixed = fix(value);
  return { value: fixed, count };
}

/**
 * Aliases that would stop the build when the document is turned into data: one inside the value its
 * anchor names (`&a [1, *a]`, which never ends) is replaced by null; the offset of the first of those,
 * of the first alias naming no anchor, and of the first alias at all are returned.
 */
function checkAliases(doc: Document.Parsed): { recursive: { at: number; name: string } | null; unresolved: number | null; first: number | null } {
  const found: ReturnType<typeof checkAliases> = { recursive: null, unresolved: null, first: null };
  visit(doc, {
    Alias(_key, node, path) {
      const at = node.range?.[0] ?? 0;
      found.first ??= at;
      const target = node.resolve(doc);
      if (!target) found.unresolved ??= at;
      else if ((path as readonly unknown[]).includes(target)) {
        found.recursive ??= { at, name: node.source };
        return new Scalar(null);
      }
      return undefined;
    },
  });
  return found;
}

const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$/;
/** A plain scalar YAML 1.1 reads as this very string: no indicator first, no `: ` or ` #` inside. */
const PLAIN_STRING = /^(?![-?:,[\]{}#&*!|>'"%@`])(?!.*(?::[ \t]|[ \t]#|:$))\P{Cc}+$/u;
/** Plain scalars that YAML 1.1 reads as something else (bool, null, number, date…): left to the parser. */
const NOT_A_STRING = /^(?:[-+.~0-9]|(?:y|yes|n|no|true|false|on|off|null)$)/i;

/**
 * The front matter the scraper writes (`key: value` lines, double-quoted titles, plain names) read
 * without the YAML parser, which is most of a post's parse time; null for anything else, which goes
 * to the full YAML 1.1 reader. The result is what that reader gives for the same text.
 */
export function readSimpleFrontMatter(yamlText: string): ParsedYaml | null {
  const data: Record<string, unknown> = {};
  let dateText: string | null = null;
  let datePlain = true;
  for (const line of yamlText.split('\n')) {
    if (line.trim() === '') continue;
    const m = SIMPLE_LINE.exec(line);
    if (!m?.[1] || m[1] in data) return null;
    const key = m[1];
    const raw = m[2] ?? '';
    let value: string | null;
    if (raw === '') value = null;
    else if (/^"[^"\\]*"$/.test(raw)) value = raw.slice(1, -1);
    else if (/^'[^']*'$/.test(raw)) value = raw.slice(1, -1);
    else if (key === 'date' && /^[0-9][0-9 :.+\-TtZz]*$/.test(raw)) value = raw;
    else if (PLAIN_STRING.test(raw) && !NOT_A_STRING.test(raw)) value = raw;
    else return null;
    if (value !== null && /[^\S ]/.test(value.replace(/\t/g, ''))) return null;
    if (key === 'date') {
      if (raw.startsWith('"') || raw.startsWith("'")) datePlain = false;
      dateText = value;
    }
    data[key] = value;
  }
  return { data, dateText: dateText?.trim() ? dateText : null, datePlain, problems: [] };
}

function parseYaml(yamlText: string, firstLine: number): ParsedYaml {
  return readSimpleFrontMatter(yamlText) ?? readYamlFrontMatter(yamlText, firstLine);
}

/** Front matter through the full YAML 1.1 reader, with recovery line by line where it fails. */
export function readYamlFrontMatter(yamlText: string, firstLine: number): ParsedYaml {
  const lineAt = (offset: number): number => firstLine + (yamlText.slice(0, offset).match(/\n/g)?.length ?? 0);
  const recover = (line: number, what: string): ParsedYaml => {
    const recovered = recoverLines(yamlText);
    return { ...recovered, problems: [`line ${line}: ${what}; recovered ${Object.keys(recovered.data).join(', ') || 'nothing'} from its lines`] };
  };
  const deep = nestingDepth(yamlText);
  if (deep.depth > MAX_YAML_DEPTH) return recover(firstLine + deep.line, `front matter nests more than ${MAX_YAML_DEPTH} levels deep; not read as YAML`);

  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlText, { version: '1.1', customTags: psychTags, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  } catch (error) {
    // (The reader can still run out of stack on shapes the depth bound above does not foresee.)
    return recover(firstLine, `front matter is not valid YAML (${(error as Error).message})`);
  }
  // (`linePos` is only filled in with prettyErrors; count the lines up to the error's offset instead.)
  const error = doc.errors[0];
  if (error) return recover(lineAt(error.pos[0]), `front matter is not valid YAML (${error.message.split('\n')[0] ?? error.code})`);
  // (An empty block and a lone `~` are both no data, to Psych as here.)
  const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
  if (!empty && !isMap(doc.contents)) return recover(firstLine, 'front matter is not a mapping of keys to values');

  const aliases = checkAliases(doc);
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias before its anchor, or so many aliases of aliases that the data would not fit in memory.
    return recover(lineAt(aliases.unresolved ?? aliases.first ?? 0), `front matter is not valid YAML (${(error as Error).message})`);
  }
  const fixed = replaceLoneSurrogates(js ?? {});
  const data = fixed.value as Record<string, unknown>;
  const dateNode = doc.get('date', true);
  const dateText = isScalar(dateNode) ? (dateNode.source ?? String(dateNode.value ?? '')) : null;
  const datePlain = isScalar(dateNode) ? dateNode.type === 'PLAIN' : true;
  const problems: string[] = [];
  if (aliases.recursive) {
    problems.push(`line ${lineAt(aliases.recursive.at)}: front matter has the alias *${aliases.recursive.name} inside the value it names, which would never end; read it as null`);
  }
  if (fixed.count > 0) {
    const at = yamlText.split('\n').findIndex((line) => LONE_SURROGATE_ESCAPE.test(line));
    problems.push(
      `${at >= 0 ? `line ${firstLine + at}: ` : ''}front matter holds ${fixed.count} lone UTF-16 surrogate(s) (an escape like "\\ud800" that is half a character), which no text, URL or file name can hold; replaced with U+FFFD`,
    );
  }
  return { data, dateText: dateText?.trim() ? dateText.replace(LONE_SURROGATE, '\ufffd') : null, datePlain, problems };
}

/** Read `key: value` lines one by one, taking a quoted value's outer quotes off. */
function recoverLines(yamlText: string): Omit<ParsedYaml, 'problems'> {
  const data: Record<string, unknown> = {};
  let dateText: string | null = null;
  let datePlain = true;
  for (const line of yamlText.split('\n')) {
    const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(line);
    if (!m?.[1]) continue;
    const key = m[1];
    let value = (m[2] ?? '').trim();
    const quoted = /^(["']).*\1$/.test(value) && value.length >= 2;
    if (quoted) value = value.slice(1, -1);
    if (key === 'date') {
      dateText = value || null;
      datePlain = !quoted;
    }
    // (An empty unquoted value is null, as in YAML: `categories:` names no category "".)
    if (!(key in data)) data[key] = value === '' && !quoted ? null : value;
  }
  return { data, dateText, datePlain };
}
