import { describeToken, type Lexer, type Token } from './lexer';
import { attributeNames, canonicalAttribute, DATASET_KEYS, ENTITY_PREFIXES, type Entity } from './vocabulary';

// `prefix.key` as MLflow's SearchUtils._get_identifier reads it: the text is split at its first dot,
// the prefix may be `backticked`, and the key may be "double", 'single' or `backtick` quoted
// (`tags."mlflow.runName"`) or bare with dots (`tags.mlflow.runName`). No prefix means an attribute.

export interface Identifier {
  entity: Entity;
  /** The key with quotes removed and attribute aliases resolved (`created` -> `start_time`). */
  key: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE', 'ASC', 'DESC']);
const PREFIX_LIST = 'metrics., params., tags., attributes. or datasets.';

export function isIdentifierStart(token: Token): boolean {
  if (token.kind === 'word') return !KEYWORDS.has(token.text.toUpperCase());
  return token.kind === 'backtick' || token.kind === 'dquote';
}

export function parseIdentifier(lexer: Lexer, use: 'filter' | 'order_by'): Identifier {
  const first = lexer.next();
  const dot = lexer.peek();
  if (dot.kind !== 'dot' || dot.start !== first.end) {
    const key = attributeKey(lexer, unquote(first.text), first.start, use);
    return { entity: 'attribute', key, start: first.start, end: first.end };
  }

  const prefix = first.kind === 'backtick' ? first.text.slice(1, -1) : first.text;
  if (!Object.hasOwn(ENTITY_PREFIXES, prefix)) {
    throw lexer.error(`Unknown prefix '${prefix}': expected ${PREFIX_LIST}`, first.start);
  }
  const entity = ENTITY_PREFIXES[prefix];
  lexer.next();
  const keyStart = dot.end;
  let end = keyStart;
  for (;;) {
    const part = lexer.peek();
    if (part.start !== end || !['word', 'backtick', 'dquote', 'squote'].includes(part.kind)) {
      throw lexer.error(`Expected a key after '${lexer.text.slice(first.start, end)}', found ${describeToken(part)}`, part.start);
    }
    end = lexer.next().end;
    const more = lexer.peek();
    if (more.kind !== 'dot' || more.start !== end) break;
    end = lexer.next().end;
  }
  let key = unquote(lexer.text.slice(keyStart, end));
  if (entity === 'attribute') key = attributeKey(lexer, key, keyStart, use);
  if (entity === 'dataset' && !DATASET_KEYS.has(key)) {
    throw lexer.error(`Unknown dataset key '${key}': expected name, digest or context`, keyStart);
  }
  return { entity, key, start: first.start, end };
}

function attributeKey(lexer: Lexer, key: string, position: number, use: 'filter' | 'order_by'): string {
  const canonical = canonicalAttribute(key, use);
  if (canonical === undefined) {
    throw lexer.error(`Unknown attribute '${key}': expected one of ${attributeNames(use).join(', ')}`, position);
  }
  return canonical;
}

/** MLflow's _strip_quotes then _trim_backticks: only quotes around the whole text go. */
function unquote(text: string): string {
  const quotedBy = (q: string) => text.length >= 2 && text.startsWith(q) && text.endsWith(q);
  const stripped = quotedBy("'") || quotedBy('"') ? text.slice(1, -1) : text;
  return stripped.length >= 2 && stripped.startsWith('`') && stripped.endsWith('`') ? stripped.slice(1, -1) : stripped;
}
