/**
 * Incremental builds: given the state of the previous build (its post records, list order, category
 * names and output hashes), decide which item files and list pages can have changed. Every test here
 * errs on the side of "changed": a file found changed is produced again and handed to the sink only
 * if its bytes differ, so a wrong "changed" costs time, never correctness; only a wrong "unchanged"
 * could leave a stale file, and each such test lists everything the file's bytes depend on.
 */
import type { FeedState, PostRecord } from './build.ts';

export interface Plan {
  /** The post's list entry (all of its item but the body and neighbors) can differ from the previous build's. */
  listDirty(record: PostRecord): boolean;
  /** The post's item file can differ from the previous build's. */
  itemDirty(record: PostRecord): boolean;
  /**
   * Page `page` (of `pages`) of a list (`key`: a category slug, or null for the river) holds the same
   * entries, in the same order, under the same header as in the previous build, so its file stands.
   */
  pageClean(key: string | null, list: PostRecord[], page: number, pages: number, pageSize: number): boolean;
}

export interface PlanInput {
  state: FeedState;
  /** The previous build's record of the same file. */
  oldOf: (record: PostRecord) => PostRecord | undefined;
  /** Records read again in this build. */
  parsed: ReadonlyMap<PostRecord, unknown>;
  names: ReadonlyMap<string, string>;
  byCategory: ReadonlyMap<string, PostRecord[]>;
  /** Each current record's place in its own (first) category's list, by record index (-1: none). */
  position: Int32Array;
}

export function planIncremental({ state, oldOf, parsed, names, byCategory, position }: PlanInput): Plan {
  const oldNames = state.names;
  const nameChanged = (slug: string): boolean => oldNames.get(slug) !== names.get(slug);
  // Back-link routes to categories depend on which categories exist.
  const categorySetChanged = oldNames.size !== names.size || [...names.keys()].some((slug) => !oldNames.has(slug));

  // The previous build's lists, rebuilt from its river order.
  const oldRiver: PostRecord[] = [];
  const oldByCategory = new Map<string, PostRecord[]>();
  const oldPosition = new Int32Array(state.posts.length).fill(-1);
  for (const index of state.river) {
    const record = state.posts[index];
    if (!record) throw new Error('the previous state lists a post it does not hold');
    oldRiver.push(record);
    for (const cat of record.categories) {
      const list = oldByCategory.get(cat) ?? [];
      if (cat === record.categories[0]) oldPosition[record.index] = list.length;
      list.push(record);
      oldByCategory.set(cat, list);
    }
  }

  // 0: not known yet, 1: clean, 2: dirty; by record index.
  const listDirtyMemo = new Uint8Array(position.length);
  const listDirty = (record: PostRecord): boolean => {
    const known = listDirtyMemo[record.index];
    if (known) return known === 2;
    const old = oldOf(record);
    const own = record.categories[0];
    const dirty =
      parsed.has(record) ||
      !old ||
      !old.imported ||
      old.id !== record.id ||
      old.path !== record.path ||
      (!record.attributed && own !== undefined && nameChanged(own)) ||
      (categorySetChanged && record.categoryLinks);
    listDirtyMemo[record.index] = dirty ? 2 : 1;
    return dirty;
  };

  const neighbors = (record: PostRecord, lists: ReadonlyMap<string, PostRecord[]>, at: number): [PostRecord | undefined, PostRecord | undefined] => {
    const own = record.categories[0];
    const list = own === undefined ? undefined : lists.get(own);
    if (!list || at === -1) return [undefined, undefined];
    return [list[at - 1], list[at + 1]];
  };
  const itemDirty = (record: PostRecord): boolean => {
    if (listDirty(record)) return true;
    const old = oldOf(record);
    if (!old) return true;
    // The item names its category (even when its source is named by the body).
    const own = record.categories[0];
    if (own !== undefined && nameChanged(own)) return true;
    const [newer, older] = neighbors(record, byCategory, position[record.index] ?? -1);
    const [oldNewer, oldOlder] = neighbors(old, oldByCategory, oldPosition[old.index] ?? -1);
    // A neighbor is shown by title, path and date: the same post, unchanged, shows the same.
    const same = (now: PostRecord | undefined, then: PostRecord | undefined): boolean =>
      now === undefined ? then === undefined : then !== undefined && oldOf(now) === then && !listDirty(now);
    return !same(newer, oldNewer) || !same(older, oldOlder);
  };

  // How many entries, counted from the oldest, each list shares with its previous version.
  const sharedMemo = new Map<string | null, number>();
  const sharedFromOldest = (key: string | null, list: PostRecord[], old: PostRecord[]): number => {
    let shared = sharedMemo.get(key);
    if (shared === undefined) {
      shared = 0;
      while (shared < list.length && shared < old.length && oldOf(list[list.length - 1 - shared] as PostRecord) === old[old.length - 1 - shared]) shared++;
      sharedMemo.set(key, shared);
    }
    return shared;
  };
  const pageClean = (key: string | null, list: PostRecord[], page: number, pages: number, pageSize: number): boolean => {
    const old = key === null ? oldRiver : oldByCategory.get(key);
    if (!old) return false;
    const oldPages = Math.max(1, Math.floor(old.length / pageSize));
    if (key !== null && nameChanged(key)) return false;
    const shared = sharedFromOldest(key, list, old);
    // The newest page (feed.json) holds the rest of the list and the totals: it stands only when the
    // whole list does. Any other page stands when it was no newest page and holds the same entries.
    if (page >= pages || page >= oldPages) {
      if (!(pages === oldPages && page === pages && shared === list.length && list.length === old.length)) return false;
    } else if (page * pageSize > shared) return false;
    // Its entries, as indices counted from the newest (see pageLayout).
    const [start, end] = page >= pages ? [0, list.length - (pages - 1) * pageSize] : [list.length - page * pageSize, list.length - (page - 1) * pageSize];
    for (let i = start; i < end; i++) {
      if (listDirty(list[i] as PostRecord)) return false;
    }
    return true;
  };

  return { listDirty, itemDirty, pageClean };
}
