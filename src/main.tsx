import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const start = (): void => {
  void import('./app/start.tsx').then(({ startApp }) => startApp(root));
};

// When the HTML file holds the page's prerendered text (build:site), that text is the first paint:
// the app's code is only requested after it is on screen, so it never competes with the page's own
// HTML and CSS for the network or the main thread. A page without it (the dev server) starts at once,
// and so does a tab opened in the background (it paints nothing until it is shown).
if (root.firstElementChild && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(start, 0));
else start();
