import { Link } from 'react-router';
import { useDocumentMeta } from '../../lib/use-document-meta.ts';

export function NotFoundPage({ what = '页面' }: { what?: string }) {
  useDocumentMeta(`${what}不存在`, `找不到这个${what}`);
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">找不到这个{what}</h1>
      <p>链接可能有误，或者内容已经不在这个存档里。</p>
      <p>
        <Link to="/" className="button">
          返回首页
        </Link>
      </p>
    </section>
  );
}

export default NotFoundPage;
