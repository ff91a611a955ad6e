import { columnTest } from '../search/columnTest';
import type { Lexer } from '../search/lexer';
import { decodePageToken, encodePageToken } from '../search/pageToken';
import { parseComparisons, parseOrInvalid, readOperator, readValueList, unquote, type ModelComparison } from './modelFilter';
import type { SqlRunner } from './sqlRunner';
import { invalid } from './validate';

// MLflow 3.17.2's registered-model search (model_registry/sqlalchemy_store.py
// search_registered_models, SearchModelUtils) over the same tables:
// - filter: comparisons joined by AND on `name` (= != LIKE ILIKE IN NOT IN) and `tags.<key>` or
//   `tag.<key>` (= != LIKE ILIKE) against quoted strings. A tag comparison matches only models that
//   have the tag; all of a key's comparisons must hold on its one value.
// - prompts (models tagged mlflow.prompt.is_prompt = 'true') are left out unless the filter asks
//   for them; the mlflow client always sends `tag.mlflow.prompt.is_prompt != 'true'`, which MLflow
//   reads as "no prompts" (models without the tag included), as here.
// - order: `name`, `timestamp` or `last_updated_timestamp` (the last update), ASC or DESC, then
//   name ascending. Pages via MLflow's offset tokens.

const PROMPT_TAG = 'mlflow.prompt.is_prompt';
const WS = "workspace = 'default'";

type Comparison = ModelComparison<'attribute' | 'tag'>;

export interface RegisteredModelQuery {
  filter?: string;
  orderBy?: string[];
  maxResults: number;
  pageToken?: string;
}

export function searchRegisteredModelNames(sql: SqlRunner, q: RegisteredModelQuery): { names: string[]; nextPageToken?: string } {
  const comparisons = parseOrInvalid(q.filter, parseFilter);
  const params: (string | number)[] = [];
  const where = [`rm.${WS}`];
  const tagFilters = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    if (c.type === 'attribute') where.push(columnTest('rm.name', c, params));
    else tagFilters.set(c.key, [...(tagFilters.get(c.key) ?? []), c]);
  }
  const queryingPrompts = comparisons.some(
    (c) => c.type === 'tag' && c.key === PROMPT_TAG && ((c.comparator === '=' && String(c.value).toLowerCase() === 'true') || (c.comparator === '!=' && String(c.value).toLowerCase() === 'false')),
  );
  if (!queryingPrompts) {
    tagFilters.delete(PROMPT_TAG);
    where.push(`rm.name NOT IN (SELECT name FROM registered_model_tags WHERE ${WS} AND key = '${PROMPT_TAG}' AND value = 'true')`);
  }
  if (tagFilters.size > 0) {
    const perKey = [...tagFilters].map(([key, tests]) => {
      params.push(key);
      return `(key = ? AND ${tests.map((t) => columnTest('value', t, params)).join(' AND ')})`;
    });
    where.push(`rm.name IN (SELECT name FROM registered_model_tags WHERE ${WS} AND (${perKey.join(' OR ')}) GROUP BY name HAVING COUNT(*) = ${tagFilters.size})`);
  }
  const offset = decodePageToken(q.pageToken);
  params.push(q.maxResults + 1, offset);
  const rows = sql.rows<[string]>(`SELECT rm.name FROM registered_models rm WHERE ${where.join(' AND ')} ORDER BY ${orderClauses(q.orderBy ?? [])} LIMIT ? OFFSET ?`, params);
  const names = rows.map(([n]) => n);
  return names.length > q.maxResults ? { names: names.slice(0, q.maxResults), nextPageToken: encodePageToken(offset + q.maxResults) } : { names };
}

function orderClauses(orderBy: string[]): string {
  const clauses: string[] = [];
  const seen = new Set<string>();
  for (const clause of orderBy) {
    const m = /^\s*(`[^`]+`|"[^"]+"|[\w.]+)\s*(ASC|DESC)?\s*$/i.exec(clause);
    if (!m) throw invalid(`Invalid order_by clause '${clause}'.`);
    const key = m[1].replace(/^[`"]|[`"]$/g, '').replace(/^attribute\./, '');
    const column = key === 'name' ? 'name' : key === 'timestamp' || key === 'last_updated_timestamp' ? 'last_updated_time' : undefined;
    if (!column) throw invalid(`Invalid order by key '${key}' specified.Valid keys are '['name', 'last_updated_timestamp', 'timestamp']'`);
    if (seen.has(column)) throw invalid(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    seen.add(column);
    clauses.push(`rm.${column} ${(m[2] ?? 'ASC').toUpperCase()}`);
  }
  if (!seen.has('name')) clauses.push('rm.name ASC');
  return clauses.join(', ');
}

function parseFilter(filter: string | undefined): Comparison[] {
  return parseComparisons(filter, comparison, (found) => `Invalid clause(s) in filter string: '${found.text}'`);
}

function comparison(lexer: Lexer): Comparison {
  const first = lexer.next();
  if (first.kind !== 'word' && first.kind !== 'backtick' && first.kind !== 'dquote') throw lexer.error('Expected name or tags.<key>', first.start);
  let type: Comparison['type'] = 'attribute';
  let key = unquote(first);
  if (lexer.peek().kind === 'dot') {
    lexer.next();
    const entity = key;
    if (!['attribute', 'tag', 'tags'].includes(entity)) throw lexer.error(`Invalid entity type '${entity}'. Valid entity types are ('attribute', 'tag', 'tags')`, first.start);
    const keyToken = lexer.next();
    if (!['word', 'backtick', 'dquote', 'squote', 'number'].includes(keyToken.kind)) throw lexer.error('Expected a key after the dot', keyToken.start);
    type = entity === 'attribute' ? 'attribute' : 'tag';
    key = unquote(keyToken);
    while (lexer.peek().kind === 'dot') {
      lexer.next(); // an unquoted dotted key: MLflow splits at the first dot only
      key += `.${unquote(lexer.next())}`;
    }
  }
  if (type === 'attribute' && key !== 'name') throw lexer.error(`Invalid attribute key '${key}' specified. Valid keys are '{'name'}'`, first.start);
  const op = readOperator(lexer);
  const allowed = type === 'attribute' ? ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] : ['=', '!=', 'LIKE', 'ILIKE'];
  if (!allowed.includes(op.text)) throw lexer.error(`Invalid comparator for ${type}: ${op.text}`, op.start);
  if (op.text === 'IN' || op.text === 'NOT IN') return { type, key, comparator: op.text, value: readValueList(lexer, { numbers: false }) };
  const v = lexer.next();
  if (v.kind !== 'squote' && v.kind !== 'dquote') throw lexer.error(`Expected a quoted string value for ${type} (e.g. 'my-value'). Got value ${v.text}`, v.start);
  return { type, key, comparator: op.text, value: unquote(v) };
}
