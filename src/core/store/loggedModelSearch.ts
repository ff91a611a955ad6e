import { columnTest, placeholders } from '../search/columnTest';
import type { Lexer } from '../search/lexer';
import { decodePageToken, encodePageToken } from '../search/pageToken';
import { parseComparisons, parseOrInvalid, readOperator, readValueList, unquote, type ModelComparison } from './modelFilter';
import type { SqlRunner } from './sqlRunner';
import type { LoggedModelOrder, SearchLoggedModelsQuery } from './types';
import { invalid } from './validate';

// MLflow 3.17.2's logged-model search (SqlAlchemyStore.search_logged_models and
// utils/search_logged_model_utils.py) over the same tables:
// - filter: comparisons joined by AND. `name`, `model_id`, `status`, ... (attributes, with the
//   aliases creation_timestamp and last_updated_timestamp), `metrics.<key>`, `params.<key>`,
//   `tags.<key>`. Timestamps and metrics compare as numbers (< <= > >= = !=), the rest as strings
//   (= != LIKE ILIKE IN NOT IN). A metric matches if any of the model's points matches.
// - datasets: only models with a metric on one of them (and metric filters count only those points).
// - order: attributes (nulls last) or `metrics.<key>` by the model's latest point (by time, then
//   step), then creation time newest first, then model id.
// - never a deleted model; pages of 100 unless asked otherwise.

const ALIASES: Record<string, string> = {
  creation_time: 'creation_timestamp_ms',
  creation_timestamp: 'creation_timestamp_ms',
  last_updated_timestamp: 'last_updated_timestamp_ms',
};
const COLUMNS = new Set([
  'model_id', 'experiment_id', 'name', 'artifact_location', 'creation_timestamp_ms', 'last_updated_timestamp_ms', 'status', 'lifecycle_stage', 'model_type',
  'source_run_id', 'status_message',
]);
const NUMERIC_COLUMNS = new Set(['creation_timestamp_ms', 'last_updated_timestamp_ms']);
const NUMERIC_OPS = ['<', '<=', '>', '>=', '=', '!='];
const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const DEFAULT_MAX_RESULTS = 100;

type EntityType = 'attribute' | 'metric' | 'param' | 'tag';
type Comparison = ModelComparison<EntityType, number | string | string[]>;

export function searchLoggedModelIds(sql: SqlRunner, q: SearchLoggedModelsQuery): { ids: string[]; nextPageToken?: string } {
  if (!Array.isArray(q.experimentIds) || q.experimentIds.length === 0) throw invalid('A logged-model search needs at least one experiment id.');
  const experimentIds = q.experimentIds.map((id) => {
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw invalid(`Experiment id must be a number, got ${JSON.stringify(id)}.`);
    return Number(id);
  });
  const maxResults = q.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1) throw invalid(`maxResults must be a positive integer, got ${maxResults}.`);
  const datasets = q.datasets ?? [];
  if (datasets.some((d) => !d.datasetName)) throw invalid('`dataset_name` in the `datasets` clause must be specified.');
  const offset = decodePageToken(q.pageToken);

  const params: (string | number)[] = [];
  const datasetTest = () => {
    const parts = datasets.map((d) => {
      params.push(d.datasetName);
      if (d.datasetDigest === undefined) return 'dataset_name = ?';
      params.push(d.datasetDigest);
      return '(dataset_name = ? AND dataset_digest = ?)';
    });
    return `(${parts.join(' OR ')})`;
  };

  const joins: string[] = [];
  const orders: string[] = [];
  let hasCreation = false;
  let hasModelId = false;
  for (const [i, ob] of (q.orderBy ?? []).entries()) {
    const field = ob.fieldName;
    if (typeof field !== 'string' || field === '') throw invalid('Every order_by of a logged-model search needs a field_name.');
    const direction = ob.ascending === false ? 'DESC' : 'ASC';
    if (!field.includes('.')) {
      const column = ALIASES[field] ?? field;
      if (!COLUMNS.has(column)) throw invalid(`Invalid order by field name: ${field}`);
      hasCreation ||= column === 'creation_timestamp_ms';
      hasModelId ||= column === 'model_id';
      orders.push(`(lm.${column} IS NULL) ASC`, `lm.${column} ${direction}`);
      continue;
    }
    const [entity, key] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
    if (entity !== 'metrics') throw invalid(`Invalid order by field name: ${field}. Only metrics are supported.`);
    joins.push(latestMetricJoin(`o${i}`, key, ob, params));
    orders.push(`(o${i}.metric_value IS NULL) ASC`, `o${i}.metric_value ${direction}`);
  }
  if (!hasCreation) orders.push('lm.creation_timestamp_ms DESC');
  if (!hasModelId) orders.push('lm.model_id ASC');

  const where = [`lm.lifecycle_stage != 'deleted'`, `lm.experiment_id IN (${placeholders(experimentIds.length)})`];
  params.push(...experimentIds);
  let hasMetricFilter = false;
  for (const c of parseOrInvalid(q.filter, parseLoggedModelFilter)) {
    if (c.type === 'attribute') where.push(columnTest(`lm.${c.key}`, c, params));
    else if (c.type === 'metric') {
      hasMetricFilter = true;
      params.push(c.key);
      const sub = `SELECT model_id FROM logged_model_metrics WHERE metric_name = ? AND ${columnTest('metric_value', c, params)}`;
      where.push(`lm.model_id IN (${sub}${datasets.length > 0 ? ` AND ${datasetTest()}` : ''})`);
    } else {
      const [table, keyColumn, valueColumn] = c.type === 'param' ? ['logged_model_params', 'param_key', 'param_value'] : ['logged_model_tags', 'tag_key', 'tag_value'];
      params.push(c.key);
      where.push(`lm.model_id IN (SELECT model_id FROM ${table} WHERE ${keyColumn} = ? AND ${columnTest(valueColumn, c, params)})`);
    }
  }
  if (datasets.length > 0 && !hasMetricFilter) where.push(`lm.model_id IN (SELECT model_id FROM logged_model_metrics WHERE ${datasetTest()})`);

  params.push(maxResults + 1, offset);
  const text = `SELECT lm.model_id FROM logged_models lm ${joins.join(' ')} WHERE ${where.join(' AND ')} ORDER BY ${orders.join(', ')} LIMIT ? OFFSET ?`;
  // Parameters are pushed in the order their placeholders appear: joins, then where, then the page.
  const ids = sql.rows<[string]>(text, params).map(([id]) => id);
  return ids.length > maxResults ? { ids: ids.slice(0, maxResults), nextPageToken: encodePageToken(offset + maxResults) } : { ids };
}

function latestMetricJoin(alias: string, key: string, ob: LoggedModelOrder, params: (string | number)[]): string {
  const filters = ['metric_name = ?'];
  params.push(key);
  if (ob.datasetName) {
    filters.push('dataset_name = ?');
    params.push(ob.datasetName);
  }
  if (ob.datasetDigest) {
    filters.push('dataset_digest = ?');
    params.push(ob.datasetDigest);
  }
  const ranked = `SELECT model_id, metric_value, ROW_NUMBER() OVER (PARTITION BY model_id, metric_name ORDER BY metric_timestamp_ms DESC, metric_step DESC, run_id ASC) AS rn
    FROM logged_model_metrics WHERE ${filters.join(' AND ')}`;
  return `LEFT JOIN (SELECT model_id, metric_value FROM (${ranked}) WHERE rn = 1) ${alias} ON ${alias}.model_id = lm.model_id`;
}

/** The comparisons of a logged-model filter, as MLflow's parse_filter_string reads them. */
export function parseLoggedModelFilter(filter: string | undefined): Comparison[] {
  return parseComparisons(filter, comparison, () => "Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01')");
}

function comparison(lexer: Lexer): Comparison {
  const first = lexer.next();
  if (first.kind !== 'word' && first.kind !== 'backtick') throw lexer.error('Expected an attribute, metrics.<key>, params.<key> or tags.<key>', first.start);
  let type: EntityType = 'attribute';
  let key = unquote(first);
  if (lexer.peek().kind === 'dot') {
    lexer.next();
    const keyToken = lexer.next();
    if (!['word', 'backtick', 'dquote', 'number'].includes(keyToken.kind)) throw lexer.error('Expected a key after the dot', keyToken.start);
    const types: Record<string, EntityType> = { attributes: 'attribute', metrics: 'metric', params: 'param', tags: 'tag' };
    if (!types[key]) throw lexer.error(`Invalid entity type: '${key}'. Expected one of attributes, metrics, params, tags`, first.start);
    type = types[key];
    key = unquote(keyToken);
  }
  if (type === 'attribute') {
    key = ALIASES[key] ?? key;
    if (!COLUMNS.has(key)) throw lexer.error(`Invalid attribute '${key}' for a logged model`, first.start);
  }
  const op = readOperator(lexer);
  const numeric = type === 'metric' || (type === 'attribute' && NUMERIC_COLUMNS.has(key));
  const allowed = numeric ? NUMERIC_OPS : STRING_OPS;
  if (!allowed.includes(op.text)) throw lexer.error(`Invalid comparison operator for ${key}: '${op.text}'. Expected one of ${allowed.join(', ')}`, op.start);
  if (op.text === 'IN' || op.text === 'NOT IN') return { type, key, comparator: op.text, value: readValueList(lexer, { numbers: true }) };
  const valueToken = lexer.next();
  if (numeric) {
    const n = valueToken.kind === 'number' ? Number(valueToken.text) : valueToken.kind === 'squote' ? Number(unquote(valueToken)) : NaN;
    if (!Number.isFinite(n)) throw lexer.error(`Expected a number to compare ${key} with`, valueToken.start);
    return { type, key, comparator: op.text, value: n };
  }
  if (valueToken.kind === 'squote') return { type, key, comparator: op.text, value: unquote(valueToken) };
  if (valueToken.kind === 'number' || valueToken.kind === 'word' || valueToken.kind === 'dquote') return { type, key, comparator: op.text, value: valueToken.text };
  throw lexer.error(`Expected a value to compare ${key} with`, valueToken.start);
}
