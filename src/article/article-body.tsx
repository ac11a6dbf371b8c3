import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import { ROUTER_BASENAME } from '../lib/base-path.ts';
import type { SanitizedHtml } from './sanitized-html.ts';

/**
 * The one component that renders article HTML, and it takes only sanitizer output. Clicks on links
 * the sanitizer marked as the site's own navigate inside the app, without a page load.
 */
export function ArticleBody({ body }: { body: SanitizedHtml }) {
  const navigate = useNavigate();
  function onClick(event: MouseEvent<HTMLDivElement>) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest('a[data-internal]');
    const href = link?.getAttribute('href');
    if (!href) return;
    event.preventDefault();
    void navigate(href.slice(ROUTER_BASENAME.length) || '/');
  }
  return (
    <div className="article__body" onClick={onClick} dangerouslySetInnerHTML={{ __html: body.html }} />
  );
}
