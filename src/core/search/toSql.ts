import type { Comparison, FilterAst } from './ast';
import { columnTest, placeholders } from './columnTest';
import { orderBySql } from './orderBy';
import { parseFilter } from './parser';

// The store imports the whole search API from here.
export { SearchSyntaxError } from './errors';
export { decodePageToken, encodePageToken } from './pageToken';
export { parseFilter } from './parser';
export type { FilterAst } from './ast';

// Compiles a run search to one SQLite query over MLflow's own tables, with the semantics of MLflow's
// SqlAlchemyStore._search_runs. Every user value is a bound parameter. Each condition on a metric,
// param, tag or dataset is `run_uuid IN (uncorrelated subquery)`: SQLite reads the (key, run_uuid)
// primary key range once into a lookup table, measured faster here than a correlated EXISTS per run,
// and OR / parentheses compose without duplicate rows.

export interface RunSearchSql {
  sql: string;
  params: (string | number)[];
}

export interface RunSearchQuery {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults: number;
  offset: number;
  allowOr?: boolean;
}

const STAGES = { ACTIVE_ONLY: ['active'], DELETED_ONLY: ['deleted'], ALL: ['active', 'deleted'] } as const;

/** The query selects run_uuid alone, in result order, LIMIT maxResults OFFSET offset. */
export function compileRunSearch(q: RunSearchQuery): RunSearchSql {
  for (const [name, n] of [['maxResults', q.maxResults], ['offset', q.offset]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
  const filter = parseFilter(q.filter ?? '', { allowOr: q.allowOr });
  const order = orderBySql(q.orderBy ?? []);
  const params: (string | number)[] = [...order.joinParams];
  // experiment_id is an INTEGER column; MLflow converts the ids before comparing.
  const experimentIds = q.experimentIds.map((id) => (/^\d+$/.test(id) ? Number(id) : id));
  params.push(...experimentIds);
  const stages = STAGES[q.viewType ?? 'ACTIVE_ONLY'];
  params.push(...stages);
  const where = [
    `runs.experiment_id IN (${placeholders(experimentIds.length)})`,
    `runs.lifecycle_stage IN (${placeholders(stages.length)})`,
  ];
  const condition = filterSql(filter, params);
  if (condition !== '1') where.push(condition);
  params.push(q.maxResults, q.offset);
  const sql = [
    'SELECT runs.run_uuid FROM runs',
    order.joins,
    `WHERE ${where.join('\nAND ')}`,
    `ORDER BY ${order.terms}`,
    'LIMIT ? OFFSET ?',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { sql, params };
}

/** A SQL condition on `runs` for the filter, appending its values to `params`; '1' for no filter. */
export function filterSql(ast: FilterAst, params: (string | number)[]): string {
  if (ast.kind === 'comparison') return comparisonSql(ast, params);
  if (ast.clauses.length === 0) return '1';
  const parts = ast.clauses.map((clause) => filterSql(clause, params));
  return `(${parts.join(ast.kind === 'and' ? ' AND ' : ' OR ')})`;
}

const KEY_VALUE_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;
const ATTRIBUTE_COLUMNS: Readonly<Record<string, string>> = { run_id: 'run_uuid' };
// Only DATASET -> RUN inputs join a dataset to a run; MLflow joins on the ids alone, same rows.
const DATASET_INPUTS =
  'SELECT i.destination_id FROM inputs AS i JOIN datasets AS d ON d.dataset_uuid = i.source_id';
const RUN_INPUT = "i.destination_type = 'RUN' AND i.source_type = 'DATASET'";

function comparisonSql(c: Comparison, params: (string | number)[]): string {
  switch (c.entity) {
    case 'metric': {
      params.push(c.key, c.value as number);
      // NaN is stored as value 0 with is_nan = 1: it satisfies only "!=", as in MLflow.
      const test = c.comparator === '!=' ? '(value != ? OR is_nan = 1)' : `value ${c.comparator} ? AND is_nan = 0`;
      return `runs.run_uuid IN (SELECT run_uuid FROM latest_metrics WHERE key = ? AND ${test})`;
    }
    case 'param':
    case 'tag': {
      params.push(c.key);
      const withKey = `SELECT run_uuid FROM ${KEY_VALUE_TABLES[c.entity]} WHERE key = ?`;
      if (c.comparator === 'IS NULL') return `runs.run_uuid NOT IN (${withKey})`;
      if (c.comparator === 'IS NOT NULL') return `runs.run_uuid IN (${withKey})`;
      return `runs.run_uuid IN (${withKey} AND ${columnTest('value', c, params)})`;
    }
    case 'attribute':
      if (c.key === 'run_name') return runNameSql(c, params);
      if (typeof c.value === 'number') {
        params.push(c.value);
        return `runs.${c.key} ${c.comparator} ?`;
      }
      return columnTest(`runs.${ATTRIBUTE_COLUMNS[c.key] ?? c.key}`, c, params);
    case 'dataset':
      if (c.key === 'context') {
        const tags = 'JOIN input_tags AS it ON it.input_uuid = i.input_uuid';
        const test = `it.name = 'mlflow.data.context' AND ${columnTest('it.value', c, params)}`;
        return `runs.run_uuid IN (${DATASET_INPUTS} ${tags} WHERE ${RUN_INPUT} AND ${test})`;
      }
      return `runs.run_uuid IN (${DATASET_INPUTS} WHERE ${RUN_INPUT} AND ${columnTest(`d.${c.key}`, c, params)})`;
  }
}

/**
 * MLflow filters attributes.run_name through the `mlflow.runName` tag (the runs.name column is
 * empty for runs logged by MLflow <= 1.29). A run without that tag is matched on runs.name instead,
 * so runs written without the tag stay findable; with the tag present this is MLflow's result.
 */
function runNameSql(c: Comparison, params: (string | number)[]): string {
  const named = "SELECT run_uuid FROM tags WHERE key = 'mlflow.runName'";
  const byTag = `runs.run_uuid IN (${named} AND ${columnTest('value', c, params)})`;
  const byColumn = `runs.run_uuid NOT IN (${named}) AND ${columnTest('runs.name', c, params)}`;
  return `(${byTag} OR (${byColumn}))`;
}
