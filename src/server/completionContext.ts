// Where the cursor is in an mlops.yaml that is being typed (so often not valid YAML yet): typing a
// key of some mapping, or a value of some key. Read from the text around the cursor by
// indentation, the way a reader of block YAML does, rather than from the parse.

/** Keys from the outermost in; `-` stands for an item of a list (a gate's requirement). */
export type KeyPath = string[];

export type CompletionContext =
  /** Typing a key: `prefixStart` is where the key starts. */
  | { kind: 'key'; path: KeyPath; prefixStart: number; prefix: string }
  /** Typing the value of `key` (an item of its list when `inList`): `prefixStart` is where the value starts. */
  | { kind: 'value'; path: KeyPath; key: string; prefixStart: number; prefix: string; inList: boolean };

interface LineShape {
  /** Column of `- ` when the line starts a list item. */
  dash?: number;
  /** Column where the content (after any `- `) starts. */
  content: number;
  /** The key, when the content is `key:` or `key: value`. */
  key?: string;
}

const keyPattern = /^([A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')\s*:(?:\s|$)/;

export function completionContext(text: string, offset: number): CompletionContext | undefined {
  // (lastIndexOf reads a negative start as 0, so offset 0 is its own case.)
  const lineStart = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before)) return undefined;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop(); // the empty piece after the last line break: the current line is `before`
  const shape = shapeOf(before);
  const rest = before.slice(shape.content);
  const at = (column: number) => lineStart + column;

  const keyed = keyPattern.exec(rest);
  if (keyed) {
    const key = unquote(keyed[1]!);
    const valueColumn = shape.content + keyed[0].length;
    const path = shape.dash === undefined ? parents(lines, shape.content, false) : [...parents(lines, shape.dash, true), '-'];
    return valueContext(before, valueColumn, path, key, at);
  }
  if (shape.dash !== undefined) {
    if (rest.startsWith('{')) return flowInItemContext(before, shape, lines, at);
    const owner = parents(lines, shape.dash, true);
    const key = owner.pop();
    if (key === undefined) return undefined;
    // A new item of `require` starts a requirement mapping: its first key is being typed.
    if (key === 'require') return /^[\w-]*$/.test(rest) ? { kind: 'key', path: [...owner, key, '-'], prefixStart: at(shape.content), prefix: rest } : undefined;
    return quoted({ kind: 'value', path: owner, key, prefixStart: at(shape.content), prefix: rest, inList: true });
  }
  if (!/^[\w-]*$/.test(rest)) return undefined;
  return { kind: 'key', path: parents(lines, shape.content, false), prefixStart: at(shape.content), prefix: rest };
}

/** After `key:` on the cursor's line: a plain value, or an item of a one-line flow list `[a, b, `. */
function valueContext(before: string, valueColumn: number, path: KeyPath, key: string, at: (column: number) => number): CompletionContext | undefined {
  const value = before.slice(valueColumn);
  const leading = value.length - value.trimStart().length;
  const start = valueColumn + leading;
  const written = value.slice(leading);
  if (written.startsWith('[')) {
    if (written.includes(']')) return undefined;
    const itemStart = Math.max(written.lastIndexOf('['), written.lastIndexOf(',')) + 1;
    const item = written.slice(itemStart);
    const itemLeading = item.length - item.trimStart().length;
    return quoted({ kind: 'value', path, key, prefixStart: at(start + itemStart + itemLeading), prefix: item.trimStart(), inList: true });
  }
  if (written.startsWith('{') || written.startsWith('|') || written.startsWith('>') || written.startsWith('&') || written.startsWith('*')) return undefined;
  return quoted({ kind: 'value', path, key, prefixStart: at(start), prefix: written, inList: false });
}

/** `- {metric: auc, op: ` : a key or a value inside a one-line flow mapping that is a list item. */
function flowInItemContext(before: string, shape: LineShape, lines: string[], at: (column: number) => number): CompletionContext | undefined {
  const open = before.lastIndexOf('{');
  if (open === -1 || before.indexOf('}', open) !== -1 || shape.dash === undefined) return undefined;
  const owner = parents(lines, shape.dash, true);
  const path = [...owner, '-'];
  const pieceStart = Math.max(open, before.lastIndexOf(',')) + 1;
  const piece = before.slice(pieceStart);
  const leading = piece.length - piece.trimStart().length;
  const keyed = keyPattern.exec(piece.slice(leading));
  if (keyed) return valueContext(before, pieceStart + leading + keyed[0].length, path, unquote(keyed[1]!), at);
  const word = piece.slice(leading);
  return /^[\w.-]*$/.test(word) ? { kind: 'key', path, prefixStart: at(pieceStart + leading), prefix: word } : undefined;
}

/** A value that opens a quote: complete inside it. */
function quoted(context: CompletionContext & { kind: 'value' }): CompletionContext | undefined {
  const quote = context.prefix[0];
  if (quote !== '"' && quote !== "'") return /\s#|["']/.test(context.prefix) ? undefined : context;
  if (context.prefix.indexOf(quote, 1) !== -1) return undefined;
  return { ...context, prefixStart: context.prefixStart + 1, prefix: context.prefix.slice(1) };
}

/**
 * The keys holding a line whose content starts at `column`, outermost first. From a list item
 * (`item` true, `column` its `- `), the key owning the list comes last; it may sit at the same
 * column as the dash (`deps:` then `- a` below it).
 */
function parents(lines: string[], column: number, item: boolean): KeyPath {
  const path: KeyPath = [];
  let limit = column;
  let afterItem = item;
  for (let i = lines.length - 1; i >= 0 && (limit > 0 || afterItem); i--) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const { dash, content, key } = shapeOf(line);
    if (dash !== undefined) {
      if (dash >= limit) continue; // a sibling item, or deeper
      // A list item holding the position; when its key starts before the position, that key holds it too.
      if (key !== undefined && content < limit) path.unshift(key);
      path.unshift('-');
      limit = dash;
      afterItem = true;
    } else if (key !== undefined && (content < limit || (afterItem && content === limit))) {
      path.unshift(key);
      limit = content;
      afterItem = false;
    }
  }
  return path;
}

function shapeOf(line: string): LineShape {
  const dashed = /^(\s*)-(\s+|$)/.exec(line);
  const content = dashed ? dashed[0].length : line.length - line.trimStart().length;
  const keyed = keyPattern.exec(line.slice(content));
  return { dash: dashed ? dashed[1]!.length : undefined, content, key: keyed ? unquote(keyed[1]!) : undefined };
}

function unquote(key: string): string {
  return (key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'")) ? key.slice(1, -1) : key;
}
