import type { Comparator, Entity } from './vocabulary';

/** A half-open range [start, end) of 0-based character offsets into the filter text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One condition, `metrics.acc > 0.9`. `key` has quotes removed and aliases resolved. `value` is a
 * number for metrics and numeric attributes, the text between the quotes for strings (as MLflow,
 * no escapes are interpreted), a list for IN / NOT IN, and null for IS NULL / IS NOT NULL.
 */
export interface Comparison {
  kind: 'comparison';
  entity: Entity;
  key: string;
  comparator: Comparator;
  value: number | string | string[] | null;
  span: Span;
  keySpan: Span;
  comparatorSpan: Span;
  valueSpan: Span | null;
}

/** `and` with no clauses is the empty filter and matches every run. */
export interface Conjunction {
  kind: 'and';
  clauses: FilterAst[];
  span: Span;
}

/** Only with `allowOr`: MLflow's own grammar is a list of conditions joined by AND. */
export interface Disjunction {
  kind: 'or';
  clauses: FilterAst[];
  span: Span;
}

export type FilterAst = Comparison | Conjunction | Disjunction;
