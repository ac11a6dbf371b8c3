// @vitest-environment jsdom
/**
 * Properties of the sanitizer's output, whatever the input (Miniflux's and DOMPurify's fuzz
 * properties): parsed again as the app parses it (innerHTML of a div), it holds no `on*` attribute,
 * no script-capable element, no href/src/… whose URL is javascript:, vbscript: or (but for an image's
 * src) data: — after the parser decoded the entities and with the whitespace and control characters taken
 * out that URL parsers drop, in any case — and no more elements than the input had.
 *
 * Inputs: random HTML built from tags, attributes, URLs and text that attacks are made of, with the
 * XSS corpora's payloads as seeds and as whole inputs. `FUZZ_RUNS` and `FUZZ_SEED` set the run count
 * and seed (fast-check prints the seed and path of any failure, to replay it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeToString } from '../../../src/article/sanitize.ts';
import { XSS_CORPUS } from '../../support/xss-archive.ts';

const hosts = ['finews.withounder.com', 'finews.zning.me'];

function corpus(name: string): { id: string; payload: string }[] {
  const file = join(XSS_CORPUS, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { id: string; payload: string }[]) : [];
}
const vectors = corpus('dompurify-vectors');
const seeds = corpus('dompurify-fuzz-seeds');
const owasp = corpus('owasp-filter-evasion');
const corpusPayloads = [...vectors, ...seeds, ...owasp].map((v) => v.payload);

// ---- the properties ----

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'xlink:href', 'srcdoc', 'codebase', 'longdesc', 'lowsrc', 'dynsrc', 'ping', 'srcset']);
const SCRIPT_CAPABLE = 'script, iframe, frame, frameset, object, embed, applet, form, input, button, select, textarea, base, meta, link, style, svg, math, template, noscript, portal';

/** A URL as a URL parser reads its scheme: C0 controls and spaces trimmed, tabs and newlines removed, lower case. */
const urlForm = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex -- control characters are the point
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
    .replace(/[\t\n\r]/g, '')
    .toLowerCase();

/** The element count of HTML as DOMPurify reads it (a whole document: what lands in the body). */
function inputElements(html: string): number {
  return new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll('*').length;
}

/** What is wrong with the sanitizer's output for `input`; empty when nothing is. */
function violations(input: string): string[] {
  const output = sanitizeToString(input, { hosts });
  const host = document.createElement('div');
  host.innerHTML = output;
  const problems: string[] = [];
  for (const el of host.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`<${el.localName} ${name}>`);
      if (URL_ATTRIBUTES.has(name)) {
        const url = urlForm(attr.value);
        if (/^(?:javascript|vbscript):/.test(url)) problems.push(`<${el.localName} ${name}="${attr.value}">`);
        // An image never runs script (and the CSP allows data: images), anything else with data: could.
        if (/^data:/.test(url) && !(el.localName === 'img' && name === 'src')) problems.push(`<${el.localName} ${name}="${attr.value}">`);
      }
    }
  }
  for (const el of host.querySelectorAll(SCRIPT_CAPABLE)) problems.push(`<${el.localName}> element`);
  const before = inputElements(input);
  const after = host.querySelectorAll('*').length;
  if (after > before) problems.push(`${after} elements out of ${before} in`);
  return problems.map((p) => `${p} in ${JSON.stringify(output).slice(0, 300)}`);
}

// ---- random HTML ----

const TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'center', 'code', 'div', 'em', 'figure', 'figcaption', 'h1', 'h2', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 'q',
  'span', 'strong', 'table', 'tbody', 'td', 'th', 'tr', 'ul', 'caption', 'col', 'colgroup', 'time', 'font',
  // what must go, and what confuses parsers
  'script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'select', 'option', 'textarea', 'svg', 'math', 'mtext', 'mglyph', 'mi',
  'foreignobject', 'desc', 'annotation-xml', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'title', 'base', 'meta', 'link', 'body',
  'html', 'head', 'frameset', 'details', 'summary', 'video', 'audio', 'source', 'image', 'use', 'animate', 'set', 'isindex', 'marquee', 'keygen', 'dialog',
];
const ATTRIBUTES = [
  'href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'cite', 'datetime', 'data-src', 'data-original', 'style', 'class', 'id', 'name', 'target', 'rel',
  'onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'ontoggle', 'onbegin', 'OnErRor', 'formaction', 'action', 'srcdoc', 'srcset', 'xlink:href',
  'xmlns', 'xmlns:xlink', 'is', 'open', 'autofocus', 'attributename', 'to', 'values', 'background', 'poster', 'data', 'type', 'encoding',
];
const URLS = [
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)',
  '\u0001javascript:alert(1)', '&#106;avascript:alert(1)', '&#x6A;avascript:alert(1)', 'javascript&colon;alert(1)', '&#0000106avascript:alert(1)',
  'jav&#x09;ascript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg onload=alert(1)>',
  'data:image/png;base64,AAAA', 'https://a.example/x.png', 'http://a.example/', '//finews.withounder.com/category/emnews.html',
  'https://finews.zning.me/emnews/', '../emnews/', '//finews.withounder.com//evil.example/2022/05/28/x.html', '/\\evil.example/', '#x', 'x', '',
  'mailto:a@example.com', 'tel:110', 'about:blank', 'blob:https://a.example/x', 'x" onerror="alert(1)', "x' onerror='alert(1)",
];
const TEXTS = ['', 'x', '新闻', '<', '>', '&', '&lt;script&gt;', '"', "'", '`', '-->', '<!--', ']]>', '</', '</style>', '</script>', '</textarea>', '\u0000', '\u2028'];

const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 12 }), ...(corpusPayloads.length ? [fc.constantFrom(...corpusPayloads)] : []));
const quote = fc.constantFrom('"', "'", '');
const attribute = fc
  .tuple(fc.constantFrom(...ATTRIBUTES), fc.oneof(fc.constantFrom(...URLS), text), quote)
  .map(([name, value, q]) => (q ? ` ${name}=${q}${value.replaceAll(q, '')}${q}` : ` ${name}=${value.replace(/[\s>]/g, '') || 'x'}`));
const html: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), tie('nodes'), fc.boolean())
      .map(([tag, attrs, inner, close]) => `<${tag}${attrs.join('')}>${inner}${close ? `</${tag}>` : ''}`),
  ),
  nodes: fc.array(tie('node'), { maxLength: 4 }).map((list) => list.join('')),
})).nodes;

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('sanitizer fuzz: the output never holds script', () => {
  it('holds for random HTML made of attack material', () => {
    fc.assert(
      fc.property(html, (input) => {
        expect(violations(input)).toEqual([]);
      }),
      { numRuns: runs, ...(seed === undefined ? {} : { seed }), examples: seeds.map((s) => [s.payload]) },
    );
  }, Math.max(120_000, runs * 200));

  it('holds for the classic mutation-XSS shapes', () => {
    for (const input of [
      '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
      '<svg><style><img src=x onerror=alert(1)></style></svg>',
      '<template><style></template><img src=x onerror=alert(1)></style>',
      '<xmp><img src=x onerror=alert(1)></xmp>',
      '<a href="javascript&#x3A;alert(1)">x</a>',
      '<img src="x` `<script>alert(1)</script>"` `>',
      '<table><a href="javascript:alert(1)">x</a></table>',
    ]) {
      expect(violations(input), input).toEqual([]);
    }
  });
});

const corpora: [string, { id: string; payload: string }[]][] = [
  ['dompurify-vectors', vectors],
  ['dompurify-fuzz-seeds', seeds],
  ['owasp-filter-evasion', owasp],
];
for (const [name, list] of corpora) {
  describe.skipIf(list.length === 0)(`every ${name} payload (${list.length ? `${list.length} from ${XSS_CORPUS}` : `skipped: no ${name}.json in ${XSS_CORPUS}`})`, () => {
    it.each(list.map((v) => [v.id, v.payload] as const))('%s', (_id, payload) => {
      expect(violations(payload)).toEqual([]);
    });
  });
}
