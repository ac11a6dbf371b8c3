import { ErrorPanel } from './error-panel.tsx';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  /** The error of the last attempt to load more, if it failed. */
  error: unknown;
  onLoadMore: () => void;
  label: string;
  errorTitle: string;
  /** Shown when everything is loaded; nothing when omitted. */
  endText?: string;
}

/** The end of a paged list: a button to load more, the failure of the last attempt with a retry, or the end. */
export function LoadMore({ hasMore, loading, error, onLoadMore, label, errorTitle, endText }: LoadMoreProps) {
  return (
    <div className="list-footer">
      {error ? (
        <ErrorPanel title={errorTitle} detail={error instanceof Error ? error.message : String(error)} onRetry={onLoadMore} />
      ) : hasMore ? (
        <button type="button" className="button" onClick={onLoadMore} disabled={loading}>
          {loading ? '正在加载…' : label}
        </button>
      ) : endText ? (
        <p className="list-end">{endText}</p>
      ) : null}
    </div>
  );
}
