import { SearchSyntaxError } from './errors';
import { isIdentifierStart, parseIdentifier } from './identifier';
import { describeToken, isKeyword, Lexer } from './lexer';
import type { Entity } from './vocabulary';

// MLflow's run ordering (sqlalchemy_store._get_orderby_clauses): each key sorts present values
// first, then (metrics only) NaN, then runs without the key, in both directions; after the user's
// keys come start_time DESC (unless start_time was one of them) and run_uuid ASC.

export interface OrderByKey {
  entity: Exclude<Entity, 'dataset'>;
  key: string;
  ascending: boolean;
}

/** Parses one order_by entry such as `metrics.acc DESC` or "tags.`mlflow.runName`". */
export function parseOrderBy(clause: string, index = 0): OrderByKey {
  const lexer = new Lexer(clause, `order_by[${index}]`);
  const first = lexer.peek();
  if (!isIdentifierStart(first)) {
    throw lexer.error(`Expected a key to order by, such as metrics.acc DESC, found ${describeToken(first)}`, first.start);
  }
  const identifier = parseIdentifier(lexer, 'order_by');
  if (identifier.entity === 'dataset') {
    throw lexer.error('Runs cannot be ordered by a dataset: use metrics., params., tags. or attributes.', identifier.start);
  }
  const direction = lexer.peek();
  const hasDirection = isKeyword(direction, 'ASC') || isKeyword(direction, 'DESC');
  if (hasDirection) lexer.next();
  const rest = lexer.peek();
  if (rest.kind !== 'eof') {
    const expected = hasDirection ? 'the end' : 'ASC, DESC or the end';
    throw lexer.error(`Expected ${expected} after '${clause.slice(identifier.start, hasDirection ? direction.end : identifier.end)}', found ${describeToken(rest)}`, rest.start);
  }
  return { entity: identifier.entity, key: identifier.key, ascending: !isKeyword(direction, 'DESC') };
}

export interface OrderBySql {
  /** LEFT JOINs that bring each ordered metric, param or tag beside its run. */
  joins: string;
  joinParams: string[];
  /** The ORDER BY list, ending with MLflow's tie-breaks. */
  terms: string;
}

const TABLES = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;
const ATTRIBUTE_COLUMNS: Readonly<Record<string, string>> = { run_id: 'run_uuid', run_name: 'name' };

export function orderBySql(orderBy: readonly string[]): OrderBySql {
  const joins: string[] = [];
  const joinParams: string[] = [];
  const terms: string[] = [];
  const seen = new Map<string, number>();
  orderBy.forEach((clause, index) => {
    const { entity, key, ascending } = parseOrderBy(clause, index);
    const identity = `${entity}\u0000${key}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      throw new SearchSyntaxError(`order_by[${index}] repeats order_by[${earlier}]: each key may appear once`, 0, `order_by[${index}]`);
    }
    seen.set(identity, index);
    const direction = ascending ? '' : ' DESC';
    if (entity === 'attribute') {
      const column = `runs.${ATTRIBUTE_COLUMNS[key] ?? key}`;
      terms.push(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, `${column}${direction}`);
      return;
    }
    const alias = `order_${index}`;
    joins.push(`LEFT JOIN ${TABLES[entity]} AS ${alias} ON ${alias}.key = ? AND ${alias}.run_uuid = runs.run_uuid`);
    joinParams.push(key);
    const rank =
      entity === 'metric'
        ? `CASE WHEN ${alias}.is_nan = 1 THEN 1 WHEN ${alias}.value IS NULL THEN 2 ELSE 0 END`
        : `CASE WHEN ${alias}.value IS NULL THEN 1 ELSE 0 END`;
    terms.push(rank, `${alias}.value${direction}`);
  });
  if (!seen.has('attribute\u0000start_time')) terms.push('runs.start_time DESC');
  terms.push('runs.run_uuid');
  return { joins: joins.join('\n'), joinParams, terms: terms.join(', ') };
}
