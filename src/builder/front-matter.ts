/**
 * Split a post into front matter and body, and read the front matter as Jekyll would (YAML 1.1).
 * Where the YAML is broken (say, a title whose inner quotes end the string early), recover the
 * top-level `key: value` lines instead of losing the post, and say so.
 */
import { isMap, isScalar, parseDocument, type ScalarTag, type Tags } from 'yaml';

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

interface ParsedYaml {
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

function parseYaml(yamlText: string, firstLine: number): ParsedYaml {
  const doc = parseDocument(yamlText, { version: '1.1', customTags: psychTags, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (!error && (doc.contents === null || isMap(doc.contents))) {
    const data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
    const dateNode = doc.get('date', true);
    const dateText = isScalar(dateNode) ? (dateNode.source ?? String(dateNode.value ?? '')) : null;
    const datePlain = isScalar(dateNode) ? dateNode.type === 'PLAIN' : true;
    return { data, dateText: dateText?.trim() ? dateText : null, datePlain, problems: [] };
  }
  // (`linePos` is only filled in with prettyErrors; count the lines up to the error's offset instead.)
  const before = error ? yamlText.slice(0, error.pos[0]) : '';
  const where = `line ${firstLine + (before.match(/\n/g)?.length ?? 0)}`;
  const what = error ? `front matter is not valid YAML (${error.message.split('\n')[0] ?? error.code})` : 'front matter is not a mapping of keys to values';
  const recovered = recoverLines(yamlText);
  return {
    ...recovered,
    problems: [`${where}: ${what}; recovered ${Object.keys(recovered.data).join(', ') || 'nothing'} from its lines`],
  };
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
    if (!(key in data)) data[key] = value;
  }
  return { data, dateText, datePlain };
}
