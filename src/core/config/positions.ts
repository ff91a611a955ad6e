// Offsets to line/character positions (both 0-based, characters in UTF-16 code units), counting
// lines as LSP does: `\n`, `\r\n` and a lone `\r` each end a line. An offset inside a line break
// maps to the end of its line, as vscode-languageserver-textdocument's positionAt does.

export interface Position {
  line: number;
  character: number;
}

/** The position of `offset` in `text`, clamped to the text. O(n): for many offsets use `LineIndex`. */
export function offsetToPosition(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

/** Converts many offsets of one text in O(log lines) each. */
export class LineIndex {
  /** Where each line starts. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: Math.min(at, this.contentEnd(low)) - this.starts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    return Math.min(start + Math.max(0, position.character), this.contentEnd(position.line));
  }

  /** The offset where a line's text ends, before its line break. */
  private contentEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    if (end > this.starts[line]! && line + 1 < this.starts.length) {
      end--;
      if (this.text.charCodeAt(end) === 10 && end > this.starts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return end;
  }
}
