import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPostFile, listFiles, postsRoot, readText } from '../../../src/builder/read.ts';
import { loadCategoryPages, loadSiteConfig, normalizeSiteUrl, UsageError } from '../../../src/builder/site-config.ts';
import { removeDir, tempDir, writeTree } from './helpers.ts';

let dir = '';
beforeEach(() => {
  dir = tempDir('read');
});
afterEach(() => removeDir(dir));

describe('listFiles and postsRoot', () => {
  it('lists every file, sorted, with / paths, skipping dot folders and node_modules', () => {
    writeTree(dir, { 'b.md': '', 'a.md': '', 'sub/c.markdown': '', '.git/x.md': '', 'node_modules/y.md': '', '.hidden.md': '', 'img.png': '' });
    expect(listFiles(dir, 0).map((f) => f.rel)).toEqual(['.hidden.md', 'a.md', 'b.md', 'img.png', 'sub/c.markdown']);
    expect(listFiles(dir, 3)[0]).toEqual({ dir: 3, path: path.join(dir, '.hidden.md'), rel: '.hidden.md' });
  });

  it('reads _posts/ of a site root, naming files from the root', () => {
    writeTree(dir, { '_posts/2021-12-08-a.md': '', 'index.md': '' });
    expect(postsRoot(dir)).toBe(path.join(dir, '_posts'));
    expect(listFiles(postsRoot(dir), 0, dir).map((f) => f.rel)).toEqual(['_posts/2021-12-08-a.md']);
    expect(postsRoot(path.join(dir, '_posts'))).toBe(path.join(dir, '_posts'));
  });

  it('lists a symbolic link as a file', () => {
    writeTree(dir, { 'real/a.md': 'x' });
    mkdirSync(path.join(dir, 'posts'));
    symlinkSync(path.join(dir, 'real/a.md'), path.join(dir, 'posts/link.md'));
    expect(listFiles(path.join(dir, 'posts'), 0).map((f) => f.rel)).toEqual(['link.md']);
  });
});

describe('isPostFile', () => {
  it.each([
    ['a.md', true],
    ['a.MD', true],
    ['a.markdown', true],
    ['a.html', true],
    ['a.htm', true],
    ['a.txt', false],
    ['a.md.bak', false],
    ['md', false],
  ])('%s → %s', (name, expected) => {
    expect(isPostFile(name)).toBe(expected);
  });
});

describe('readText', () => {
  it('reads UTF-8', () => {
    writeTree(dir, { 'a.md': '离岸人民币' });
    expect(readText(path.join(dir, 'a.md'))).toEqual({ ok: true, text: '离岸人民币', warnings: [] });
  });

  it('reads GB18030 when it is not UTF-8, with a warning naming the offset', () => {
    // "---\n中文" in GB18030: 中 = D6 D0, 文 = CE C4. D6 could start a UTF-8 sequence; D0 (offset 5) cannot go on with it.
    writeTree(dir, { 'gb.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xd6, 0xd0, 0xce, 0xc4]) });
    expect(readText(path.join(dir, 'gb.md'))).toEqual({ ok: true, text: '---\n中文', warnings: ['not UTF-8 (invalid byte at offset 5); read as GB18030'] });
  });

  it('refuses a binary file', () => {
    writeTree(dir, { 'bin.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) });
    expect(readText(path.join(dir, 'bin.md'))).toEqual({ ok: false, reason: 'binary file (a NUL byte at offset 4), not a text post' });
  });

  it('says why a file cannot be read', () => {
    const result = readText(path.join(dir, 'missing.md'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^cannot read the file \(ENOENT: /);
    mkdirSync(path.join(dir, 'folder.md'));
    expect(readText(path.join(dir, 'folder.md'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot read the file \(EISDIR/) as unknown });
  });
});

describe('site settings', () => {
  it('reads title, time zone, URL and hosts from _config.yml, adding alias hosts', () => {
    writeTree(dir, { '_config.yml': 'title: 金融消息\ntimezone: Asia/Shanghai\nurl: https://finews.withounder.com/\nbaseurl: ""\npermalink: pretty\n' });
    expect(loadSiteConfig({ configFile: path.join(dir, '_config.yml'), aliasHosts: ['finews.zning.me', 'https://Old.Example:8080/x'] })).toEqual({
      title: '金融消息',
      description: '',
      timeZone: 'Asia/Shanghai',
      siteUrl: 'https://finews.withounder.com',
      hosts: ['finews.withounder.com', 'finews.zning.me', 'old.example'],
      permalink: null,
    });
  });

  it('defaults to Asia/Shanghai and no URL without a config', () => {
    expect(loadSiteConfig({})).toEqual({ title: 'Finews', description: '', timeZone: 'Asia/Shanghai', siteUrl: null, hosts: [], permalink: null });
  });

  it('lets --site-url override the config’s URL, keeping both hosts', () => {
    writeTree(dir, { '_config.yml': 'url: https://a.example\nbaseurl: /news\n' });
    expect(loadSiteConfig({ configFile: path.join(dir, '_config.yml'), siteUrl: 'https://b.example/feed/' })).toMatchObject({
      siteUrl: 'https://b.example/feed',
      hosts: ['a.example', 'b.example'],
    });
  });

  it('refuses unusable settings with a UsageError naming them', () => {
    writeTree(dir, { 'bad-tz.yml': 'timezone: Mars/Olympus\n', 'list.yml': '- a\n', 'broken.yml': 'a: [\n' });
    expect(() => loadSiteConfig({ configFile: path.join(dir, 'bad-tz.yml') })).toThrow(/timezone "Mars\/Olympus" is not a known IANA time zone/);
    expect(() => loadSiteConfig({ configFile: path.join(dir, 'list.yml') })).toThrow(UsageError);
    expect(() => loadSiteConfig({ configFile: path.join(dir, 'broken.yml') })).toThrow(/not a usable _config.yml/);
    expect(() => loadSiteConfig({ configFile: path.join(dir, 'none.yml') })).toThrow(/--config .*none\.yml: cannot read it/);
    expect(() => loadSiteConfig({ aliasHosts: ['not a host'] })).toThrow('--alias-host "not a host" is not a host name');
  });

  it('normalizes site URLs and refuses others', () => {
    expect(normalizeSiteUrl('https://x.example/a/', '--site-url')).toBe('https://x.example/a');
    expect(normalizeSiteUrl('http://x.example', '--site-url')).toBe('http://x.example');
    expect(() => normalizeSiteUrl('x.example', '--site-url')).toThrow('--site-url "x.example" is not an absolute URL (like https://example.com)');
    expect(() => normalizeSiteUrl('ftp://x.example', '--site-url')).toThrow('--site-url "ftp://x.example" must be an http or https URL');
  });

  it('reads category page titles by their category: key or file name', () => {
    writeTree(dir, {
      'emnews.html': '---\nlayout: category\ntitle: Emnews\ncategory: emnews\n---',
      '21shijijingjibaodao 21caijingAPP.html': '---\ntitle: 21世纪经济报道新闻\n---',
      'no-title.html': '---\ncategory: x\n---',
      'notes.txt': '---\ntitle: ignored\n---',
    });
    expect(loadCategoryPages(dir)).toEqual(
      new Map([
        ['21shijijingjibaodao 21caijingAPP', '21世纪经济报道新闻'],
        ['emnews', 'Emnews'],
      ]),
    );
    expect(() => loadCategoryPages(path.join(dir, 'none'))).toThrow(/--categories .*none: cannot read the folder/);
  });
});
