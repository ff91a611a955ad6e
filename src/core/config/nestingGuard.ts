// The `yaml` parser composes nested collections recursively. Deep enough nesting overflows the
// stack, and near the stack's end V8 can abort the whole process while compiling a regular
// expression (seen on Node 20: "RegExpCompiler Allocation failed"), which no try/catch stops. So
// the nesting is estimated first, with a plain loop, and a file nested too deep is not parsed.

/** Far beyond any real config; well below the ~400 levels where `yaml` starts to run out of stack. */
export const maxNesting = 200;

/**
 * The offset where the estimated nesting first exceeds `limit`, or undefined. The estimate is an
 * upper bound: a line's indentation in columns (spaces or tabs), its leading `- `, `? ` and `: `
 * indicators (anchors and tags between them skipped), the indicators after whitespace later on the
 * line (compact nested collections), and the open `[` and `{`, outside quotes and comments.
 */
export function findExcessiveNesting(text: string, limit = maxNesting): number | undefined {
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let inline = 0; // `- `, `? ` and `: ` after the line's start: compact nested collections
  let quote: '"' | "'" | undefined;
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      inline = 0;
      continue;
    }
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    const indicator = (ch === '-' || ch === '?' || ch === ':') && isBlank(text[i + 1]);
    if (lineStart) {
      if (isBlank(ch) || indicator) {
        if (indicator) i++; // `- ` opens one level
        indent++;
        if (indent + flow > limit) return i;
        continue;
      }
      if (ch === '&' || ch === '!') {
        // An anchor or tag before a nested node: skip it, the line's indentation goes on after it.
        while (i + 1 < text.length && !isBlank(text[i + 1]) && text[i + 1] !== '\n') i++;
        continue;
      }
    }
    lineStart = false;
    if (indicator && isBlank(text[i - 1])) {
      inline++;
      if (indent + flow + inline > limit) return i;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
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
