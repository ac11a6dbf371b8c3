import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isRouteErrorResponse, useRevalidator, useRouteError } from 'react-router';
import { ErrorPanel } from '../components/error-panel.tsx';
import { FeedError } from '../data/fetch-feed.ts';
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

/** What a route shows when its data or its rendering failed: the reason and a retry; never a blank page. */
export function RouteError() {
  const error = useRouteError();
  const queryClient = useQueryClient();
  const revalidator = useRevalidator();
  const [retrying, setRetrying] = useState(false);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useDocumentMeta(notFound ? '页面不存在' : '出错了', notFound ? '找不到这个页面' : '加载失败');
  if (notFound) return <NotFoundPage />;
  const retry = () => {
    setRetrying(true);
    void queryClient
      .resetQueries({ predicate: (q) => q.state.status === 'error' })
      .then(() => revalidator.revalidate())
      .finally(() => setRetrying(false));
  };
  if (error instanceof FeedError) {
    return <ErrorPanel title={TITLES[error.kind]} detail={error.message} onRetry={retry} retrying={retrying || revalidator.state === 'loading'} />;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return <ErrorPanel title="页面出错了" detail={`这个页面在显示时出错（${detail}）。`} onRetry={retry} retrying={retrying} />;
}
