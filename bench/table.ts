// The report: one Markdown row per figure, each beside its baseline from the same run.

export interface FigureRow {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: string;
}

const COLUMNS: (keyof FigureRow)[] = ['figure', 'ours', 'baseline', 'ratio', 'target', 'verdict'];

export function markdownTable(rows: FigureRow[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(COLUMNS), line(COLUMNS.map(() => '---')), ...rows.map((r) => line(COLUMNS.map((c) => r[c])))].join('\n');
}

export function verdict(met: boolean): string {
  return met ? 'met' : '**MISSED**';
}

export function ms(x: number): string {
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`;
}

export function rate(pointsPerSecond: number): string {
  return `${Math.round(pointsPerSecond / 1000).toLocaleString('en-US')}k points/s`;
}

export function ratio(x: number): string {
  return `${x.toFixed(2)}×`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Every repetition, for the notes under the table. */
export function spread(xs: number[], format: (x: number) => string): string {
  return xs.map(format).join(', ');
}
