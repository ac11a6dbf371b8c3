import { data, Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { ArticleBody } from '../../article/article-body.tsx';
import { ShareButton } from '../../components/share-button.tsx';
import { TimeLabel } from '../../components/time-label.tsx';
import { FeedError } from '../../data/fetch-feed.ts';
import { getArticleQueryOptions, useArticle } from '../../data/get-item.ts';
import { getSiteQueryOptions, useSite } from '../../data/get-site.ts';
import { categoryRoute, itemIdForPath } from '../../feed/paths.ts';
import { ID_PATTERN } from '../../feed/schema.ts';
import type { Neighbor } from '../../feed/schema.ts';
import { absoluteUrl, ROUTER_BASENAME } from '../../lib/base-path.ts';
import { safeExternalUrl } from '../../lib/safe-url.ts';
import { zoneOf } from '../../lib/format-time.ts';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';
import { queryClient } from '../query-client.ts';

/** Any path that is not another route: a Jekyll permalink, or not found. */
export async function loader({ request }: LoaderFunctionArgs): Promise<string> {
  // The address as sent (still percent-encoded), less the deploy base.
  const pathname = new URL(request.url).pathname.slice(ROUTER_BASENAME.length) || '/';
  const id = itemIdForPath(pathname);
  if (!ID_PATTERN.test(id)) throw data('不是文章地址', { status: 404 });
  try {
    await Promise.all([queryClient.ensureQueryData(getSiteQueryOptions()), queryClient.ensureQueryData(getArticleQueryOptions(queryClient, id))]);
  } catch (error) {
    if (error instanceof FeedError && error.kind === 'not-found' && error.file.startsWith('items/')) throw data('没有这篇文章', { status: 404 });
    throw error;
  }
  return id;
}

function NeighborLink({ neighbor, rel, label }: { neighbor: Neighbor | undefined; rel: 'prev' | 'next'; label: string }) {
  if (!neighbor) return <span className={`pager__link pager__link--${rel} pager__link--empty`} />;
  return (
    <Link to={neighbor.path} rel={rel} className={`pager__link pager__link--${rel}`}>
      <span className="pager__label">{label}</span>
      <span className="pager__title">{neighbor.title}</span>
    </Link>
  );
}

export function Component() {
  const id = useLoaderData<string>();
  const site = useSite();
  const { item, body } = useArticle(queryClient, id);
  const ext = item._finews;
  const category = ext.source.category;
  const original = safeExternalUrl(item.external_url);
  const categoryName = ext.category_name ?? category;
  useDocumentMeta(`${item.title} · ${site.title}`, item.summary || item.title);
  return (
    <article className="article" aria-labelledby="article-title">
      <header className="article__head">
        {category !== null ? (
          <p className="article__kicker">
            <Link to={categoryRoute(category)}>{categoryName}</Link>
          </p>
        ) : null}
        <h1 id="article-title" className="article__title">
          {item.title || '（无标题）'}
        </h1>
        <p className="article__meta">
          <TimeLabel iso={item.date_published} zone={zoneOf(site)} variant="full" />
        </p>
        {item.tags.length > 0 ? (
          <ul className="tags" aria-label="标签">
            {item.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      {item.content_html.trim() ? <ArticleBody body={body} /> : <p className="article__empty">这篇文章没有正文。</p>}
      <aside className="attribution" aria-label="来源">
        <p>
          来源：<strong className="attribution__name">{ext.source.name || '未注明'}</strong>
        </p>
        {original ? (
          <p>
            <a href={original} target="_blank" rel="noopener noreferrer" className="attribution__link">
              阅读原文<span className="visually-hidden">（在新标签页打开）</span> ↗
            </a>
          </p>
        ) : null}
        {ext.backlinks.length > 0 ? (
          <ul className="backlinks">
            {ext.backlinks.map((link) => (
              <li key={`${link.label}|${link.href}`}>
                {link.route !== null ? (
                  <Link to={link.route}>{link.label}</Link>
                ) : safeExternalUrl(link.href) ? (
                  <a href={safeExternalUrl(link.href) ?? undefined} target="_blank" rel="noopener noreferrer">
                    {link.label}
                  </a>
                ) : (
                  <span>{link.label}</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <ShareButton title={item.title} url={absoluteUrl(ext.path)} />
      </aside>
      <nav className="pager" aria-label="同一来源的上一篇和下一篇">
        <NeighborLink neighbor={ext.newer} rel="prev" label="较新一篇" />
        <NeighborLink neighbor={ext.older} rel="next" label="较早一篇" />
      </nav>
    </article>
  );
}
