import { useState } from 'react';

interface ShareButtonProps {
  title: string;
  url: string;
}

type ShareState = 'idle' | 'shared' | 'copied' | 'failed';

const MESSAGES: Record<ShareState, string> = {
  idle: '',
  shared: '已分享',
  copied: '链接已复制',
  failed: '无法复制，请手动复制地址栏中的链接',
};

/** Web Share where the browser has it; otherwise copy the link, and say so. */
export function ShareButton({ title, url }: ShareButtonProps) {
  const [state, setState] = useState<ShareState>('idle');
  async function share() {
    try {
      if (typeof navigator.share === 'function') {
        await navigator.share({ title, url });
        setState('shared');
        return;
      }
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch (error) {
      if ((error as DOMException).name === 'AbortError') return;
      setState('failed');
    }
  }
  return (
    <span className="share">
      <button type="button" className="button button--ghost" onClick={() => void share()}>
        分享
      </button>
      <span className="share__status" role="status" aria-live="polite">
        {MESSAGES[state]}
      </span>
    </span>
  );
}
