/** Hierarchical query keys: invalidating ['feed'] refreshes everything fetched from the feed. */
export const feedKeys = {
  all: ['feed'] as const,
  site: () => [...feedKeys.all, 'site'] as const,
  categories: () => [...feedKeys.all, 'categories'] as const,
  river: () => [...feedKeys.all, 'river'] as const,
  sources: () => [...feedKeys.all, 'sources'] as const,
  category: (slug: string) => [...feedKeys.all, 'category', slug] as const,
  categoryPage: (slug: string, file: string) => [...feedKeys.category(slug), file] as const,
  item: (id: string) => [...feedKeys.all, 'item', id] as const,
};
