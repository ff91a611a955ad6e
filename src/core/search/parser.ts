import type { Comparison, FilterAst, Span } from './ast';
import { isIdentifierStart, parseIdentifier, type Identifier } from './identifier';
import { describeToken, isKeyword, Lexer, type Token } from './lexer';
import { comparatorsFor, isNumericKey, type Comparator } from './vocabulary';

// MLflow's run filter: conditions joined by AND (any case). With `allowOr` the workbench also
// accepts OR and parentheses, AND binding tighter than OR; MLflow itself has neither.
//
//   filter     := [or]
//   or         := and (OR and)*             -- OR only with allowOr
//   and        := primary (AND primary)*
//   primary    := '(' or ')' | comparison   -- parentheses only with allowOr
//   comparison := identifier comparator [value | '(' string (',' string)* [','] ')']

export interface FilterOptions {
  allowOr?: boolean;
}

const SYMBOL_COMPARATORS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);
const ALL_COMPARATORS = '=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL or IS NOT NULL';
const EXAMPLE = "a condition such as metrics.acc > 0.9 or params.lr = '0.01'";

/** Parses a run filter; throws SearchSyntaxError at the first offending character. */
export function parseFilter(filter: string, opts: FilterOptions = {}): FilterAst {
  const lexer = new Lexer(filter);
  if (lexer.peek().kind === 'eof') return { kind: 'and', clauses: [], span: { start: 0, end: filter.length } };
  const ast = new Parser(lexer, opts.allowOr === true).parseOr();
  const rest = lexer.peek();
  if (rest.kind === 'rparen') throw lexer.error("Unmatched ')'", rest.start);
  if (rest.kind !== 'eof') throw lexer.error(`Expected AND between conditions, found ${describeToken(rest)}`, rest.start);
  return ast;
}

class Parser {
  constructor(
    private readonly lexer: Lexer,
    private readonly allowOr: boolean,
  ) {}

  parseOr(): FilterAst {
    const clauses = [this.parseAnd()];
    for (let token = this.lexer.peek(); isKeyword(token, 'OR'); token = this.lexer.peek()) {
      if (!this.allowOr) {
        throw this.lexer.error("MLflow's search syntax has no OR: join conditions with AND", token.start);
      }
      this.lexer.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? clauses[0] : { kind: 'or', clauses, span: spanOf(clauses) };
  }

  private parseAnd(): FilterAst {
    const clauses = [this.parsePrimary()];
    while (isKeyword(this.lexer.peek(), 'AND')) {
      this.lexer.next();
      clauses.push(this.parsePrimary());
    }
    return clauses.length === 1 ? clauses[0] : { kind: 'and', clauses, span: spanOf(clauses) };
  }

  private parsePrimary(): FilterAst {
    const token = this.lexer.peek();
    if (token.kind === 'lparen') {
      if (!this.allowOr) {
        throw this.lexer.error(`MLflow's search syntax has no parentheses: expected ${EXAMPLE}`, token.start);
      }
      this.lexer.next();
      const inner = this.parseOr();
      const close = this.lexer.peek();
      if (close.kind !== 'rparen') {
        throw this.lexer.error(`Expected ')' to close the '(' at ${token.start}, found ${describeToken(close)}`, close.start);
      }
      this.lexer.next();
      return { ...inner, span: { start: token.start, end: close.end } };
    }
    if (!isIdentifierStart(token)) throw this.lexer.error(`Expected ${EXAMPLE}, found ${describeToken(token)}`, token.start);
    return this.parseComparison();
  }

  private parseComparison(): Comparison {
    const identifier = parseIdentifier(this.lexer, 'filter');
    const { comparator, span: comparatorSpan } = this.parseComparator(identifier);
    const allowed = comparatorsFor(identifier.entity, identifier.key);
    if (!allowed.includes(comparator)) {
      const lists = identifier.entity === 'attribute' && (comparator === 'IN' || comparator === 'NOT IN');
      throw this.lexer.error(
        `${describe(identifier)} cannot be compared with ${comparator}: use ${allowed.join(', ')}` +
          (lists ? ' (among attributes only run_id takes a list)' : ''),
        comparatorSpan.start,
      );
    }
    const keySpan = { start: identifier.start, end: identifier.end };
    const base = { kind: 'comparison' as const, entity: identifier.entity, key: identifier.key, comparator, keySpan, comparatorSpan };
    if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') {
      return { ...base, value: null, valueSpan: null, span: { start: keySpan.start, end: comparatorSpan.end } };
    }
    const { value, span: valueSpan } =
      comparator === 'IN' || comparator === 'NOT IN' ? this.parseList() : this.parseScalar(identifier);
    return { ...base, value, valueSpan, span: { start: keySpan.start, end: valueSpan.end } };
  }

  private parseComparator(identifier: Identifier): { comparator: Comparator; span: Span } {
    const token = this.lexer.next();
    const single = (comparator: Comparator) => ({ comparator, span: { start: token.start, end: token.end } });
    if (token.kind === 'op') {
      if (SYMBOL_COMPARATORS.has(token.text)) return single(token.text as Comparator);
      throw this.lexer.error(`Unknown comparator '${token.text}': expected ${ALL_COMPARATORS}`, token.start);
    }
    if (isKeyword(token, 'LIKE') || isKeyword(token, 'ILIKE') || isKeyword(token, 'IN')) {
      return single(token.text.toUpperCase() as Comparator);
    }
    if (isKeyword(token, 'NOT')) {
      const last = this.expectKeyword('IN', 'after NOT (MLflow has NOT IN, no other negation)');
      return { comparator: 'NOT IN', span: { start: token.start, end: last.end } };
    }
    if (isKeyword(token, 'IS')) {
      const negated = isKeyword(this.lexer.peek(), 'NOT');
      if (negated) this.lexer.next();
      const last = this.expectKeyword('NULL', negated ? 'after IS NOT' : 'after IS');
      return { comparator: negated ? 'IS NOT NULL' : 'IS NULL', span: { start: token.start, end: last.end } };
    }
    throw this.lexer.error(
      `Expected a comparator (${ALL_COMPARATORS}) after '${this.lexer.text.slice(identifier.start, identifier.end)}', found ${describeToken(token)}`,
      token.start,
    );
  }

  private expectKeyword(keyword: string, where: string): Token {
    const token = this.lexer.next();
    if (!isKeyword(token, keyword)) throw this.lexer.error(`Expected ${keyword} ${where}, found ${describeToken(token)}`, token.start);
    return token;
  }

  private parseScalar(identifier: Identifier): { value: number | string; span: Span } {
    const token = this.lexer.next();
    const span = { start: token.start, end: token.end };
    if (isNumericKey(identifier.entity, identifier.key)) {
      if (token.kind !== 'number') {
        throw this.lexer.error(`Expected a number for ${describe(identifier)}, found ${describeToken(token)}`, token.start);
      }
      return { value: Number(token.text), span };
    }
    if (token.kind !== 'squote' && token.kind !== 'dquote') {
      throw this.lexer.error(
        `Expected a quoted string for ${describe(identifier)} (e.g. 'value'), found ${describeToken(token)}`,
        token.start,
      );
    }
    return { value: token.text.slice(1, -1), span };
  }

  private parseList(): { value: string[]; span: Span } {
    const open = this.lexer.next();
    if (open.kind !== 'lparen') {
      throw this.lexer.error(`Expected a parenthesized list of quoted strings, e.g. ('a', 'b'), found ${describeToken(open)}`, open.start);
    }
    const values: string[] = [];
    for (;;) {
      const token = this.lexer.next();
      if (token.kind === 'rparen' && values.length > 0) return { value: values, span: { start: open.start, end: token.end } };
      if (token.kind !== 'squote' && token.kind !== 'dquote') {
        throw this.lexer.error(`Expected a quoted string in the list, found ${describeToken(token)}`, token.start);
      }
      values.push(pythonString(token.text));
      const separator = this.lexer.next();
      if (separator.kind === 'rparen') return { value: values, span: { start: open.start, end: separator.end } };
      if (separator.kind !== 'comma') throw this.lexer.error(`Expected ',' or ')' in the list, found ${describeToken(separator)}`, separator.start);
    }
  }
}

function describe(identifier: Identifier): string {
  return `${identifier.entity} '${identifier.key}'`;
}

function spanOf(clauses: FilterAst[]): Span {
  return { start: clauses[0].span.start, end: clauses[clauses.length - 1].span.end };
}

/**
 * MLflow reads IN lists with Python's ast.literal_eval, so list items follow Python's string rules:
 * backslash escapes, and a doubled quote inside is two adjacent literals ('a''b' is 'ab').
 */
function pythonString(text: string): string {
  const quote = text[0];
  const inner = text.slice(1, -1);
  const escapes: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r' };
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && i + 1 < inner.length) {
      const next = inner[++i];
      out += escapes[next] ?? `\\${next}`;
    } else if (ch !== quote) {
      out += ch;
    }
  }
  return out;
}
