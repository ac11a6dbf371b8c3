/**
 * Body rendering: Markdown (CommonMark, raw HTML allowed) to HTML, then the HTML-level trailer
 * (the `（文章来源：X）` source line) lifted out, and the plain-text summary and lead image taken.
 * The HTML is not sanitized here: the app sanitizes, last, at the one place that renders it.
 */
import type { ChildNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { getAttributeValue, removeElement, textContent } from 'domutils';
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

function visibleText(nodes: ChildNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.data;
    else if (isTag(node)) {
      if (NON_TEXT.has(node.name)) continue;
      if (node.name === 'br' || node.name === 'p' || /^h[1-6]$/.test(node.name) || node.name === 'li' || node.name === 'div' || node.name === 'tr') out += ' ';
      out += visibleText(node.children);
      if (node.name === 'td' || node.name === 'th') out += ' ';
    }
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
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === 'img') {
      const src = getAttributeValue(node, 'src') || getAttributeValue(node, 'data-src');
      if (src && /^https?:\/\//i.test(src)) return src;
    }
    const inner = firstImage(node.children);
    if (inner) return inner;
  }
  return null;
}

export function summarize(text: string, length = SUMMARY_LENGTH): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length).join('').trimEnd()}…`;
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
    const lineText = collapse(textContent(last));
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
