import { SearchSyntaxError } from '../search/errors';
import { isKeyword, Lexer, type Token } from '../search/lexer';
import { invalid } from './validate';

// The filter grammar of MLflow 3.17.2's registered-model and logged-model searches (SearchModelUtils,
// search_logged_model_utils): comparisons joined by AND, without OR or parentheses. Which keys and
// values each search accepts is its own; reading the operators, lists and quotes is shared here.

/** One comparison; `type` says what the key names (attribute, tag, metric, ...). */
export interface ModelComparison<Type extends string, Value = string | string[]> {
  type: Type;
  key: string;
  comparator: string;
  value: Value;
}

/** The comparisons of `filter`; `andError` is the message where something other than AND follows one. */
export function parseComparisons<T>(filter: string | undefined, comparison: (lexer: Lexer) => T, andError: (found: Token) => string): T[] {
  if (!filter || filter.trim() === '') return [];
  const lexer = new Lexer(filter);
  const out: T[] = [];
  for (;;) {
    out.push(comparison(lexer));
    const next = lexer.next();
    if (next.kind === 'eof') return out;
    if (!isKeyword(next, 'AND')) throw lexer.error(andError(next), next.start);
  }
}

/** `parse(filter)`, with a syntax error turned into INVALID_PARAMETER_VALUE that quotes the filter and says where. */
export function parseOrInvalid<T>(filter: string | undefined, parse: (filter: string | undefined) => T[]): T[] {
  try {
    return parse(filter);
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw invalid(`Invalid filter string ${JSON.stringify(filter)}: ${err.message} (at character ${err.position}).`);
    throw err;
  }
}

/** `=`, `!=` (also written `<>`), `<` ..., `LIKE`, `ILIKE`, `IN`, `NOT IN`, in upper case. */
export function readOperator(lexer: Lexer): { text: string; start: number } {
  const t = lexer.next();
  if (t.kind === 'op') return { text: t.text === '<>' ? '!=' : t.text, start: t.start };
  if (isKeyword(t, 'NOT')) {
    const inToken = lexer.next();
    if (!isKeyword(inToken, 'IN')) throw lexer.error("Expected 'IN' after 'NOT'", inToken.start);
    return { text: 'NOT IN', start: t.start };
  }
  if (t.kind === 'word' && ['LIKE', 'ILIKE', 'IN'].includes(t.text.toUpperCase())) return { text: t.text.toUpperCase(), start: t.start };
  throw lexer.error('Expected a comparison operator', t.start);
}

/** `('a', "b")`: quoted values, and bare numbers (as written) where `accept.numbers`. */
export function readValueList(lexer: Lexer, accept: { numbers: boolean }): string[] {
  const open = lexer.next();
  if (open.kind !== 'lparen') throw lexer.error(`Expected '(' and a list of ${accept.numbers ? '' : 'quoted '}values`, open.start);
  const values: string[] = [];
  for (;;) {
    const v = lexer.next();
    if (v.kind !== 'squote' && v.kind !== 'dquote' && !(accept.numbers && v.kind === 'number')) throw lexer.error('Expected a quoted value', v.start);
    values.push(unquote(v));
    const sep = lexer.next();
    if (sep.kind === 'rparen') return values;
    if (sep.kind !== 'comma') throw lexer.error("Expected ',' or ')'", sep.start);
  }
}

/** The text inside the quotes of a quoted token (no escapes read, as MLflow); other tokens as written. */
export function unquote(t: Token): string {
  return t.kind === 'backtick' || t.kind === 'squote' || t.kind === 'dquote' ? t.text.slice(1, -1) : t.text;
}
