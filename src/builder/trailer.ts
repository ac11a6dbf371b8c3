/**
 * The scraper ends many posts with a trailer: the original article's address as an autolink and
 * back-links to the site (`[返回…新闻](//host/category/x.html)｜[返回首页](//host/)`). Lift those lines
 * out of the Markdown source into fields. The source line (`（文章来源：X）`) sits inside the HTML and
 * is lifted after rendering (see render.ts).
 */

export interface MarkdownTrailer {
  /** The body without the lifted lines. */
  body: string;
  externalUrl: string | null;
  backlinks: { label: string; href: string }[];
  /** The lifted lines, in document order. */
  lifted: string[];
}

const LINK = /\[([^\]]*)\]\(([^)\s]*)\)/g;
const BACKLINK_LINE = /^(?:\s*\[[^\]]*\]\([^)\s]*\)\s*[｜|]?\s*)+$/;
const AUTOLINK_LINE = /^<((?:https?:)?\/\/[^\s<>]*)?>$/i;

function backlinksOf(line: string): { label: string; href: string }[] | null {
  if (!BACKLINK_LINE.test(line)) return null;
  const links = [...line.matchAll(LINK)].map((m) => ({ label: m[1] ?? '', href: m[2] ?? '' }));
  return links.length > 0 && links.every((l) => l.label.trim().startsWith('返回')) ? links : null;
}

export function liftMarkdownTrailer(markdown: string): MarkdownTrailer {
  const lines = markdown.split('\n');
  let end = lines.length;
  const lifted: string[] = [];
  const backlinks: { label: string; href: string }[][] = [];
  const urls: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const links = backlinksOf(line);
    const auto = links ? null : AUTOLINK_LINE.exec(line);
    if (!links && !auto) break;
    if (links) backlinks.unshift(links);
    if (auto) urls.unshift(auto[1] ?? '');
    lifted.unshift(line);
    end = i;
  }
  return {
    body: lines.slice(0, end).join('\n').replace(/\s+$/, ''),
    externalUrl: urls.find((u) => u !== '') ?? null,
    backlinks: backlinks.flat(),
    lifted,
  };
}

export { siteTarget, type SiteTarget } from '../feed/site-links.ts';
