import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

let started = false;
const start = (): void => {
  if (started) return;
  started = true;
  import('./app/start.tsx')
    .then(({ startApp }) => startApp(root))
    .catch((error: unknown) => showStartFailure(root, error));
};

/**
 * The app's code could not load or start (offline, or the site was redeployed): the prerendered text
 * stays, and a notice above it says so and offers a reload. Built with DOM calls: no HTML strings.
 */
function showStartFailure(root: HTMLElement, error: unknown): void {
  console.error('Finews Reader could not start:', error);
  const panel = document.createElement('div');
  panel.className = 'error-panel';
  panel.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.className = 'error-panel__title';
  title.textContent = '页面程序没有加载';
  const detail = document.createElement('p');
  detail.className = 'error-panel__detail';
  detail.textContent = `阅读器的程序文件没能加载或启动（${error instanceof Error ? error.message : String(error)}），下面是这个页面的文字版。`;
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'button';
  retry.textContent = '重新加载';
  retry.addEventListener('click', () => window.location.reload());
  panel.append(title, detail, retry);
  root.prepend(panel);
}

/**
 * Run `start` once the page's first contentful paint is on screen and the browser is idle after it
 * (the frames that finish the first paint come first). Without Paint Timing, after the next frame;
 * and never later than a few seconds, whatever happens.
 */
function afterFirstPaint(run: () => void): void {
  const whenIdle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, 50);
  };
  setTimeout(run, 3000);
  if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    requestAnimationFrame(() => setTimeout(whenIdle, 0));
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length === 0) return;
    observer.disconnect();
    whenIdle();
  });
  observer.observe({ type: 'paint', buffered: true });
}

// When the HTML file holds the page's prerendered text (build:site), that text is the first paint:
// the app's code is only requested after it is on screen, so it never competes with the page's own
// HTML and CSS for the network or the main thread. A page without it (the dev server) starts at once,
// and so does a tab opened in the background (it paints nothing until it is shown).
if (root.firstElementChild && document.visibilityState === 'visible') afterFirstPaint(start);
else start();
