interface ErrorPanelProps {
  title: string;
  /** What failed, in words a reader can pass on (names the file and the problem). */
  detail: string;
  onRetry?: () => void;
  retrying?: boolean;
}

/** A failure, said plainly, with a way to try again. */
export function ErrorPanel({ title, detail, onRetry, retrying = false }: ErrorPanelProps) {
  return (
    <div className="error-panel" role="alert">
      <h2 className="error-panel__title">{title}</h2>
      <p className="error-panel__detail">{detail}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry} disabled={retrying}>
          {retrying ? '正在重试…' : '重试'}
        </button>
      ) : null}
    </div>
  );
}
