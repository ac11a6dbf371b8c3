/**
 * A Jekyll-style archive that carries every payload of the XSS corpora (`../shared/corpus/xss`, see
 * its README) plus our own `__xss()` payloads, in every place a post can put text or a URL:
 *
 * - `html`: raw in the body of an `.html` post (the builder does not run those through Markdown);
 * - `md`: as the Markdown body of a `.md` post;
 * - `link`, `img-md`, `img-html`: as the address of a `[原文](…)` link, of a `![x](…)` image and of an
 *   `<img src="…">` (raw, so a payload with quotes breaks out of the attribute, as it would);
 * - `title`, `tag`, `category`: in the front matter (the category is the news source: its name, its
 *   URL path, its feed folder);
 * - `autolink`, `backlink`: as the scraper's trailer, a `<…>` original-article line and a
 *   `[返回首页](…)` last line.
 *
 * Body contexts are batched, BATCH payloads to a post, each payload in a region that starts with a
 * marker paragraph (`xss-mark:<region>`) and ends with RESET, which closes whatever a broken payload
 * left open (attribute, comment, raw-text element, foreign content, form, table…). A marker that is
 * still its own paragraph in the rendered page proves the payload before it did not swallow the next
 * one. A few payloads cannot be closed (`<plaintext>`, some MathML/SVG nestings): each of their
 * regions gets a post of its own (SOLO_PATTERNS, SOLO_IDS). The front-matter and trailer contexts
 * hold one payload a post, so each payload also gets a "single" post: title, tag and category are
 * the payload, and its body ends with the payload as `<…>` line and `[返回首页](…)` line. Posts cannot hold a NUL
 * byte (the builder refuses binary files): in a body, U+0000 is written `&#0;`.
 *
 * Plus a probe for security.spec.ts (TEXT_PROBE) and probes for bugs found (BUG_PROBES). Without the
 * corpora the archive holds our own payloads and the probes. Deterministic: same corpus, same files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The attack corpora, beside the clone (CI puts `shared/` next to it). */
export const XSS_CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/xss');
export const hasXssCorpus = (): boolean => existsSync(join(XSS_CORPUS, 'dompurify-vectors.json'));

/** The corpus files read, in this order (each a JSON array of `{id, payload}`). */
export const CORPUS_FILES = ['dompurify-vectors', 'dompurify-fuzz-seeds', 'owasp-filter-evasion'] as const;
/** Our own payloads' corpus name. */
export const OWN = 'finews-own';

export interface Payload {
  /** Unique id (`dompurify-001`, `owasp-019`, `own-01`). */
  id: string;
  /** Corpus name: a CORPUS_FILES entry or OWN. */
  corpus: string;
  payload: string;
}

/** Where in a body a payload goes (batch posts). A single post has it as title, tag, category, `<…>` line and back-link. */
export type BodyContext = 'html' | 'md' | 'link' | 'img-md' | 'img-html';

export interface Region {
  /** The marker's id: `xss-mark:<id>` is the text of the paragraph that opens the region. */
  id: string;
  payload: Payload;
  context: BodyContext;
}

export interface XssPost {
  /** File name under `_posts/`. */
  file: string;
  kind: 'batch' | 'single' | 'probe';
  /** Payloads in body regions (batch posts). */
  regions: Region[];
  /** The one payload of a single post, in every PostContext. */
  single: Payload | null;
  text: string;
}

export interface XssArchive {
  payloads: Payload[];
  posts: XssPost[];
}

/** Payloads a batch post carries. */
export const BATCH = 25;

/**
 * Closes what a broken payload may have left open, in HTML and (as one raw HTML block) in Markdown:
 * an attribute value (either quote), a comment, a CDATA section, a raw-text element, then a <p> (an
 * end tag is ignored while an HTML <p> is open inside the element it names), then the integration
 * points of SVG and MathML (their end tags pop them from foreign content), then forms, tables, svg and
 * math themselves.
 */
export const RESET =
  `<!-- "'> ]]> --></script></style></textarea></title></xmp></noembed></noframes></iframe></noiframe></p></noscript>` +
  '</template></select></option></button></foreignobject></desc></annotation-xml></mtext></mi></mo></mn></ms>' +
  '</form></object></svg></math></a></table>';

export const MARK = 'xss-mark:';

/**
 * Our own payloads: each calls the canary `__xss()` (or opens a page that would), in the places
 * HTML, Markdown and URLs can run script.
 */
const OWN_PAYLOADS: string[] = [
  // HTML
  '<script>__xss()</script>',
  '<img src=x onerror=__xss()>',
  '<img src="https://img.invalid/a.png" onload="__xss()">',
  '<svg onload=__xss()>',
  '<svg><script>__xss()</script></svg>',
  '<body onload=__xss()>',
  '<iframe srcdoc="<script>parent.__xss()</script>"></iframe>',
  '<iframe src="javascript:parent.__xss()"></iframe>',
  '<a href="javascript:__xss()">click</a>',
  '<a href="JaVaScRiPt:__xss()">click</a>',
  '<a href="&#106;avascript:__xss()">click</a>',
  '<a href="java&#x09;script:__xss()">click</a>',
  '<a href="jav&#x0A;ascript:__xss()">click</a>',
  '<a href=" &#14; javascript:__xss()">click</a>',
  '<a href="\u0001javascript:__xss()">click</a>',
  '<a href="javascript&colon;__xss()">click</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058__xss()">click</a>',
  '<a href="data:text/html,<script>opener.__xss()</script>">click</a>',
  '<a href="https://finews.withounder.com/" onclick="__xss()">site</a>',
  '<a href="https://example.invalid/" onfocus="__xss()">focus</a>',
  '<form action="javascript:__xss()"><button>go</button></form>',
  '<button formaction="javascript:__xss()">go</button>',
  '<input autofocus onfocus=__xss()>',
  '<details open ontoggle=__xss()><summary>s</summary></details>',
  '<div onmouseover="__xss()">hover</div>',
  '<p onclick="__xss()">click</p>',
  '<object data="javascript:__xss()"></object>',
  '<embed src="javascript:__xss()">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss()">',
  '<base href="javascript:__xss()//"><a href="/x">relative</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss()>',
  '<svg></p><style><a id="</style><img src=1 onerror=__xss()>">',
  '<noscript><p title="</noscript><img src=x onerror=__xss()>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss()>',
  '<video><source onerror=__xss()></video>',
  '<audio src=x onerror=__xss()></audio>',
  '<img srcset="x" onerror="__xss()">',
  '<img src="x" data-src="javascript:__xss()">',
  '<img data-src="x" onerror=__xss()>',
  '<style>@import "javascript:__xss()";</style>',
  '<div style="background:url(javascript:__xss())">s</div>',
  '<marquee onstart=__xss()>m</marquee>',
  '<template><img src=x onerror=__xss()></template>',
  '<img src=x:x onerror=__xss()>',
  '"><img src=x onerror=__xss()>',
  "'><img src=x onerror=__xss()>",
  '</title><script>__xss()</script>',
  '</script><script>__xss()</script>',
  // Markdown
  '[x](javascript:__xss())',
  '[x](JAVASCRIPT:__xss%28%29)',
  '![x](javascript:__xss())',
  '[x](<javascript:__xss()>)',
  '<javascript:__xss()>',
  '[x][r]\n\n[r]: javascript:__xss()',
  '[x](&#106;avascript:__xss())',
  '[x](data:text/html;base64,PHNjcmlwdD5vcGVuZXIuX194c3MoKTwvc2NyaXB0Pg==)',
  '[x](vbscript:__xss())',
  '`<img src=x onerror=__xss()>`',
  // URLs (and attribute break-outs when put in src="…")
  'javascript:__xss()',
  '  javascript:__xss()',
  'java\tscript:__xss()',
  'x" onerror="__xss()',
  "x' onerror='__xss()",
  'https://img.invalid/a.png" onload="__xss()',
  'x onerror=__xss()',
  '//finews.withounder.com/emnews/" onclick="__xss()',
];

/**
 * Payloads that swallow what follows them whatever RESET does, so each gets a post of its own in
 * that kind of post: `<plaintext>` cannot be closed at all; the others leave the parser inside an
 * HTML element within MathML/SVG text (`<math><mtext>…<mglyph>`), whose end tags are then ignored,
 * or (in a Markdown link or image) open a construct that runs into the next region. Found by
 * running the batches through the pipeline; xss.spec.ts fails with "did not come through on their
 * own" and the swallowed region's id if the corpora ever hold another such payload.
 */
const SOLO_PATTERNS: RegExp[] = [/<plaintext/i];
const SOLO_IDS: Record<'html' | 'md' | 'url', readonly string[]> = {
  html: ['dompurify-206', 'dompurify-207', 'dompurify-208', 'dompurify-209', 'dompurify-210', 'own-31', 'own-34'],
  md: ['dompurify-206', 'dompurify-207', 'dompurify-208', 'dompurify-209', 'dompurify-210', 'own-31', 'own-34'],
  url: ['dompurify-122', 'dompurify-161', 'dompurify-206', 'dompurify-207', 'dompurify-208', 'dompurify-209', 'dompurify-210', 'owasp-076', 'own-31', 'own-34'],
};

/** The corpora's payloads (those whose file is there) and ours. */
export function loadPayloads(corpusDir = XSS_CORPUS): Payload[] {
  const out: Payload[] = [];
  for (const name of CORPUS_FILES) {
    if (!existsSync(join(corpusDir, `${name}.json`))) continue;
    const entries = JSON.parse(readFileSync(join(corpusDir, `${name}.json`), 'utf8')) as { id: string; payload: string }[];
    for (const { id, payload } of entries) out.push({ id, corpus: name, payload });
  }
  OWN_PAYLOADS.forEach((payload, i) => out.push({ id: `own-${String(i + 1).padStart(2, '0')}`, corpus: OWN, payload }));
  const ids = new Set(out.map((p) => p.id));
  if (ids.size !== out.length) throw new Error('payload ids are not unique');
  return out;
}

/** A YAML double-quoted scalar for any string (every non-printable or non-ASCII char escaped). */
export function yamlString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i] ?? '';
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** A post cannot hold a NUL byte (the builder refuses binary files): in a body it is a character reference. */
const bodyText = (text: string): string => text.replaceAll('\0', '&#0;');

const pad = (n: number, width = 3): string => String(n).padStart(width, '0');

/** Post `n`'s date: one minute apart, from 2022-03-01 08:00 Beijing time. */
function dateOf(n: number): { day: string; stamp: string } {
  const ms = Date.UTC(2022, 2, 1, 0, 0, 0) + n * 60_000;
  const d = new Date(ms + 8 * 3_600_000);
  const day = d.toISOString().slice(0, 10);
  return { day, stamp: `${day} ${d.toISOString().slice(11, 19)} +0800` };
}

function frontMatter(fields: { title: string; date: string; categories: string[]; tags: string[] }): string {
  return [
    '---',
    'layout: post',
    `title: ${yamlString(fields.title)}`,
    `date: ${fields.date}`,
    `categories: [${fields.categories.map(yamlString).join(', ')}]`,
    `tags: [${fields.tags.map(yamlString).join(', ')}]`,
    '---',
    '',
  ].join('\n');
}

function regionBody(region: Region): string {
  const p = bodyText(region.payload.payload);
  const mark = `${MARK}${region.id}`;
  switch (region.context) {
    case 'html':
      return `<p>${mark}</p>\n${p}\n${RESET}\n`;
    case 'md':
      return `${mark}\n\n${p}\n\n${RESET}\n\n`;
    case 'link':
      return `${mark}\n\n[原文](${p})\n\n${RESET}\n\n`;
    case 'img-md':
      return `${mark}\n\n![x](${p})\n\n${RESET}\n\n`;
    case 'img-html':
      return `${mark}\n\n<img src="${p}">\n\n${RESET}\n\n`;
  }
}

const corpusTag = (corpus: string): string => corpus.replace(/^dompurify-vectors$/, 'dpv').replace(/^dompurify-fuzz-seeds$/, 'dpf').replace(/^owasp-filter-evasion$/, 'owasp').replace(/^finews-own$/, 'own');

/** The text-probe post of security.spec.ts: HTML-looking title, summary, tag and source name. */
export const TEXT_PROBE = {
  file: '2022-12-31-xss-text-probe.md',
  category: 'xss-text-probe',
  title: '<img src=x onerror=__xss()>',
  tag: '<b onmouseover=__xss()>tag</b>',
  source: '<img src=x onerror=__xss()>来源',
  summary: '<img src=x onerror=__xss()> 摘要 <script>__xss()</script>',
} as const;

function probePost(): XssPost {
  const esc = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const text =
    frontMatter({ title: TEXT_PROBE.title, date: '2022-12-31 23:00:00 +0800', categories: [TEXT_PROBE.category], tags: [TEXT_PROBE.tag] }) +
    `<p>${esc(TEXT_PROBE.summary)}</p>\n\n<p>（文章来源：${esc(TEXT_PROBE.source)}）</p>\n`;
  return { file: TEXT_PROBE.file, kind: 'probe', regions: [], single: null, text };
}

/**
 * Posts for bugs the archive found outside the sanitizer (xss.spec.ts, "known bugs"): `$` patterns in
 * a title, a back-link to the site whose path names another host, and a category with a line break.
 */
export const BUG_PROBES = {
  dollar: { file: '2022-12-30-xss-bug-dollar.md', title: "XSS bug probe: $` and $' and $& in a title" },
  backlink: { file: '2022-12-30-xss-bug-backlink.md', href: '//finews.withounder.com//evil.invalid/2022/01/01/x.html' },
  newline: { file: '2022-12-30-xss-bug-newline.md', category: 'line\nbreak' },
} as const;

function bugProbes(): XssPost[] {
  const post = (file: string, text: string): XssPost => ({ file, kind: 'probe', regions: [], single: null, text });
  return [
    post(
      BUG_PROBES.dollar.file,
      frontMatter({ title: BUG_PROBES.dollar.title, date: '2022-12-30 09:00:00 +0800', categories: ['xss-bug'], tags: ['xss-bug'] }) + '正文。\n',
    ),
    post(
      BUG_PROBES.backlink.file,
      frontMatter({ title: 'XSS bug probe: back-link', date: '2022-12-30 10:00:00 +0800', categories: ['xss-bug'], tags: ['xss-bug'] }) +
        `正文。\n\n[返回首页](${BUG_PROBES.backlink.href})\n`,
    ),
    post(
      BUG_PROBES.newline.file,
      frontMatter({ title: 'XSS bug probe: line break in the category', date: '2022-12-30 11:00:00 +0800', categories: [BUG_PROBES.newline.category], tags: ['xss-bug'] }) +
        '正文。\n',
    ),
  ];
}

/** The whole archive, in memory. */
export function xssArchive(corpusDir = XSS_CORPUS): XssArchive {
  const payloads = loadPayloads(corpusDir);
  const posts: XssPost[] = [];
  let n = 0;
  // Batches: per corpus and body context kind (`html`; `md`; the three URL contexts together).
  const kinds: { name: 'html' | 'md' | 'url'; ext: string; contexts: BodyContext[] }[] = [
    { name: 'html', ext: 'html', contexts: ['html'] },
    { name: 'md', ext: 'md', contexts: ['md'] },
    { name: 'url', ext: 'md', contexts: ['link', 'img-md', 'img-html'] },
  ];
  const corpora = [...CORPUS_FILES, OWN];
  for (const kind of kinds) {
    for (const corpus of corpora) {
      // Groups of regions: BATCH payloads (each in every context of the kind) to a post, and a post
      // of its own for each region of a payload that swallows what follows it.
      type Slot = { payload: Payload; context: BodyContext };
      const groups: Slot[][] = [];
      let current: Slot[] = [];
      for (const payload of payloads.filter((p) => p.corpus === corpus)) {
        const slots = kind.contexts.map((context) => ({ payload, context }));
        if (SOLO_PATTERNS.some((re) => re.test(payload.payload)) || SOLO_IDS[kind.name].includes(payload.id)) {
          for (const slot of slots) groups.push([slot]);
          continue;
        }
        current.push(...slots);
        if (current.length === BATCH * kind.contexts.length) {
          groups.push(current);
          current = [];
        }
      }
      if (current.length) groups.push(current);
      groups.forEach((group, g) => {
        const slug = `xss-${kind.name}-${corpusTag(corpus)}-${pad(g + 1, 2)}`;
        const { day, stamp } = dateOf(n++);
        const regions: Region[] = group.map(({ payload, context }) => ({ id: `${slug}.${payload.id}.${context}`, payload, context }));
        const tags = [...new Set(group.map((slot) => slot.payload.payload))];
        const text =
          frontMatter({ title: `XSS ${kind.name} ${corpus} ${g + 1}`, date: stamp, categories: [`xss-${kind.name}`], tags }) + regions.map(regionBody).join('');
        posts.push({ file: `${day}-${slug}.${kind.ext}`, kind: 'batch', regions, single: null, text });
      });
    }
  }
  // Singles: one payload as title, tag, category, original-article line and back-link.
  for (const payload of payloads) {
    const slug = `xss-one-${payload.id}`;
    const { day, stamp } = dateOf(n++);
    const p = bodyText(payload.payload);
    const text =
      frontMatter({ title: payload.payload, date: stamp, categories: [payload.payload], tags: [payload.payload] }) +
      `${MARK}${slug}\n\n<${p}>\n[返回首页](${p})\n`;
    posts.push({ file: `${day}-${slug}.md`, kind: 'single', regions: [], single: payload, text });
  }
  posts.push(probePost(), ...bugProbes());
  return { payloads, posts };
}

/**
 * Write the archive as a Jekyll site root (`<dir>/_posts/…`), replacing what was there, and return
 * `dir`. Without the corpora it holds our own payloads and the text probe only.
 */
export function writeXssArchive(dir: string, corpusDir = XSS_CORPUS): string {
  const archive = xssArchive(corpusDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '_posts'), { recursive: true });
  for (const post of archive.posts) writeFileSync(join(dir, '_posts', post.file), post.text);
  return dir;
}
