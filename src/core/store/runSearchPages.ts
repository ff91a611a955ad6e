import { compileRunSearch, type RunSearchQuery } from '../search/toSql';
import type { SqlRunner } from './sqlRunner';

// The run ids of one page of a run search. A client pages through a search by offset tokens, as
// MLflow's do, and MLflow runs the whole search again for every page. Here a page's query reads a
// window of up to WINDOW ids from the page on, kept for the next pages of the same search while the
// store is unchanged (same `version`, the store's write count): the ids are then the same as the
// query would give again, since the search's order is total (it ends with run_uuid). The page
// that reaches the last result lets the window go.

const WINDOW = 10_000;

interface KeptWindow {
  search: string;
  version: number;
  offset: number;
  ids: string[];
  /** The window reaches the last result. */
  complete: boolean;
}

const kept = new WeakMap<SqlRunner, KeptWindow>();

/** The ids of the runs the search finds from `offset` on, at most `count`, in the search's order. */
export function searchRunIds(
  sql: SqlRunner,
  query: Omit<RunSearchQuery, 'maxResults' | 'offset'>,
  offset: number,
  count: number,
  version: number,
  window = WINDOW,
): string[] {
  const limit = Math.max(count, window);
  const compiled = compileRunSearch({ ...query, maxResults: limit, offset });
  // The query's text and values but the trailing LIMIT and OFFSET name the search.
  const search = `${compiled.sql}\n${JSON.stringify(compiled.params.slice(0, -2))}`;
  const last = kept.get(sql);
  let held: KeptWindow;
  if (last && last.search === search && last.version === version && offset >= last.offset && (last.complete || offset + count <= last.offset + last.ids.length)) {
    held = last;
  } else {
    const ids = sql.rows<[string]>(compiled.sql, compiled.params).map(([id]) => id);
    held = { search, version, offset, ids, complete: ids.length < limit };
  }
  const from = offset - held.offset;
  const page = held.ids.slice(from, from + count);
  // The last page lets the window go: a search made again reads anew.
  if (held.complete && from + count >= held.ids.length) kept.delete(sql);
  else kept.set(sql, held);
  return page;
}
