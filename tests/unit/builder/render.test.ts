import { describe, expect, it } from 'vitest';
import { renderBody, summarize, SUMMARY_LENGTH } from '../../../src/builder/render.ts';

describe('renderBody: Markdown', () => {
  it('renders paragraphs, emphasis, lists and quotes', () => {
    expect(renderBody('第一段 *强调*\n\n- 甲\n- 乙\n\n> 引用')).toMatchObject({
      html: '<p>第一段 <em>强调</em></p>\n<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>\n<blockquote>\n<p>引用</p>\n</blockquote>',
      text: '第一段 强调 甲 乙 引用',
      sourceName: null,
      sourceLine: null,
      image: null,
    });
  });

  it('passes raw HTML through (sanitizing is the app’s job)', () => {
    expect(renderBody('<p style="x">甲</p><center><strong>乙</strong></center>').html).toBe('<p style="x">甲</p><center><strong>乙</strong></center>');
  });

  it('does not run an .html post through Markdown', () => {
    expect(renderBody('*not emphasis*\n\n<p>x</p>', true).html).toBe('*not emphasis*\n\n<p>x</p>');
  });

  it('decodes entities in the text and leaves out scripts and styles', () => {
    expect(renderBody('<p>《&lt;蒙特利尔议定书&gt;》&amp;</p><script>var x = 1</script><style>p{}</style>').text).toBe('《<蒙特利尔议定书>》&');
  });

  it('renders an empty body as nothing', () => {
    expect(renderBody('')).toEqual({ html: '', text: '', summary: '', sourceName: null, sourceLine: null, image: null });
  });
});

describe('renderBody: the source line', () => {
  it('lifts （文章来源：X） from <p class="em_media">, nested spans and links included', () => {
    const html =
      '<p>正文。</p><p class="em_media">（文章来源：上海<span id="bk_90.BK0473"><a href="http://quote.eastmoney.com/unify/r/90.BK0473" class="keytip">证券</a></span><span id="bkquote_90.BK0473"></span>报）</p>';
    expect(renderBody(html)).toEqual({
      html: '<p>正文。</p>',
      text: '正文。',
      summary: '正文。',
      sourceName: '上海证券报',
      sourceLine: '（文章来源：上海证券报）',
      image: null,
    });
  });

  it('lifts it from a Markdown line of its own', () => {
    expect(renderBody('段落一\n\n段落二\n\n（文章来源：中国基金报）')).toMatchObject({
      html: '<p>段落一</p>\n<p>段落二</p>',
      sourceName: '中国基金报',
      sourceLine: '（文章来源：中国基金报）',
    });
  });

  it('accepts ASCII parentheses and colon, and spaces inside', () => {
    expect(renderBody('正文\n\n( 文章来源: 证券时报 )').sourceName).toBe('证券时报');
  });

  it('leaves a source that is not the last element', () => {
    const r = renderBody('（文章来源：中国基金报）\n\n正文');
    expect(r).toMatchObject({ sourceName: null, sourceLine: null, text: '（文章来源：中国基金报） 正文' });
  });

  it('leaves a source that shares its paragraph with other text', () => {
    expect(renderBody('正文。（文章来源：中国基金报）').sourceName).toBeNull();
    expect(renderBody('正文。（央视新闻）').sourceName).toBeNull();
  });

  it('lifts nothing when text follows the last element', () => {
    expect(renderBody('<p>（文章来源：中国基金报）</p>尾巴', true).sourceName).toBeNull();
  });
});

describe('renderBody: summary and lead image', () => {
  it('summarizes in plain text, collapsing whitespace', () => {
    expect(renderBody('# 标题\n\n第一段  文字\n第二行\n\n<p>第二段<br>换行</p>').summary).toBe('标题 第一段 文字 第二行 第二段 换行');
  });

  it('cuts a long summary at 120 characters and adds …', () => {
    const long = '财'.repeat(SUMMARY_LENGTH + 30);
    const { summary } = renderBody(long);
    expect(SUMMARY_LENGTH).toBe(120);
    expect(summary).toBe(`${'财'.repeat(120)}…`);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    expect(summarize('📈'.repeat(130), 3)).toBe('📈📈📈…');
    expect(summarize('短', 3)).toBe('短');
  });

  it('does not include the lifted source line in the summary', () => {
    expect(renderBody('正文\n\n（文章来源：中国基金报）').summary).toBe('正文');
  });

  it('takes the first http(s) image, data-src too', () => {
    expect(renderBody('<img data-src="https://x.example/a.jpg" alt="a">\n\n![b](https://x.example/b.png)').image).toBe('https://x.example/a.jpg');
    expect(renderBody('正文\n\n![图](https://x.example/b.png)').image).toBe('https://x.example/b.png');
    expect(renderBody('<center><img src="https://dfscdn.dfcfw.com/download/D1.jpg" alt="图片"></center>').image).toBe('https://dfscdn.dfcfw.com/download/D1.jpg');
  });

  it('skips images that are not http(s)', () => {
    expect(renderBody('<img src="data:image/png;base64,AAAA"><img src="/local.png"><img src="javascript:x"><img src="http://x.example/ok.gif">').image).toBe('http://x.example/ok.gif');
    expect(renderBody('<img src="/local.png">').image).toBeNull();
  });
});
