import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inlineStylesheets, renderPage, routeFiles } from '../../../src/builder/site.ts';
import { loadSiteConfig } from '../../../src/builder/site-config.ts';

describe('routeFiles', () => {
  it('maps routes to the files a static server looks up', () => {
    expect(routeFiles('/')).toEqual(['index.html']);
    expect(routeFiles('/categories')).toEqual(['categories/index.html']);
    expect(routeFiles('/c/emnews')).toEqual(['c/emnews/index.html']);
    expect(routeFiles('/emnews/2022/06/01/abc.html')).toEqual(['emnews/2022/06/01/abc.html']);
    expect(routeFiles('/%E6%96%B0%E9%97%BB/2022/06/01/x.html')).toEqual(['新闻/2022/06/01/x.html']);
  });

  it('writes a page under both spellings when servers decode reserved escapes differently', () => {
    expect(routeFiles('/a%23b/2022/06/01/x.html')).toEqual(['a#b/2022/06/01/x.html', 'a%23b/2022/06/01/x.html']);
    expect(routeFiles('/a%3Fb/2022/06/01/x.html')).toEqual(['a?b/2022/06/01/x.html', 'a%3Fb/2022/06/01/x.html']);
    expect(routeFiles('/a&%23x/2022/06/01/x.html')).toEqual(['a&#x/2022/06/01/x.html', 'a&%23x/2022/06/01/x.html']);
  });

  it('writes no file for a segment too long for a file name, or one that escapes the folder', () => {
    expect(routeFiles(`/${'a'.repeat(255)}/2022/06/01/x.html`)).toHaveLength(1);
    expect(routeFiles(`/${'a'.repeat(256)}/2022/06/01/x.html`)).toEqual([]);
    // 86 three-byte characters: 258 bytes.
    expect(routeFiles(`/${encodeURIComponent('新'.repeat(86))}/x.html`)).toEqual([]);
    expect(routeFiles('/a/%2E%2E/x.html')).toEqual([]);
    expect(routeFiles('/a/%5Cx.html')).toEqual([]);
    expect(routeFiles('/%E0%A4%A/x.html')).toEqual([]);
  });
});

describe('renderPage', () => {
  const template = [
    '<!doctype html>',
    '<html><head>',
    '<meta charset="UTF-8" />',
    '<script type="module" crossorigin src="/assets/index.js"></script>',
    '<link rel="stylesheet" href="/assets/index.css">',
    '<title>x</title>',
    '</head><body><div id="root"></div></body></html>',
  ].join('\n');
  const site = loadSiteConfig({ siteUrl: 'https://example.org' });

  it('puts the Content-Security-Policy right after the charset, before any script or stylesheet', () => {
    const html = renderPage(template, { route: '/', title: 'T', description: 'D', type: 'website' }, site, '/');
    const csp = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(csp).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(csp).toBeLessThan(html.indexOf('<script'));
    expect(csp).toBeLessThan(html.indexOf('<link'));
    expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
  });

  it('writes page text as it is, `$` patterns included', () => {
    const title = "$` $' $& $1 $$";
    const html = renderPage(template, { route: '/', title, description: title, type: 'website', body: `<p>${title}</p>` }, site, '/');
    expect(html).toContain(`<title>$\` $&#39; $&amp; $1 $$</title>`);
    expect(html).toContain(`<div id="root"><p>${title}</p></div>`);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('refuses a template without the charset tag the policy goes after', () => {
    expect(() => renderPage(template.replace('<meta charset="UTF-8" />', ''), { route: '/', title: 'T', description: 'D', type: 'website' }, site, '/')).toThrow(/charset/);
  });

  it('allows exactly the inlined stylesheet by its hash, and no other inline style', () => {
    const css = 'body{color:#111}.a::after{content:"</"}';
    const app = new Map([['assets/index.css', Buffer.from(css)]]);
    const inlined = inlineStylesheets(template, app, '/');
    expect(inlined).toContain(`<style>${css}</style>`);
    expect(inlined).not.toContain('<link rel="stylesheet"');
    const html = renderPage(inlined, { route: '/', title: 'T', description: 'D', type: 'website' }, site, '/');
    const policy = (/content="([^"]*)"/.exec(html.slice(html.indexOf('Content-Security-Policy')))?.[1] ?? '').replaceAll('&#39;', "'");
    const styleSrc = policy.split('; ').find((d) => d.startsWith('style-src '));
    expect(styleSrc).toBe(`style-src 'self' 'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    // Without inline styles, no hash: the policy stays 'self'.
    expect(renderPage(template, { route: '/', title: 'T', description: 'D', type: 'website' }, site, '/')).toContain('style-src &#39;self&#39;; ');
  });

  it('keeps a stylesheet as a link when it could close its <style> element, or is not in the build', () => {
    expect(inlineStylesheets(template, new Map([['assets/index.css', Buffer.from('a{}</STYLE><script>x</script>')]]), '/')).toBe(template);
    expect(inlineStylesheets(template, new Map(), '/')).toBe(template);
    const under = template.replace('/assets/index.css', '/news/assets/index.css');
    expect(inlineStylesheets(under, new Map([['assets/index.css', Buffer.from('a{}')]]), '/news/')).toContain('<style>a{}</style>');
  });
});
