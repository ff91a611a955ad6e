// The `yaml` parser composes nested collections recursively. Deep enough nesting overflows the
// stack, and near the stack's end V8 can abort the whole process while compiling a regular
// expression (seen on Node 20: "RegExpCompiler Allocation failed"), which no try/catch stops. So
// the nesting is estimated first, with a plain loop, and a file nested too deep is not parsed.

/** Far beyond any real config; well below the ~400 levels where `yaml` starts to run out of stack. */
export const maxNesting = 200;

/**
 * The offset where the estimated nesting first exceeds `limit`, or undefined. The estimate is an
 * upper bound: a line's indentation in columns, plus its leading `- ` and `? ` indicators, plus
 * the open `[` and `{` outside quotes and comments.
 */
export function findExcessiveNesting(text: string, limit = maxNesting): number | undefined {
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (lineStart && (ch === ' ' || ((ch === '-' || ch === '?') && text[i + 1] === ' '))) {
      if (ch !== ' ') i++; // `- ` opens one level
      indent++;
      if (indent + flow > limit) return i;
      continue;
    }
    lineStart = false;
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '[' || ch === '{') {
      flow++;
      if (indent + flow > limit) return i;
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow--;
    }
  }
  return undefined;
}
