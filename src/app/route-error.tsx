import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isRouteErrorResponse, useLocation, useNavigate, useNavigation, useRouteError } from 'react-router';
import { ErrorPanel } from '../components/error-panel.tsx';
import { FeedError } from '../data/fetch-feed.ts';
import { feedKeys } from '../data/query-keys.ts';
import { useDocumentMeta } from '../lib/use-document-meta.ts';
import { NotFoundPage } from './routes/not-found.tsx';

const TITLES: Record<FeedError['kind'], string> = {
  'not-found': '找不到数据文件',
  http: '服务器出错',
  network: '网络连接失败',
  timeout: '服务器没有响应',
  'invalid-json': '数据文件已损坏',
  shape: '数据文件格式不对',
};

/**
 * The URL of a route's code when loading it failed (`import()` of a lazy route's chunk): offline, or the
 * site was redeployed and the old chunk is gone. React Router keeps a failed lazy import for good, so
 * only a reload recovers. Chromium, Firefox and Safari word the error differently; Safari names no URL.
 */
function failedModule(error: unknown): string | null {
  if (!(error instanceof TypeError)) return null;
  const match = /(?:Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed)\.?:?\s*(\S*)/i.exec(error.message);
  if (!match) return null;
  const url = match[1];
  if (!url) return '页面程序文件';
  try {
    return new URL(url, window.location.href).pathname;
  } catch {
    return url;
  }
}

/** What a route shows when its data or its rendering failed: the reason and a retry; never a blank page. */
export function RouteError() {
  const error = useRouteError();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const [retrying, setRetrying] = useState(false);
  const [stillOffline, setStillOffline] = useState(false);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useDocumentMeta(notFound ? '页面不存在' : '出错了', notFound ? '找不到这个页面' : '加载失败');
  if (notFound) return <NotFoundPage />;
  const chunk = failedModule(error);
  if (chunk !== null) {
    // Reload (the only cure), but not while the browser knows it is offline: that would trade this
    // page for the browser's own error page.
    const reload = () => {
      if (navigator.onLine) window.location.reload();
      else setStillOffline(true);
    };
    const detail = `没能下载这个页面的程序文件 ${chunk}（网络断开，或网站刚刚更新）。${stillOffline && !navigator.onLine ? '现在仍然离线，请联网后再试。' : '重试会重新载入页面。'}`;
    return <ErrorPanel title="页面加载失败" detail={detail} onRetry={reload} />;
  }
  // A feed file failed: fetch again what failed. Anything else (a render error) may come from data
  // that loaded fine, so fetch everything again rather than render the same data into the same error.
  // Then navigate to where we are: a new location always resets the error boundary, whereas a
  // revalidation whose loaders answer from the cache may end before the boundary sees it start.
  const retry = () => {
    setRetrying(true);
    void queryClient
      .resetQueries(error instanceof FeedError ? { predicate: (q) => q.state.status === 'error' } : { queryKey: feedKeys.all })
      .then(() => navigate(location, { replace: true, state: location.state as unknown, preventScrollReset: true }))
      .finally(() => setRetrying(false));
  };
  const busy = retrying || navigation.state === 'loading';
  if (error instanceof FeedError) {
    return <ErrorPanel title={TITLES[error.kind]} detail={error.message} onRetry={retry} retrying={busy} />;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return <ErrorPanel title="页面出错了" detail={`这个页面在显示时出错（${detail}）。`} onRetry={retry} retrying={busy} />;
}
