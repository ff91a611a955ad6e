// The CLI's human output as terminal text: whole lines only (a line is written once it ends, so
// stdout and stderr never mix within one), `\r\n` line ends, and colour for what a reader scans
// for: stage headers, failures, warnings. Plain logic, no `vscode`.

export const ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
} as const;

export type OutputStream = 'stdout' | 'stderr';

export class TerminalText {
  private readonly partial: Record<OutputStream, string> = { stdout: '', stderr: '' };

  /** The terminal text for the whole lines `chunk` completes; the rest waits for its line's end. */
  push(stream: OutputStream, chunk: string): string {
    const text = this.partial[stream] + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.partial[stream] = text;
      return '';
    }
    this.partial[stream] = text.slice(end + 1);
    return text
      .slice(0, end)
      .split('\n')
      .map((line) => `${colourLine(stream, line.replace(/\r$/, ''))}\r\n`)
      .join('');
  }

  /** What is left of unfinished lines, when the process has ended. */
  flush(): string {
    return (['stdout', 'stderr'] as const).map((stream) => this.push(stream, this.partial[stream] === '' ? '' : '\n')).join('');
  }
}

export function colourLine(stream: OutputStream, line: string): string {
  const paint = (code: string, text: string) => `${code}${text}${ansi.reset}`;
  if (stream === 'stderr') {
    if (line.startsWith('warning:')) return paint(ansi.yellow, line);
    if (line.startsWith('mlops:')) return paint(ansi.red, line);
    return line;
  }
  const header = /^── ([^\s:]+)(.*)$/.exec(line);
  if (header) {
    const rest = header[2]!;
    if (/^: (failed|killed)/.test(rest)) return paint(ansi.bold + ansi.red, line);
    if (/^: up to date/.test(rest)) return paint(ansi.dim, line);
    if (/^: finished/.test(rest)) return paint(ansi.green, line);
    return paint(ansi.bold + ansi.cyan, line); // a stage starts
  }
  const prefixed = /^(\[[^\]\s]+\] )(.*)$/.exec(line);
  if (prefixed) return `${paint(ansi.dim, prefixed[1]!)}${prefixed[2]}`;
  if (/^pipeline run \S+ .*: (failed|killed)$/.test(line) || /^gate \S+ failed/.test(line)) return paint(ansi.bold + ansi.red, line);
  if (/^pipeline run \S+ .*: finished$/.test(line)) return paint(ansi.bold + ansi.green, line);
  return line;
}

/** Plain text (a message of the editor's own) as terminal lines. */
export function terminalLines(text: string, colour?: string): string {
  return text
    .split('\n')
    .map((line) => `${colour ? `${colour}${line}${ansi.reset}` : line}\r\n`)
    .join('');
}
