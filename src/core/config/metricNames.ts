// The metric names a metrics file declares, read the way the runner reads metrics files
// (src/core/pipeline/metricsFiles.ts): `.json` numeric scalars (nested objects as `a.b`), `.jsonl`
// and `.ndjson` numeric keys of each line, `.csv`/`.tsv` header columns; `step` and `timestamp`
// are not metrics. Undefined when the text cannot be read as that format.

const notMetrics = new Set(['step', 'timestamp']);

export function metricNames(file: string, text: string): Set<string> | undefined {
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  try {
    if (ext === '.json') return scalars(JSON.parse(text));
    if (ext === '.jsonl' || ext === '.ndjson') {
      const names = new Set<string>();
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const row = JSON.parse(line) as unknown;
        if (row && typeof row === 'object' && !Array.isArray(row)) for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && !notMetrics.has(k)) names.add(k);
      }
      return names;
    }
    if (ext === '.csv' || ext === '.tsv') {
      const header = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
      return new Set(headerColumns(header, ext === '.tsv' ? '\t' : ',').filter((c) => c && !notMetrics.has(c)));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The columns of a CSV or TSV header line, unquoted. */
export function headerColumns(header: string, delimiter = ','): string[] {
  return header.split(delimiter).map((cell) => {
    const t = cell.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
  });
}

function scalars(value: unknown): Set<string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const names = new Set<string>();
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number') names.add(prefix + k);
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
    }
  };
  walk(value as Record<string, unknown>, '');
  return names;
}
