/**
 * The feed contract: every JSON file the builder writes and the app reads is described here, once.
 * The builder validates what it writes against these schemas in its tests; the app validates what it
 * fetches before anything else touches it. JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/
 */
import * as v from 'valibot';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

const nonEmpty = v.pipe(v.string(), v.minLength(1));
/** RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`). */
const rfc3339 = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, 'is not an RFC 3339 date-time with an offset'),
);
/** Ids are used as file names and in URLs: a conservative alphabet, no dots at the start. */
export const ID_PATTERN = /^[A-Za-z0-9~_-][A-Za-z0-9~_.-]{0,199}$/;
const id = v.pipe(v.string(), v.regex(ID_PATTERN, 'is not a URL- and file-safe id'));
const appPath = v.pipe(v.string(), v.startsWith('/', 'must start with /'));

export const BacklinkSchema = v.object({
  label: v.string(),
  href: v.string(),
  /** In-app path (without the deploy base) when the link points at the site itself; null otherwise. */
  route: v.nullable(appPath),
});

export const SourceSchema = v.object({
  /** Display name: the article's own source line (`（文章来源：X）`) when it has one, else the category's name. */
  name: v.string(),
  /** True when `name` came from the article's source line. */
  attributed: v.boolean(),
  /** The category (news source) slug the post was filed under; null for an uncategorized post. */
  category: v.nullable(v.string()),
});

export const FinewsItemExtSchema = v.object({
  /** Jekyll categories, as written (case kept). */
  categories: v.array(v.string()),
  source: SourceSchema,
  backlinks: v.array(BacklinkSchema),
  /** The in-app path of the article (equals the permalink's path unless two posts share a permalink). */
  path: appPath,
});

/** An item as it appears in list pages: everything but the body. */
export const ListItemSchema = v.object({
  id,
  url: nonEmpty,
  title: v.string(),
  date_published: rfc3339,
  summary: v.string(),
  tags: v.array(v.string()),
  external_url: v.optional(v.string()),
  image: v.optional(v.string()),
  _finews: FinewsItemExtSchema,
});

/** A neighbouring post in the same source, for previous/next links. */
export const NeighborSchema = v.nullable(v.object({ title: v.string(), path: appPath, date_published: rfc3339 }));

/** A full item (`items/<id>.json`): a list item plus its body and its neighbours in its source. */
export const ItemSchema = v.object({
  ...ListItemSchema.entries,
  content_html: v.string(),
  _finews: v.object({
    ...FinewsItemExtSchema.entries,
    /** The display name of the post's category (its source), for the article's kicker. */
    category_name: v.optional(v.string()),
    /** The next newer and next older post of the same source (category). */
    newer: v.optional(NeighborSchema),
    older: v.optional(NeighborSchema),
  }),
});

/**
 * The site time zone's offsets from UTC: from each `changes` instant (ms since the epoch) on, the
 * offset in minutes, oldest first, valid until `until`. With it the app shows dates in the site's
 * zone without Intl's time zone data, whose first use blocks the main thread (see format-time.ts).
 */
export const ZoneOffsetsSchema = v.object({
  changes: v.array(v.tuple([v.number(), v.number()])),
  until: v.number(),
});

/** Site settings the app needs (`site.json`). */
export const SiteSchema = v.object({
  title: v.string(),
  description: v.string(),
  url: v.nullable(v.string()),
  /** Host names whose links are the site's own (current and former). */
  hosts: v.array(v.string()),
  time_zone: v.string(),
  zone_offsets: ZoneOffsetsSchema,
  language: v.string(),
  /** The biggest sources, biggest first: the header's links on every page. */
  top_sources: v.array(v.object({ slug: v.string(), name: v.string() })),
});

export const PageInfoSchema = v.object({
  /** Page number counted from the oldest page (1-based; see pageLayout in paths.ts), and the page size. */
  page: v.pipe(v.number(), v.integer(), v.minValue(1)),
  page_size: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Only on the newest page (`feed.json`), so that older pages never change: the page and item counts. */
  pages: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  total: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

export const FeedPageSchema = v.object({
  version: v.literal(JSON_FEED_VERSION, 'is not JSON Feed 1.1'),
  title: v.string(),
  home_page_url: v.optional(v.string()),
  feed_url: v.optional(v.string()),
  description: v.optional(v.string()),
  language: v.optional(v.string()),
  next_url: v.optional(v.string()),
  items: v.array(ListItemSchema),
  _finews: PageInfoSchema,
});

export const CategorySchema = v.object({
  slug: nonEmpty,
  /** File- and URL-safe form of the slug: the folder under `c/` and the app's `/c/<key>`. */
  key: id,
  name: v.string(),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  latest: rfc3339,
});

export const CategoriesSchema = v.object({
  categories: v.array(CategorySchema),
});

/** A few newest items per source, for the home page's "by source" view (`sources-<n>.json`). */
export const SourcesPageSchema = v.object({
  sources: v.array(
    v.object({
      ...CategorySchema.entries,
      items: v.array(v.pick(ListItemSchema, ['id', 'title', 'date_published', '_finews'])),
    }),
  ),
  next: v.nullable(v.string()),
  _finews: PageInfoSchema,
});

export const ReportEntrySchema = v.object({
  file: v.string(),
  status: v.picklist(['imported', 'skipped']),
  id: v.nullable(v.string()),
  reason: v.nullable(v.string()),
  warnings: v.array(v.string()),
});

export const ReportSchema = v.object({
  posts: v.array(ReportEntrySchema),
});

export type Backlink = v.InferOutput<typeof BacklinkSchema>;
export type Source = v.InferOutput<typeof SourceSchema>;
export type ListItem = v.InferOutput<typeof ListItemSchema>;
export type Item = v.InferOutput<typeof ItemSchema>;
export type Neighbor = v.InferOutput<typeof NeighborSchema>;
export type Site = v.InferOutput<typeof SiteSchema>;
export type ZoneOffsets = v.InferOutput<typeof ZoneOffsetsSchema>;
export type PageInfo = v.InferOutput<typeof PageInfoSchema>;
export type FeedPage = v.InferOutput<typeof FeedPageSchema>;
export type Category = v.InferOutput<typeof CategorySchema>;
export type Categories = v.InferOutput<typeof CategoriesSchema>;
export type SourcesPage = v.InferOutput<typeof SourcesPageSchema>;
export type ReportEntry = v.InferOutput<typeof ReportEntrySchema>;
export type Report = v.InferOutput<typeof ReportSchema>;

/** Thrown when a JSON document does not match its schema; the message names what and where. */
export class FeedShapeError extends Error {
  readonly issues: readonly string[];
  constructor(what: string, issues: readonly string[]) {
    super(`${what} is not a valid feed file: ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`);
    this.name = 'FeedShapeError';
    this.issues = issues;
  }
}

/** Validate `data` against `schema`; on failure throw a FeedShapeError naming `what` and the paths at fault. */
export function parseFeedJson<S extends v.GenericSchema>(schema: S, data: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    return `${path ?? '(root)'} ${issue.message}`;
  });
  throw new FeedShapeError(what, issues);
}
