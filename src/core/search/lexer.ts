import { SearchSyntaxError } from './errors';

// Tokens of MLflow's search grammar, as sqlparse splits them for SearchUtils: bare words, `backtick`
// and "double" quoted names, 'single' quoted strings, numbers, comparison operators, punctuation.
// Quoted text keeps its inner characters as written: MLflow strips only the outer quotes.

export type TokenKind =
  | 'word'
  | 'backtick'
  | 'dquote'
  | 'squote'
  | 'number'
  | 'op'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'dot'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, quotes included. */
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}_][\p{L}\p{N}_$#]*/uy;
const KEY_WORD = /[\p{L}\p{N}_$#]+/uy;
const NUMBER = /-?\d+(?:\.\d+)?[eE]-?\d+|-?(?:\d+\.\d*|\.\d+)|-?\d+/y;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const OPERATOR = /[<>=~!]+/y;
const QUOTED: Readonly<Record<string, RegExp>> = {
  '`': /`(?:``|[^`])*`/y,
  '"': /"(?:""|\\"|[^"])*"/y,
  "'": /'(?:''|\\'|[^'])*'/y,
};
const QUOTE_KIND: Readonly<Record<string, TokenKind>> = { '`': 'backtick', '"': 'dquote', "'": 'squote' };
const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };
const NAME_KINDS: ReadonlySet<TokenKind> = new Set(['word', 'backtick', 'dquote', 'squote']);

/** Lexes on demand, so that the parser reports the leftmost problem first. */
export class Lexer {
  private pos = 0;
  private previous: Token | undefined;
  private lookahead: Token | undefined;

  constructor(
    readonly text: string,
    private readonly input = 'filter',
  ) {}

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    this.previous = token;
    return token;
  }

  private scan(): Token {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
    const start = this.pos;
    if (start >= this.text.length) return { kind: 'eof', text: '', start, end: start };
    const ch = this.text[start];
    const afterDot = this.previous?.kind === 'dot' && this.previous.end === start;
    const afterName = this.previous !== undefined && NAME_KINDS.has(this.previous.kind) && this.previous.end === start;

    if (QUOTED[ch]) {
      const end = this.match(QUOTED[ch], start);
      if (end === undefined) throw this.error(`Unterminated quote: expected a closing ${ch}`, start);
      return this.token(QUOTE_KIND[ch], start, end);
    }
    if (afterDot) {
      const end = this.match(KEY_WORD, start);
      if (end !== undefined) return this.token('word', start, end);
    }
    if (ch === '.' && afterName) return this.token('dot', start, start + 1);
    const numberEnd = this.match(NUMBER, start);
    if (numberEnd !== undefined) {
      let end = numberEnd;
      while (end < this.text.length && WORD_CHAR.test(this.text[end])) end++;
      if (end > numberEnd) throw this.error(`Malformed number '${this.text.slice(start, end)}'`, start);
      return this.token('number', start, end);
    }
    const wordEnd = this.match(WORD, start);
    if (wordEnd !== undefined) return this.token('word', start, wordEnd);
    const operatorEnd = this.match(OPERATOR, start);
    if (operatorEnd !== undefined) return this.token('op', start, operatorEnd);
    if (PUNCTUATION[ch]) return this.token(PUNCTUATION[ch], start, start + 1);
    if (ch === '.') return this.token('dot', start, start + 1);
    throw this.error(`Unexpected character '${ch}'`, start);
  }

  private match(pattern: RegExp, at: number): number | undefined {
    pattern.lastIndex = at;
    return pattern.test(this.text) ? pattern.lastIndex : undefined;
  }

  private token(kind: TokenKind, start: number, end: number): Token {
    this.pos = end;
    return { kind, text: this.text.slice(start, end), start, end };
  }

  error(message: string, position: number): SearchSyntaxError {
    return new SearchSyntaxError(message, position, this.input);
  }
}

/** Whether `token` is the bare word `keyword`, in any case (MLflow's keywords are case-insensitive). */
export function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === keyword;
}

export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'the end';
  return token.kind === 'squote' || token.kind === 'dquote' || token.kind === 'backtick' ? token.text : `'${token.text}'`;
}
