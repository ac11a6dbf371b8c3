/** The site settings the builder needs: from `_config.yml` and the command line, checked. */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { isTimeZone } from '../lib/time-zone.ts';
import { normalizeText, splitFrontMatter } from './front-matter.ts';

export interface SiteConfig {
  title: string;
  description: string;
  timeZone: string;
  /** Absolute site URL without a trailing slash (`https://finews.withounder.com`), or null. */
  siteUrl: string | null;
  /** Host names whose links are the site's own: the site URL's host plus `--alias-host`s. */
  hosts: string[];
  permalink: string | null;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

export function normalizeSiteUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${what} "${url}" is not an absolute URL (like https://example.com)`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`${what} "${url}" must be an http or https URL`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

export function loadSiteConfig(options: { configFile?: string | undefined; siteUrl?: string | undefined; aliasHosts?: readonly string[] }): SiteConfig {
  let data: Record<string, unknown> = {};
  if (options.configFile) {
    let text: string;
    try {
      text = readFileSync(options.configFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--config ${options.configFile}: cannot read it (${(error as Error).message})`);
    }
    try {
      const parsed: unknown = parse(text, { version: '1.1' });
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
      else if (parsed !== null) throw new Error('it is not a mapping of settings');
    } catch (error) {
      throw new UsageError(`--config ${options.configFile}: not a usable _config.yml (${(error as Error).message.split('\n')[0]})`);
    }
  }
  const timeZone = typeof data.timezone === 'string' && data.timezone ? data.timezone : DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new UsageError(`--config ${options.configFile}: timezone "${timeZone}" is not a known IANA time zone`);
  const configUrl = typeof data.url === 'string' && data.url ? normalizeSiteUrl(`${data.url}${typeof data.baseurl === 'string' ? data.baseurl : ''}`, `url in ${options.configFile}`) : null;
  const siteUrl = options.siteUrl ? normalizeSiteUrl(options.siteUrl, '--site-url') : configUrl;
  const hosts = new Set<string>();
  if (siteUrl) hosts.add(hostOf(siteUrl));
  if (configUrl) hosts.add(hostOf(configUrl));
  for (const alias of options.aliasHosts ?? []) {
    const host = alias.replace(/^(?:https?:)?\/\//i, '').replace(/\/.*$/, '').toLowerCase();
    if (!/^[a-z0-9.-]+(?::\d+)?$/.test(host)) throw new UsageError(`--alias-host "${alias}" is not a host name`);
    hosts.add(host.replace(/:\d+$/, ''));
  }
  const permalink = typeof data.permalink === 'string' && data.permalink.startsWith('/') ? data.permalink : null;
  return {
    title: typeof data.title === 'string' && data.title ? data.title : 'Finews',
    description: typeof data.description === 'string' ? data.description : '',
    timeZone,
    siteUrl,
    hosts: [...hosts].sort(),
    permalink,
  };
}

/** Category pages (`category/<slug>.html` with `category:` and `title:`): slug → title. */
export function loadCategoryPages(dir: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(?:html?|md|markdown)$/i.test(n)).sort();
  } catch (error) {
    throw new UsageError(`--categories ${dir}: cannot read the folder (${(error as Error).message})`);
  }
  const titles = new Map<string, string>();
  for (const name of names) {
    let text: string;
    try {
      text = normalizeText(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    const fm = splitFrontMatter(text);
    if (!fm) continue;
    const slug = fm.data.category ?? basename(name).replace(/\.[^.]+$/, '');
    const title = fm.data.title;
    if (typeof title === 'string' && title.trim() && (typeof slug === 'string' || typeof slug === 'number')) titles.set(String(slug), title.trim());
  }
  return titles;
}
