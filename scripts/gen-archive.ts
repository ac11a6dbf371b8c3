/**
 * `npm run gen:archive -- --posts <n> --sources <k> --out <dir> [--seed <s>]`
 *
 * Writes a synthetic news archive in the real finews format (see ../shared/corpus/finews/README.md):
 * `<dir>/_config.yml`, `<dir>/category/<slug>.html` and `<dir>/_posts/YYYY-MM-DD-<id>.md`. Posts have
 * the real front matter, body shapes, trailers and quirks, in proportions measured from the corpus,
 * with posts spread over the sources Zipf-like (a few sources hold most posts) and dated over 2022.
 * The same arguments and seed always write the same bytes (a seeded mulberry32, no clock). All the
 * text is made up from a small built-in vocabulary of financial phrases; no real article is copied.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------------------------------------------
// Proportions, measured from ../shared/corpus/finews/MANIFEST.tsv: its 115 `posts/` rows, from the
// `features` column (counts below are "rows with that feature / 115") and the `bytes` column.
// ---------------------------------------------------------------------------------------------------

/** Body kinds: `short_body` 94/115; `long_body` or > 3,000 bytes 7/115 (all HTML with `<p>`s); the rest 14/115. */
export const KIND_WEIGHTS = { short: 94, medium: 14, long: 7 } as const;
/**
 * Body lengths in characters (a paragraph is whole sentences, so it overshoots by half a sentence).
 * Tuned so whole files land in the corpus's byte ranges for each kind (short 123–811 bytes, medium
 * 776–1,170, long 6,233–13,588): file sizes come out at p10/p50/p90 ≈ 430/590/990 bytes, against the
 * corpus's 358/607/931 (our slugs and tags are longer than `emnews`/东财滚动新闻, which most corpus posts have).
 */
export const BODY_CHARS = { short: [5, 115], medium: [140, 250], long: [1700, 4200] } as const;
/** `date:` without a zone (`no_tz`): 54/115; the others end in ` +0800`. */
export const NO_TZ_RATE = 54 / 115;
/** Title with Chinese quotes “…” (`cjk_quotes_in_title`): 13/115. */
export const CJK_QUOTES_TITLE_RATE = 13 / 115;
/** File ends without a newline (`no_trailing_newline`): 112/115. */
export const NO_TRAILING_NEWLINE_RATE = 112 / 115;
/** Trailer address line: `<http://…>` (`autolink`) 112/115, `<>` (`empty_autolink`) 2/115, none 1/115. */
export const AUTOLINK_WEIGHTS = { url: 112, empty: 2, none: 1 } as const;
/** Back-links (`backlinks`): 104/115. */
export const BACKLINKS_RATE = 104 / 115;
/**
 * Back-link forms among the 104: `backlink_relative` 44 (`../slug/`, always two lines),
 * `backlink_withounder` 50 (`//finews.withounder.com/slug/`, 43 of them joined by `｜`),
 * `backlink_zning_me` 6 (two lines), `backlink_category_html` 4 (incl. 2022-01-27; joined by `｜`).
 */
export const BACKLINK_FORM_WEIGHTS = { relative: 44, withounder: 50, zningMe: 6, categoryHtml: 4 } as const;
export const WITHOUNDER_BAR_RATE = 43 / 50;
/** Long posts use `//finews.withounder.com/category/<slug>.html` back-links: 4 of the 7 long posts. */
export const LONG_CATEGORY_HTML_RATE = 4 / 7;
/** `NW`-prefixed file name (`nw_infocode_name`): 3/115, all long posts (3 of 7). */
export const LONG_NW_RATE = 3 / 7;
/** Images `<center><img …></center>` (`img`): 4/115, all in long posts (4 of 7). */
export const LONG_IMG_RATE = 4 / 7;
/** `>` blockquote summary before the HTML (`blockquote`): 3/115, all long posts (3 of 7). */
export const LONG_BLOCKQUOTE_RATE = 3 / 7;
/** `<strong>` sub-heads (`strong`): 5/115, all long posts (5 of 7). */
export const LONG_STRONG_RATE = 5 / 7;
/** Paragraphs joined by a newline and a space (`<p>…</p>\n <p>…`): 1 of the 7 long posts; the rest on one line. */
export const LONG_SPACED_RATE = 1 / 7;
/** Inline source at the end of a short paragraph, `(央视新闻)` (`source_suffix_paren`): 29/115. */
export const SOURCE_SUFFIX_RATE = 29 / 115;
/**
 * A table: none of the 115 corpus posts has one; the sample archive (content/) has 2 of 40, one HTML
 * `<table>` and one Markdown table. We use 1%, in medium (Markdown) and long (HTML) posts only.
 */
export const TABLE_RATE = 0.01;
/**
 * Quirks the corpus has too rarely to measure (0/115; 1 of the 40 sample posts each): a title with
 * unescaped ASCII quotes inside `"…"` (invalid YAML: the builder warns once and recovers it), two
 * words in `categories:`, and a front-matter-only post. 1 in 200 each.
 */
export const QUIRK_RATE = { unescapedQuoteTitle: 0.005, twoWordCategories: 0.005, emptyBody: 0.005 } as const;
/** Category pages titled with the slug capitalized (`title_ascii_capitalized_slug`): 7 of the 42 pages. */
export const CAPITALIZED_PAGE_TITLE_RATE = 7 / 42;
/** Posts per source follow Zipf's law with this exponent (every source has at least one post). */
export const ZIPF_EXPONENT = 1.2;
/** Dates: 2022 in Beijing time; 85% of posts between 07:00 and 22:00. */
export const YEAR = 2022;
export const DAYTIME_RATE = 0.85;

// ---------------------------------------------------------------------------------------------------
// Randomness: mulberry32, seeded; the only source of variation.
// ---------------------------------------------------------------------------------------------------

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += weights[k];
    let r = this.next() * total;
    for (const k of keys) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return keys[keys.length - 1] as K;
  }
  /** Two different entries. */
  pickTwo<T>(list: readonly T[]): [T, T] {
    const i = Math.floor(this.next() * list.length);
    const j = (i + 1 + Math.floor(this.next() * (list.length - 1))) % list.length;
    return [list[i] as T, list[j] as T];
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = list[i] as T;
      list[i] = list[j] as T;
      list[j] = t;
    }
    return list;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary (invented; company names are made up).
// ---------------------------------------------------------------------------------------------------

/** Source names are prefix + topic + medium, with their pinyin as the slug (上海证券报 → shanghaizhengquanbao). */
const PREFIXES: readonly [string, string][] = [
  ['中国', 'zhongguo'], ['上海', 'shanghai'], ['北京', 'beijing'], ['深圳', 'shenzhen'], ['广州', 'guangzhou'],
  ['江苏', 'jiangsu'], ['浙江', 'zhejiang'], ['安徽', 'anhui'], ['山东', 'shandong'], ['湖北', 'hubei'],
  ['湖南', 'hunan'], ['四川', 'sichuan'], ['福建', 'fujian'], ['河南', 'henan'], ['河北', 'hebei'],
  ['天津', 'tianjin'], ['重庆', 'chongqing'], ['陕西', 'shaanxi'], ['辽宁', 'liaoning'], ['吉林', 'jilin'],
  ['江西', 'jiangxi'], ['广西', 'guangxi'], ['云南', 'yunnan'], ['贵州', 'guizhou'], ['甘肃', 'gansu'],
  ['海南', 'hainan'], ['新疆', 'xinjiang'], ['香港', 'xianggang'], ['华夏', 'huaxia'], ['东方', 'dongfang'],
  ['南方', 'nanfang'], ['长江', 'changjiang'], ['珠江', 'zhujiang'], ['21世纪', '21shiji'], ['第一', 'diyi'],
  ['每日', 'meiri'],
];
const TOPICS: readonly [string, string][] = [
  ['证券', 'zhengquan'], ['金融', 'jinrong'], ['财经', 'caijing'], ['经济', 'jingji'], ['基金', 'jijin'],
  ['期货', 'qihuo'], ['银行', 'yinhang'], ['保险', 'baoxian'], ['投资', 'touzi'], ['理财', 'licai'],
  ['商业', 'shangye'], ['产业', 'chanye'], ['科技', 'keji'], ['能源', 'nengyuan'], ['地产', 'dichan'],
  ['农业', 'nongye'], ['汽车', 'qiche'], ['医药', 'yiyao'], ['债券', 'zhaiquan'], ['外汇', 'waihui'],
  ['资本', 'ziben'], ['市场', 'shichang'], ['信托', 'xintuo'], ['创投', 'chuangtou'], ['私募', 'simu'],
  ['消费', 'xiaofei'], ['物流', 'wuliu'], ['黄金', 'huangjin'],
];
const MEDIA: readonly [string, string][] = [
  ['报', 'bao'], ['日报', 'ribao'], ['时报', 'shibao'], ['周刊', 'zhoukan'], ['网', 'wang'], ['研究', 'yanjiu'],
  ['观察', 'guancha'], ['快讯', 'kuaixun'], ['资讯', 'zixun'], ['在线', 'zaixian'], ['之声', 'zhisheng'],
  ['智库', 'zhiku'], ['APP', 'APP'],
];
/** The largest source: Eastmoney's roll news, as in the real archive. */
const EMNEWS = { slug: 'emnews', name: '东方财富网', tag: '东财滚动新闻', pageTitle: 'Emnews' } as const;
export const MAX_SOURCES = PREFIXES.length * TOPICS.length * MEDIA.length + 1;

const ORGS = [
  '中国人民银行', '央行', '证监会', '银保监会', '财政部', '国家发改委', '商务部', '国家统计局', '海关总署', '上交所',
  '深交所', '北交所', '中国证券业协会', '中国基金业协会', '国家外汇管理局', '工信部', '住建部', '市场监管总局',
  '中国结算', '国务院常务会议',
];
const COMPANIES = [
  '鼎泰基金', '华鼎证券', '长弘证券', '恒信证券', '南江证券', '嘉润科技', '泓远新能源', '宁川电力', '锦程医药',
  '云帆物流', '启明新材', '北辰重工', '瑞和银行', '安泽保险', '金穗农业', '远航汽车', '星河半导体', '海晟地产',
  '和裕信托', '中恒期货',
];
const INDUSTRIES = ['券商', '银行', '公募基金', '光伏', '新能源汽车', '半导体', '白酒', '医药', '房地产', '保险', '煤炭', '有色金属', '军工', '消费电子'];
const METRICS = [
  '营业收入', '净利润', '两市成交额', '社会融资规模增量', '新增人民币贷款', '外汇储备', '规模以上工业增加值',
  '社会消费品零售总额', '固定资产投资', '出口总额', '新发基金规模', '北向资金净流入', '期货市场成交量',
  '地方政府债券发行量', '原保险保费收入', '居民消费价格指数',
];
const CHANGES = ['同比增长', '同比下降', '环比增长', '环比下降', '较上月提高', '较上年同期减少'];
const PERIODS = ['1-4月', '今年前5个月', '一季度', '上半年', '4月份', '前三季度', '上周', '本月以来', '年内', '11月'];
const ACTIONS = [
  '加大对实体经济的支持力度', '保持流动性合理充裕', '稳步推进注册制改革', '强化信息披露监管', '推动资本市场高质量发展',
  '防范化解重大金融风险', '支持中小微企业融资', '持续优化营商环境', '扩大高水平对外开放', '做好保供稳价工作',
  '促进平台经济规范健康发展', '提升上市公司质量', '加强跨境监管合作', '引导长期资金入市', '落实减税降费政策',
  '加快发展绿色金融', '完善多层次资本市场体系', '严厉打击证券违法活动',
];
const VIEWS = [
  '市场情绪有望逐步修复', '短期波动不改长期向好趋势', '政策效果的显现可能存在一定滞后', '后续仍需关注海外货币政策变化带来的扰动',
  '当前估值已处于历史较低水平', '稳增长政策将持续发力', '行业景气度有望延续', '投资者宜保持理性并注重长期配置',
  '二季度业绩有望边际改善', '资金面总体保持平稳',
];
const SPEAKERS = ['分析人士', '业内人士', '市场人士', '某券商首席经济学家', '一位基金经理', '接受记者采访的专家', '多位私募人士', '相关负责人'];
const ANNOUNCES = ['发布', '印发', '公布', '发布通知称将落实', '召开新闻发布会介绍'];
const DOCS = [
  '《关于进一步优化营商环境的若干措施》', '《上市公司信息披露管理办法》', '《关于加快推进绿色金融发展的指导意见》',
  '《证券期货业科技发展规划》', '《关于推动个人养老金发展的意见》', '《期货和衍生品市场管理条例》', '《金融稳定工作要点》',
];
const QUOTED = ['一企一策', '跌不动了', '闪电', '踩刹车', '真金白银', '开门红', '稳字当头', '不惜代价', '抢筹', '降温'];
/** Inline sources at the end of a short paragraph, as in `…。(央视新闻)`. */
const SUFFIX_SOURCES = ['央视新闻', '东方财富Choice数据', '新华社', '中国证券报', '上海证券报', '财联社', '证券时报', '人民网'];
/** Column ids in Eastmoney article addresses (`/news/<column>,<id>.html`), as seen in the corpus. */
const EM_COLUMNS = ['11060', '1355', '1353', '1345', '1350', '1354'];

// ---------------------------------------------------------------------------------------------------
// Text.
// ---------------------------------------------------------------------------------------------------

function pct(rng: Rng): string {
  return `${rng.int(0, 60)}.${rng.digits(rng.chance(0.5) ? 1 : 2)}`;
}

function amount(rng: Rng): string {
  return `${rng.int(1, 9999)}.${rng.digits(2)}`;
}

function sentence(rng: Rng): string {
  switch (rng.int(0, 7)) {
    case 0:
      return `${rng.int(1, 12)}月${rng.int(1, 28)}日，${rng.pick(ORGS)}${rng.pick(ANNOUNCES)}${rng.pick(DOCS)}。`;
    case 1:
      return `${rng.pick(ORGS)}数据显示，${rng.pick(PERIODS)}${rng.pick(METRICS)}${rng.pick(CHANGES)}${pct(rng)}%，${rng.pick(VIEWS)}。`;
    case 2:
      return `${rng.pick(COMPANIES)}公告，公司${rng.pick(PERIODS)}实现${rng.pick(METRICS)}${amount(rng)}亿元，${rng.pick(CHANGES)}${pct(rng)}%。`;
    case 3:
      return `${rng.pick(SPEAKERS)}表示，${rng.pickTwo(VIEWS).join('，')}。`;
    case 4:
      return `${rng.pick(ORGS)}表示，下一步将${rng.pickTwo(ACTIONS).join('，')}。`;
    case 5: {
      const all = rng.int(3, 80);
      return `截至${rng.int(1, 12)}月${rng.int(1, 28)}日，已有${all}家${rng.pick(INDUSTRIES)}公司披露${rng.pick(PERIODS)}经营数据，其中${rng.int(1, all)}家${rng.pick(METRICS)}实现增长。`;
    }
    case 6:
      return `从${rng.pick(INDUSTRIES)}板块看，“${rng.pick(QUOTED)}”行情仍在延续，${rng.pick(SPEAKERS)}认为${rng.pick(VIEWS)}。`;
    default:
      return `${rng.pick(INDUSTRIES)}板块${rng.pick(PERIODS)}累计${rng.pick(CHANGES)}${pct(rng)}%，${rng.pick(COMPANIES)}等个股表现活跃。`;
  }
}

function paragraph(rng: Rng, chars: number): string {
  let text = sentence(rng);
  while (text.length < chars) text += sentence(rng);
  return text;
}

function title(rng: Rng, cjkQuotes: boolean, unescaped: boolean): string {
  if (unescaped) return `${rng.pick(COMPANIES)}董事长称"${rng.pick(QUOTED)}"推进改革 ${rng.pick(ACTIONS)}`;
  if (cjkQuotes) return `“${rng.pick(QUOTED)}”${rng.pick(['精准帮扶', '行情再现', '背后的逻辑', '信号明显'])} ${rng.pick(INDUSTRIES)}${rng.pick(['迎来新机遇', '走势分化', '估值修复'])}`;
  switch (rng.int(0, 4)) {
    case 0:
      return `${rng.pick(ORGS)}：${rng.pick(ACTIONS)}`;
    case 1:
      return `${rng.pick(PERIODS)}${rng.pick(METRICS)}${rng.pick(CHANGES)}${pct(rng)}%`;
    case 2:
      return `${rng.pick(COMPANIES)}：${rng.pick(PERIODS)}${rng.pick(METRICS)}${rng.pick(CHANGES)}${pct(rng)}%`;
    case 3:
      return `${rng.pick(ORGS)}${rng.pick(ANNOUNCES)}${rng.pick(DOCS)}`;
    default:
      return `${rng.int(3, 80)}家${rng.pick(INDUSTRIES)}公司披露${rng.pick(PERIODS)}业绩 ${rng.pick(VIEWS)}`;
  }
}

const IMG_STYLE = 'border:#d1d1d1 1px solid;padding:3px;margin:5px 0;';

function image(rng: Rng): string {
  return `<center><img src="https://dfscdn.dfcfw.com/download/D${rng.digits(20)}_w${rng.int(400, 900)}h${rng.int(250, 600)}.jpg" alt="图片" style="${IMG_STYLE}" /></center>`;
}

function tableRows(rng: Rng): [string, string, string, string][] {
  const rows: [string, string, string, string][] = [];
  for (let i = rng.int(3, 6); i > 0; i--) rows.push([rng.pick(COMPANIES), amount(rng), amount(rng), `${rng.chance(0.7) ? '+' : '-'}${pct(rng)}%`]);
  return rows;
}

function htmlTable(rng: Rng): string {
  const head = '<thead><tr><th>公司</th><th>营业收入（亿元）</th><th>净利润（亿元）</th><th>同比</th></tr></thead>';
  const body = tableRows(rng).map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%">${head}<tbody>${body}</tbody></table>`;
}

function markdownTable(rng: Rng): string {
  const rows = tableRows(rng).map((r) => `| ${r.join(' | ')} |`);
  return ['| 公司 | 营业收入（亿元） | 净利润（亿元） | 同比 |', '| --- | ---: | ---: | --- |', ...rows].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The archive.
// ---------------------------------------------------------------------------------------------------

export interface Source {
  slug: string;
  /** The name in `（文章来源：…）`. */
  name: string;
  /** The posts' `tags:` (the name + 新闻). */
  tag: string;
  /** The category page's title. */
  pageTitle: string;
}

export interface ArchiveOptions {
  posts: number;
  sources: number;
  out: string;
  seed?: number;
}

export interface ArchiveStats {
  posts: number;
  sources: Source[];
  /** Posts per source slug (by the post's first category), in source order (biggest first). */
  postsPerSource: Map<string, number>;
  /** Total bytes of the post files. */
  bytes: number;
  /** Post file sizes: 10th, 50th and 90th percentile. */
  bytesP10: number;
  bytesP50: number;
  bytesP90: number;
  kinds: { short: number; medium: number; long: number; empty: number };
  features: Record<FeatureName, number>;
  /** Files (names under `_posts/`) with a quirk, by quirk. */
  quirkFiles: { unescapedQuoteTitle: string[]; twoWordCategories: string[]; emptyBody: string[] };
  ms: number;
}

type FeatureName =
  | 'noTz'
  | 'cjkQuotesTitle'
  | 'nw'
  | 'img'
  | 'blockquote'
  | 'strong'
  | 'table'
  | 'sourceAttribution'
  | 'sourceSuffix'
  | 'autolink'
  | 'emptyAutolink'
  | 'backlinks'
  | 'noTrailingNewline';

export const CONFIG_YML = `lang: zh-CN
title: 金融消息
show_downloads: false
safe: true
url: https://finews.withounder.com
enforce_ssl: finews.withounder.com
timezone: Asia/Shanghai
author: ZNing
`;

/** Marks a folder as written by gen:archive, so a later run may replace it. */
export const MARKER = '.gen-archive.json';

function makeSources(k: number, rng: Rng): Source[] {
  const combos: Source[] = [];
  for (const [pz, pp] of PREFIXES) {
    for (const [tz, tp] of TOPICS) {
      for (const [mz, mp] of MEDIA) {
        const name = `${pz}${tz}${mz}`;
        const slug = `${pp}${tp}${mp}`;
        combos.push({ slug, name, tag: `${name}新闻`, pageTitle: `${name}新闻` });
      }
    }
  }
  rng.shuffle(combos);
  const sources: Source[] = [{ ...EMNEWS }];
  const seen = new Set<string>([EMNEWS.slug]);
  for (const s of combos) {
    if (sources.length >= k) break;
    if (seen.has(s.slug.toLowerCase())) continue;
    seen.add(s.slug.toLowerCase());
    if (rng.chance(CAPITALIZED_PAGE_TITLE_RATE)) s.pageTitle = s.slug.charAt(0).toUpperCase() + s.slug.slice(1);
    sources.push(s);
  }
  return sources;
}

/** Posts per source: one each, the rest shared by Zipf weights (largest remainder, so they add up to n). */
export function zipfCounts(n: number, k: number, exponent = ZIPF_EXPONENT): number[] {
  const weights = Array.from({ length: k }, (_, i) => (i + 1) ** -exponent);
  const total = weights.reduce((a, b) => a + b, 0);
  const rest = n - k;
  const exact = weights.map((w) => (rest * w) / total);
  const counts = exact.map((x) => 1 + Math.floor(x));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Beijing wall-clock fields of an instant (China has had no DST since 1991). */
function beijing(ms: number): { date: string; time: string; ymd: string } {
  const d = new Date(ms + 8 * 3_600_000);
  const y = d.getUTCFullYear();
  const mo = pad2(d.getUTCMonth() + 1);
  const da = pad2(d.getUTCDate());
  return { date: `${y}-${mo}-${da}`, time: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`, ymd: `${y}${mo}${da}` };
}

function backlinkLines(rng: Rng, slugPath: string, label: string, long: boolean): string {
  let form: keyof typeof BACKLINK_FORM_WEIGHTS = rng.weighted(BACKLINK_FORM_WEIGHTS);
  if (long) form = rng.chance(LONG_CATEGORY_HTML_RATE) ? 'categoryHtml' : 'withounder';
  const home = `[返回首页]`;
  switch (form) {
    case 'relative':
      return `[${label}](../${slugPath}/)\n${home}(../)`;
    case 'zningMe':
      return `[${label}](//finews.zning.me/${slugPath}/)\n${home}(//finews.zning.me/)`;
    case 'categoryHtml':
      return `[${label}](//finews.withounder.com/category/${slugPath}.html)｜${home}(//finews.withounder.com/)`;
    default:
      return `[${label}](//finews.withounder.com/${slugPath}/)${rng.chance(WITHOUNDER_BAR_RATE) || long ? '｜' : '\n'}${home}(//finews.withounder.com/)`;
  }
}

/** Write the archive; replaces `_posts/`, `category/` and `_config.yml` of an earlier run in `out`. */
export function generateArchive(options: ArchiveOptions): ArchiveStats {
  const started = performance.now();
  const { posts: n, sources: k, out } = options;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`posts must be a whole number ≥ 1 (got ${n})`);
  if (!Number.isInteger(k) || k < 1 || k > n || k > MAX_SOURCES) throw new RangeError(`sources must be a whole number from 1 to min(posts, ${MAX_SOURCES}) (got ${k})`);
  prepareOut(out);
  const rng = new Rng(seed);

  const sources = makeSources(k, rng);
  const counts = zipfCounts(n, k);
  const owner: number[] = [];
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) owner.push(i);
  });
  rng.shuffle(owner);

  // Instants over the year, sorted, so ids grow with time as the scraper's do.
  const yearStart = Date.UTC(YEAR, 0, 1) - 8 * 3_600_000;
  const days = (Date.UTC(YEAR + 1, 0, 1) - Date.UTC(YEAR, 0, 1)) / 86_400_000;
  const instants = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const day = rng.int(0, days - 1);
    const hour = rng.chance(DAYTIME_RATE) ? rng.int(7, 21) : rng.int(0, 23);
    instants[i] = yearStart + day * 86_400_000 + hour * 3_600_000 + rng.int(0, 3599) * 1000;
  }
  instants.sort();
  const step = Math.max(1, Math.min(5000, Math.floor(7e9 / n)));
  let tail = 2_200_000_000 + rng.int(0, 999_999);

  const postsDir = path.join(out, '_posts');
  mkdirSync(postsDir, { recursive: true });
  const catDir = path.join(out, 'category');
  mkdirSync(catDir, { recursive: true });
  writeFileSync(path.join(out, '_config.yml'), CONFIG_YML);
  for (const s of sources) writeFileSync(path.join(catDir, `${s.slug}.html`), `---\nlayout: category\ntitle: ${s.pageTitle}\ncategory: ${s.slug}\n---`);

  const features: Record<FeatureName, number> = {
    noTz: 0, cjkQuotesTitle: 0, nw: 0, img: 0, blockquote: 0, strong: 0, table: 0, sourceAttribution: 0,
    sourceSuffix: 0, autolink: 0, emptyAutolink: 0, backlinks: 0, noTrailingNewline: 0,
  };
  const kinds = { short: 0, medium: 0, long: 0, empty: 0 };
  const quirkFiles: ArchiveStats['quirkFiles'] = { unescapedQuoteTitle: [], twoWordCategories: [], emptyBody: [] };
  const postsPerSource = new Map<string, number>(sources.map((s) => [s.slug, 0]));
  const sizes = new Uint32Array(n);
  let bytes = 0;

  for (let i = 0; i < n; i++) {
    const source = sources[owner[i] ?? 0] as Source;
    postsPerSource.set(source.slug, (postsPerSource.get(source.slug) ?? 0) + 1);
    const when = beijing(instants[i] ?? yearStart);
    tail += rng.int(1, step);
    const id = `${when.ymd}${tail}`;

    const empty = rng.chance(QUIRK_RATE.emptyBody);
    const kind = rng.weighted(KIND_WEIGHTS);
    const long = !empty && kind === 'long';
    const nw = long && rng.chance(LONG_NW_RATE);
    const fileName = `${when.date}-${nw ? 'NW' : ''}${id}.md`;

    const noTz = rng.chance(NO_TZ_RATE);
    const unescaped = rng.chance(QUIRK_RATE.unescapedQuoteTitle);
    const cjk = !unescaped && rng.chance(CJK_QUOTES_TITLE_RATE);
    let categories = source.slug;
    let tags = source.tag;
    let label = `返回${source.tag}`;
    if (rng.chance(QUIRK_RATE.twoWordCategories) && k > 1) {
      let other = rng.pick(sources);
      if (other === source) other = sources[(sources.indexOf(source) + 1) % k] as Source;
      categories = `${source.slug} ${other.slug}`;
      tags = `${source.name} ${other.tag}`;
      label = `返回${tags}`;
      quirkFiles.twoWordCategories.push(fileName);
    }
    if (unescaped) quirkFiles.unescapedQuoteTitle.push(fileName);
    if (noTz) features.noTz++;
    if (cjk) features.cjkQuotesTitle++;
    if (nw) features.nw++;

    let text = `---\nlayout: post\ntitle: "${title(rng, cjk, unescaped)}"\ndate: ${when.date} ${when.time}${noTz ? '' : ' +0800'}\ncategories: ${categories}\ntags: ${tags}\n---\n`;

    if (empty) {
      kinds.empty++;
      quirkFiles.emptyBody.push(fileName);
    } else {
      const [lo, hi] = BODY_CHARS[kind];
      const chars = rng.int(lo, hi);
      const table = kind !== 'short' && rng.chance(TABLE_RATE / ((KIND_WEIGHTS.medium + KIND_WEIGHTS.long) / (KIND_WEIGHTS.short + KIND_WEIGHTS.medium + KIND_WEIGHTS.long)));
      if (table) features.table++;
      kinds[kind]++;
      if (kind === 'long') {
        const img = rng.chance(LONG_IMG_RATE);
        const strong = rng.chance(LONG_STRONG_RATE);
        const quote = rng.chance(LONG_BLOCKQUOTE_RATE);
        const joiner = rng.chance(LONG_SPACED_RATE) ? '\n ' : '';
        if (img) features.img++;
        if (strong) features.strong++;
        if (quote) features.blockquote++;
        features.sourceAttribution++;
        const parts: string[] = [];
        let written = 0;
        let images = img ? rng.int(1, 5) : 0;
        while (written < chars) {
          if (strong && parts.length > 0 && rng.chance(0.15)) parts.push(`<p><strong>${rng.pick(ACTIONS)}</strong></p>`);
          const p = paragraph(rng, rng.int(60, 220));
          written += p.length;
          parts.push(`<p>${p}</p>`);
          if (images > 0 && rng.chance(0.3)) {
            parts.push(image(rng));
            images--;
          }
        }
        if (table) parts.splice(Math.min(parts.length, 2), 0, htmlTable(rng));
        const attribution = source === sources[0] ? rng.pick(SUFFIX_SOURCES) : source.name;
        parts.push(`<p class="em_media">（文章来源：${attribution}）</p>`);
        if (quote) text += `> ${paragraph(rng, rng.int(60, 120))}（${rng.pick(SUFFIX_SOURCES)}）\n\n`;
        text += parts.join(joiner);
      } else {
        const paras: string[] = [];
        let written = 0;
        while (written < chars) {
          const p = paragraph(rng, Math.min(chars - written, kind === 'short' ? chars : rng.int(80, 200)));
          written += p.length;
          paras.push(p);
        }
        if (rng.chance(SOURCE_SUFFIX_RATE)) {
          features.sourceSuffix++;
          const s = rng.pick(SUFFIX_SOURCES);
          paras[paras.length - 1] += rng.chance(0.5) ? `(${s})` : `（${s}）`;
        }
        if (table) paras.splice(1, 0, markdownTable(rng));
        text += `\n${paras.join('\n\n')}`;
      }

      // The trailer: the original's address, then the back-links.
      const link = rng.weighted(AUTOLINK_WEIGHTS);
      if (link === 'url') {
        features.autolink++;
        let url: string;
        if (nw) url = rng.chance(2 / 3) ? `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW${id}` : `http://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=NW${id}`;
        else if (rng.chance(0.3)) url = `http://finance.eastmoney.com/a/${id}.html`;
        else url = `http://${rng.chance(0.05) ? 'hk' : 'finance'}.eastmoney.com/news/${rng.pick(EM_COLUMNS)},${id}.html`;
        text += `\n\n<${url}>`;
      } else if (link === 'empty') {
        features.emptyAutolink++;
        text += '\n\n<>';
      }
      if (rng.chance(BACKLINKS_RATE)) {
        features.backlinks++;
        text += `\n\n${backlinkLines(rng, categories, label, long)}`;
      }
    }
    if (rng.chance(NO_TRAILING_NEWLINE_RATE)) {
      features.noTrailingNewline++;
      if (empty) text = text.slice(0, -1); // front matter only: the file ends with the closing `---`
    } else if (!empty) text += '\n';

    const buf = Buffer.from(text, 'utf8');
    sizes[i] = buf.length;
    bytes += buf.length;
    writeFileSync(path.join(postsDir, fileName), buf);
  }

  sizes.sort();
  const at = (q: number): number => sizes[Math.min(n - 1, Math.floor(n * q))] ?? 0;
  writeFileSync(path.join(out, MARKER), `${JSON.stringify({ posts: n, sources: k, seed })}\n`);
  return {
    posts: n,
    sources,
    postsPerSource,
    bytes,
    bytesP10: at(0.1),
    bytesP50: at(0.5),
    bytesP90: at(0.9),
    kinds,
    features,
    quirkFiles,
    ms: performance.now() - started,
  };
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `out` must be new, empty, or an earlier gen:archive output (whose generated parts are removed). */
function prepareOut(out: string): void {
  if (!existsSync(out)) return;
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (error) {
    throw new UsageError(`--out ${out}: not a usable folder (${(error as Error).message})`);
  }
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) {
    throw new UsageError(`--out ${out}: the folder is not empty and was not written by gen:archive; refusing to write into it (give a new or empty folder)`);
  }
  for (const name of ['_posts', 'category', '_config.yml', MARKER]) rmSync(path.join(out, name), { recursive: true, force: true });
}

export const USAGE = `Usage: npm run gen:archive -- --posts <n> --sources <k> --out <dir> [--seed <s>]

  --posts <n>     number of posts (1 to 2,000,000)
  --sources <k>   number of sources (categories), 1 to min(n, ${MAX_SOURCES}); posts per source are Zipf-distributed
  --out <dir>     where to write _config.yml, category/ and _posts/ (new, empty, or an earlier gen:archive output)
  --seed <s>      seed, a whole number from 0 to 4294967295 (default 1); same seed, same bytes`;

function wholeNumber(value: string | undefined, flag: string, lo: number, hi: number): number {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new UsageError(`${flag} "${value}" must be a whole number from ${lo} to ${hi}`);
  return n;
}

/** Parse and check arguments; throws UsageError. */
export function parseGenArgs(argv: string[]): ArchiveOptions | 'help' {
  let values: { posts?: string; sources?: string; out?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { posts: { type: 'string' }, sources: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const posts = wholeNumber(values.posts, '--posts <n>', 1, 2_000_000);
  const sources = wholeNumber(values.sources, '--sources <k>', 1, MAX_SOURCES);
  if (sources > posts) throw new UsageError(`--sources ${sources} is more than --posts ${posts} (every source gets at least one post)`);
  if (!values.out) throw new UsageError('--out <dir> is required');
  const seed = values.seed === undefined ? 1 : wholeNumber(values.seed, '--seed', 0, 0xffffffff);
  return { posts, sources, out: values.out, seed };
}

export function main(argv: string[]): number {
  let options: ArchiveOptions | 'help';
  try {
    options = parseGenArgs(argv);
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const s = generateArchive(options);
    const top = Math.max(1, Math.ceil(s.sources.length / 10));
    const topShare = [...s.postsPerSource.values()].sort((a, b) => b - a).slice(0, top).reduce((a, b) => a + b, 0) / s.posts;
    process.stdout.write(
      `Wrote ${s.posts} posts from ${s.sources.length} sources to ${options.out} (${(s.bytes / 1048576).toFixed(1)} MB; ` +
        `file bytes p10/p50/p90 ${s.bytesP10}/${s.bytesP50}/${s.bytesP90}; top 10% of sources hold ${(topShare * 100).toFixed(1)}%; ` +
        `short/medium/long/empty ${s.kinds.short}/${s.kinds.medium}/${s.kinds.long}/${s.kinds.empty}) in ${(s.ms / 1000).toFixed(2)} s\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`gen:archive: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
