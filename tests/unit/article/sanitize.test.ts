// @vitest-environment jsdom
/**
 * The sanitizer, Miniflux style: each test one literal input and the exact output. The hosts are the
 * site's (current and former), as the app passes them from site.json.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeToString } from '../../../src/article/sanitize.ts';

const hosts = ['finews.withounder.com', 'finews.zning.me'];
const sanitize = (html: string): string => sanitizeToString(html, { hosts });
/** What every image gets. */
const IMG = 'loading="lazy" decoding="async" referrerpolicy="no-referrer"';
/** What every link off the site gets. */
const EXT = 'target="_blank" rel="noopener noreferrer"';

function cases(list: [name: string, input: string, expected: string][]): void {
  for (const [name, input, expected] of list) it(name, () => expect(sanitize(input)).toBe(expected));
}

describe('keeps what news bodies are made of', () => {
  cases([
    ['paragraphs', '<p>第一段</p><p>第二段</p>', '<p>第一段</p><p>第二段</p>'],
    ['headings', '<h1>a</h1><h2>b</h2><h3>c</h3><h6>d</h6>', '<h1>a</h1><h2>b</h2><h3>c</h3><h6>d</h6>'],
    ['unordered lists', '<ul><li>甲</li><li>乙</li></ul>', '<ul><li>甲</li><li>乙</li></ul>'],
    ['ordered lists with start and reversed', '<ol start="3" reversed><li>a</li></ol>', '<ol start="3" reversed=""><li>a</li></ol>'],
    ['definition lists', '<dl><dt>t</dt><dd>d</dd></dl>', '<dl><dt>t</dt><dd>d</dd></dl>'],
    [
      'tables with their parts, colspan and rowspan',
      '<table><caption>c</caption><colgroup><col></colgroup><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2" rowspan="3">x</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
      '<table><caption>c</caption><colgroup><col></colgroup><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2" rowspan="3">x</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
    ],
    ['a table without tbody gets one (as the parser builds it)', '<table><tr><td>x</td></tr></table>', '<table><tbody><tr><td>x</td></tr></tbody></table>'],
    [
      'figures with captions',
      '<figure><img src="https://a.example/x.jpg" alt="图"><figcaption>说明</figcaption></figure>',
      `<figure><img src="https://a.example/x.jpg" alt="图" ${IMG}><figcaption>说明</figcaption></figure>`,
    ],
    ['blockquotes', '<blockquote><p>引用</p></blockquote>', '<blockquote><p>引用</p></blockquote>'],
    ['blockquote cite', '<blockquote cite="https://a.example/">q</blockquote>', '<blockquote cite="https://a.example/">q</blockquote>'],
    [
      'emphasis and inline text',
      '<p><em>a</em><strong>b</strong><i>c</i><b>d</b><u>e</u><s>f</s><del>g</del><ins>h</ins><mark>i</mark><small>j</small><sub>k</sub><sup>l</sup><code>m</code><q>n</q><cite>o</cite><abbr title="p">p</abbr></p>',
      '<p><em>a</em><strong>b</strong><i>c</i><b>d</b><u>e</u><s>f</s><del>g</del><ins>h</ins><mark>i</mark><small>j</small><sub>k</sub><sup>l</sup><code>m</code><q>n</q><cite>o</cite><abbr title="p">p</abbr></p>',
    ],
    ['preformatted code', '<pre><code>let a = 1;\n</code></pre>', '<pre><code>let a = 1;\n</code></pre>'],
    ['line breaks and rules', '<p>a<br>b</p><hr>', '<p>a<br>b</p><hr>'],
    ['div, span and center', '<div><span>x</span></div><center>c</center>', '<div><span>x</span></div><center>c</center>'],
    ['time with datetime', '<time datetime="2022-05-28T10:00:00+08:00">t</time>', '<time datetime="2022-05-28T10:00:00+08:00">t</time>'],
    ['escaped text stays escaped', '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;</p>', '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;</p>'],
    ['an unclosed paragraph is closed', '<p>unclosed', '<p>unclosed</p>'],
    ['unknown tags go, their text stays', '<font color="red">红</font><blink>b</blink>', '红b'],
    ['comments go', '<!-- comment --><p>x</p>', '<p>x</p>'],
  ]);
});

describe('removes what can run, load or submit', () => {
  cases([
    ['script, with its code', '<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['external script', '<p>a<script src="https://x.example/a.js"></script>b</p>', '<p>ab</p>'],
    ['style, with its rules', '<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    ['iframe', '<p>a<iframe src="https://www.youtube.com/embed/x">fallback</iframe>b</p>', '<p>ab</p>'],
    ['object, with its params and fallback', '<p>a<object data="x.swf"><param name="movie" value="x.swf">fallback</object>b</p>', '<p>ab</p>'],
    ['embed', '<p>a<embed src="x.swf">b</p>', '<p>ab</p>'],
    ['form, with its controls and content', '<form action="https://x.example/"><input type="text" name="q"><p>in form</p></form><p>after</p>', '<p>after</p>'],
    ['button, with its label', '<p>a<button type="button">提交</button>b</p>', '<p>ab</p>'],
    ['input', '<p>a<input type="checkbox" checked>b</p>', '<p>ab</p>'],
    ['select, with its options', '<p>a<select><option>o</option></select>b</p>', '<p>ab</p>'],
    ['textarea, with its text', '<p>a<textarea>t</textarea>b</p>', '<p>ab</p>'],
    ['template, with its content', '<template><img src=x onerror=alert(1)></template><p>x</p>', '<p>x</p>'],
    ['noscript, with its content', '<p>a<noscript>n</noscript>b</p>', '<p>ab</p>'],
    ['svg', '<svg><circle r="1"></circle></svg><p>x</p>', '<p>x</p>'],
    ['svg with a handler', '<svg onload="alert(1)"><g><text>t</text></g></svg>', ''],
    ['math', '<math><mi>x</mi></math><p>y</p>', '<p>y</p>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>', '<p>x</p>'],
    ['base', '<base href="https://evil.example/"><p>x</p>', '<p>x</p>'],
    ['link', '<link rel="stylesheet" href="https://x.example/a.css"><p>x</p>', '<p>x</p>'],
    ['video and audio go, their fallback text stays', '<video src="x.mp4" controls>v</video><audio src="a.mp3">a</audio>', 'va'],
    ['an unfinished tag at the end', '<p>x</p><img src=x onerror=alert(1)//', '<p>x</p>'],
  ]);
});

describe('drops handlers, styles and other attributes', () => {
  cases([
    ['onerror', '<img src="https://a.example/x.png" onerror="alert(1)">', `<img src="https://a.example/x.png" ${IMG}>`],
    ['onclick and onmouseover', '<p onclick="alert(1)" onmouseover="alert(2)">x</p>', '<p>x</p>'],
    ['onclick on a link', '<a href="https://a.example/" onclick="alert(1)">x</a>', `<a href="https://a.example/" ${EXT}>x</a>`],
    ['body onload (the body goes, its content stays)', '<body onload="alert(1)"><p>x</p></body>', '<p>x</p>'],
    ['style attributes', '<p style="color: red">x</p>', '<p>x</p>'],
    ['style on an image', '<img src="https://a.example/x.png" style="width:100px">', `<img src="https://a.example/x.png" ${IMG}>`],
    ['class and id', '<p class="x" id="y">x</p>', '<p>x</p>'],
    ['name (no DOM clobbering)', '<a name="anchor">x</a>', '<a>x</a>'],
    ['data, aria, role, lang, dir, tabindex, hidden', '<p data-x="1" aria-hidden="true" role="x" lang="en" dir="rtl" tabindex="1" hidden>x</p>', '<p>x</p>'],
    ['srcset and sizes', '<img src="https://a.example/x.jpg" srcset="javascript:alert(1) 2x" sizes="100vw">', `<img src="https://a.example/x.jpg" ${IMG}>`],
  ]);
});

describe('drops script and data links', () => {
  cases([
    ['javascript:', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['JAVASCRIPT:', '<a href="JAVASCRIPT:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: after spaces', '<a href="  javascript:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: with an entity', '<a href="&#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['javascript: with a tab entity inside', '<a href="java&#x09;script:alert(1)">x</a>', '<a>x</a>'],
    ['javascript&colon;', '<a href="javascript&colon;alert(1)">x</a>', '<a>x</a>'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>', '<a>x</a>'],
    ['data: in a link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<a>x</a>'],
    ['data:text/html in an image', '<img src="data:text/html,<script>alert(1)</script>">', `<img ${IMG}>`],
    ['javascript: in an image', '<img src="javascript:alert(1)" alt="a">', `<img alt="a" ${IMG}>`],
    ['javascript: in cite', '<q cite="javascript:alert(1)">q</q>', '<q>q</q>'],
    ['other schemes', '<a href="ftp://x.example/">f</a>', '<a>f</a>'],
    ['mailto: stays', '<a href="mailto:a@example.com">m</a>', `<a href="mailto:a@example.com" ${EXT}>m</a>`],
    ['tel: stays', '<a href="tel:+8610">t</a>', `<a href="tel:+8610" ${EXT}>t</a>`],
  ]);
});

describe('links to the site stay in the app', () => {
  cases([
    ['protocol-relative legacy category page', '<a href="//finews.withounder.com/category/emnews.html">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    ['former host, category folder', '<a href="https://finews.zning.me/emnews/">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    ['relative category folder', '<a href="../emnews/">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    ['site root', '<a href="https://finews.withounder.com/">x</a>', '<a href="/" data-internal="">x</a>'],
    ['relative root', '<a href="./">x</a>', '<a href="/" data-internal="">x</a>'],
    ['root-relative legacy category page', '<a href="/category/emnews.html">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    ['former host, legacy category page', '<a href="https://finews.zning.me/category/emnews.html">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    [
      'an article permalink',
      '<a href="//finews.withounder.com/emnews/2022/05/28/202205272393451157.html">x</a>',
      '<a href="/emnews/2022/05/28/202205272393451157.html" data-internal="">x</a>',
    ],
    ['loses its target', '<a href="http://finews.withounder.com/category/emnews.html" target="_blank">x</a>', '<a href="/c/emnews" data-internal="">x</a>'],
    // A path browsers read as another host is not the site's (sanitize.ts: staysOnSite).
    [
      'not a path that leaves the site (//)',
      '<a href="//finews.withounder.com//evil.example/2022/05/28/x.html">x</a>',
      `<a href="//finews.withounder.com//evil.example/2022/05/28/x.html" ${EXT}>x</a>`,
    ],
    ['not a path that leaves the site (/\\)', '<a href="/\\evil.example/2022/05/28/x.html">x</a>', `<a href="/\\evil.example/2022/05/28/x.html" ${EXT}>x</a>`],
    [
      'not a path that leaves the site (tab)',
      '<a href="//finews.withounder.com/\t/evil.example/2022/05/28/x.html">x</a>',
      `<a href="//finews.withounder.com/\t/evil.example/2022/05/28/x.html" ${EXT}>x</a>`,
    ],
  ]);
});

describe('links elsewhere open in a new tab without referrer', () => {
  cases([
    ['an external link', '<a href="https://other.example/emnews/">x</a>', `<a href="https://other.example/emnews/" ${EXT}>x</a>`],
    ['its own target and rel are replaced', '<a href="https://example.com/a" target="_self" rel="opener">x</a>', `<a href="https://example.com/a" ${EXT}>x</a>`],
    ['a link with no href stays a plain anchor', '<a>no href</a>', '<a>no href</a>'],
  ]);
});

describe('images', () => {
  cases([
    ['load lazily, decode async, send no referrer', '<img src="https://a.example/x.png" alt="a">', `<img src="https://a.example/x.png" alt="a" ${IMG}>`],
    ['their own loading and referrer policy are replaced', '<img src="https://a.example/x.jpg" loading="eager" referrerpolicy="unsafe-url">', `<img src="https://a.example/x.jpg" ${IMG}>`],
    ['data-src is promoted to src', '<img data-src="https://a.example/x.jpg">', `<img src="https://a.example/x.jpg" ${IMG}>`],
    ['data-src fills an empty src', '<img data-src="https://a.example/x.jpg" src="">', `<img src="https://a.example/x.jpg" ${IMG}>`],
    ['data-original, when data-src is empty', '<img data-src="" data-original="https://a.example/y.jpg">', `<img src="https://a.example/y.jpg" ${IMG}>`],
    ['src wins over data-src', '<img src="https://a.example/x.jpg" data-src="https://b.example/y.jpg">', `<img src="https://a.example/x.jpg" ${IMG}>`],
    ['a promoted javascript: data-src is dropped', '<img data-src="javascript:alert(1)">', `<img ${IMG}>`],
    ['data:image stays (CSP allows it)', '<img src="data:image/png;base64,AAAA">', `<img src="data:image/png;base64,AAAA" ${IMG}>`],
    ['numeric width and height stay', '<img src="https://a.example/x.jpg" width="600" height="400">', `<img src="https://a.example/x.jpg" width="600" height="400" ${IMG}>`],
    ['non-numeric width and height go', '<img src="https://a.example/x.jpg" width="100%" height="auto">', `<img src="https://a.example/x.jpg" ${IMG}>`],
    ['a width with spaces is trimmed', '<img src="https://a.example/x.jpg" width=" 60">', `<img src="https://a.example/x.jpg" width="60" ${IMG}>`],
    ['an image in a link', '<a href="https://a.example/"><img src="https://a.example/x.jpg"></a>', `<a href="https://a.example/" ${EXT}><img src="https://a.example/x.jpg" ${IMG}></a>`],
  ]);
});
