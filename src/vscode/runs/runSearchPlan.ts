// How one filter of the Runs view reaches a store. The view takes MLflow's search syntax plus OR and
// parentheses. The embedded store (and existing MLflow data, read through it) evaluates those in
// one SQL query. An MLflow server has neither: the filter is rewritten as an OR of AND-only
// filters (its disjunctive normal form), each sent as its own MLflow search, and the pages are
// merged in MLflow's order without duplicates (runPager.ts). Plain functions, no `vscode`.
import type { Comparison, FilterAst } from '../../core/search/ast';
import { SearchSyntaxError } from '../../core/search/errors';
import { parseFilter } from '../../core/search/parser';
import { RestStore } from '../../core/mlflow/client/restStore';
import type { TrackingStore } from '../../core/store/types';

/** One filter is at most this many MLflow searches: an OR of ANDs of ORs multiplies out. */
export const maxServerSearches = 16;

export type SearchPlan =
  /** One search; `allowOr` when the store evaluates OR itself. */
  | { kind: 'single'; filter: string; allowOr: boolean }
  /** Several AND-only searches whose results together are the filter's. */
  | { kind: 'union'; filters: string[] };

/** Whether the store evaluates OR and parentheses itself: every store but an MLflow server's. */
export const storeHasOr = (store: TrackingStore): boolean => !(store instanceof RestStore);

/** Throws SearchSyntaxError (with the position) for a filter the view does not accept. */
export function planSearch(filter: string, hasOr: boolean): SearchPlan {
  const ast = parseFilter(filter, { allowOr: true });
  if (hasOr) return { kind: 'single', filter, allowOr: true };
  const branches = disjuncts(ast, filter);
  if (branches.length > maxServerSearches) throw tooMany(ast, filter);
  const filters = [...new Set(branches.map((branch) => branch.map((c) => conditionText(filter, c)).join(' AND ')))];
  return filters.length === 1 ? { kind: 'single', filter: filters[0], allowOr: false } : { kind: 'union', filters };
}

/** The condition as written, without the parentheses its span takes in when it was grouped alone. */
const conditionText = (filter: string, c: Comparison): string => filter.slice(c.keySpan.start, (c.valueSpan ?? c.comparatorSpan).end);

/** `a AND (b OR c)` as [[a, b], [a, c]]; the empty filter is one empty branch. */
function disjuncts(ast: FilterAst, filter: string): Comparison[][] {
  switch (ast.kind) {
    case 'comparison':
      return [[ast]];
    case 'or':
      return ast.clauses.flatMap((clause) => disjuncts(clause, filter));
    case 'and': {
      let product: Comparison[][] = [[]];
      for (const clause of ast.clauses) {
        const options = disjuncts(clause, filter);
        if (product.length * options.length > maxServerSearches) throw tooMany(ast, filter);
        product = product.flatMap((left) => options.map((right) => [...left, ...right]));
      }
      return product;
    }
  }
}

function tooMany(ast: FilterAst, filter: string): SearchSyntaxError {
  const at = ast.span.start;
  return new SearchSyntaxError(
    `An MLflow server has no OR: this filter would take more than ${maxServerSearches} separate searches there. Simplify it, or use the embedded store, which evaluates OR itself.`,
    Math.min(at, filter.length),
  );
}

/** `(filter) AND (extra)`, for searches that narrow the view's filter (live updates). */
export function narrowFilter(filter: string, extra: string): string {
  return filter.trim() === '' ? extra : `(${filter}) AND (${extra})`;
}
