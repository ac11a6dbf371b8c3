/**
 * Body rendering: Markdown (CommonMark, raw HTML allowed) to HTML, then the HTML-level trailer
 * (the `（文章来源：X）` source line) lifted out, and the plain-text summary and lead image taken.
 * The HTML is not sanitized here: the app sanitizes, last, at the one place that renders it.
 */
import type { ChildNode, Element } from 'domhandler';
import { hasChildren, isTag } from 'domhandler';
import { getAttributeValue, removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

export const SUMMARY_LENGTH = 120;

export interface RenderedBody {
  html: string;
  /** Plain text of the rendered body (for search and checks), whitespace collapsed. */
  text: string;
  summary: string;
  sourceName: string | null;
  /** The lifted source line, as text. */
  sourceLine: string | null;
  image: string | null;
}

const SOURCE_LINE = /^[（(]\s*文章来源\s*[:：]\s*(.+?)\s*[)）]$/;
const NON_TEXT = new Set(['script', 'style', 'template', 'noscript']);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const SPACE_BEFORE = /^(?:br|p|h[1-6]|li|div|tr)$/;

/**
 * The text a reader sees. The walks here keep their own stack rather than recursing: a post may nest
 * thousands of elements deep, and each level must not cost a stack frame.
 */
function visibleText(nodes: ChildNode[]): string {
  let out = '';
  // A node to visit, or a string to append once its element's children are done.
  const stack: (ChildNode | string)[] = [...nodes].reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === 'string') out += next;
    else if (next.type === 'text') out += next.data;
    else if (isTag(next) && !NON_TEXT.has(next.name)) {
      if (SPACE_BEFORE.test(next.name)) out += ' ';
      if (next.name === 'td' || next.name === 'th') stack.push(' ');
      for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i] as ChildNode);
    }
  }
  return out;
}

/** All text under a node (as domutils' textContent), without recursion. */
function allText(node: ChildNode): string {
  let out = '';
  const stack: ChildNode[] = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.type === 'text') out += next.data;
    else if (hasChildren(next)) for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i] as ChildNode);
  }
  return out;
}

function lastElement(nodes: ChildNode[]): Element | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!node) continue;
    if (isTag(node)) return node;
    if (node.type === 'text' && node.data.trim() !== '') return null;
  }
  return null;
}

function firstImage(nodes: ChildNode[]): string | null {
  const stack: ChildNode[] = [...nodes].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isTag(node)) continue;
    if (node.name === 'img') {
      const src = getAttributeValue(node, 'src') || getAttributeValue(node, 'data-src');
      if (src && /^https?:\/\//i.test(src)) return src;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as ChildNode);
  }
  return null;
}

export function summarize(text: string, length = SUMMARY_LENGTH): string {
  // Only the first `length` characters (code points) are looked at: a body may be megabytes long.
  let end = 0;
  let count = 0;
  for (const char of text) {
    if (count === length) return `${text.slice(0, end).trimEnd()}…`;
    end += char.length;
    count++;
  }
  return text;
}

/** Render a body. `isHtml` is for `.html` posts, whose body Jekyll does not run through Markdown. */
export function renderBody(source: string, isHtml = false): RenderedBody {
  const html = isHtml ? source : markdown.render(source);
  const dom = parseDocument(html, { decodeEntities: true, withStartIndices: true, withEndIndices: true });
  let body = html;
  let sourceName: string | null = null;
  let sourceLine: string | null = null;
  const last = lastElement(dom.children);
  if (last) {
    const lineText = collapse(allText(last));
    const m = SOURCE_LINE.exec(lineText);
    if (m?.[1]) {
      sourceName = m[1];
      sourceLine = lineText;
      if (last.startIndex !== null && last.endIndex !== null) body = html.slice(0, last.startIndex) + html.slice(last.endIndex + 1);
      removeElement(last);
    }
  }
  const text = collapse(visibleText(dom.children));
  return {
    html: body.trim(),
    text,
    summary: summarize(text),
    sourceName,
    sourceLine,
    image: firstImage(dom.children),
  };
}
