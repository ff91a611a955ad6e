// What the Runs view can be sorted by: MLflow's run attributes, and the metrics and params of the
// runs loaded so far; each as an order_by entry MLflow accepts. Plain functions, no `vscode`.
import { parseOrderBy } from '../../core/search/orderBy';
import type { Run } from '../../core/store/types';

export type SortEntity = 'attribute' | 'metric' | 'param';

export interface SortKey {
  entity: SortEntity;
  key: string;
}

/** The attributes MLflow orders runs by, in the words the quick pick shows. */
export const sortAttributes: readonly { key: string; label: string }[] = [
  { key: 'start_time', label: 'Start time' },
  { key: 'end_time', label: 'End time' },
  { key: 'run_name', label: 'Run name' },
  { key: 'status', label: 'Status' },
  { key: 'user_id', label: 'User' },
];

/** Attributes, then every metric and param key of `runs`, each in name order. */
export function sortKeysOf(runs: readonly Run[]): SortKey[] {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of runs) {
    for (const metric of run.data.metrics) metrics.add(metric.key);
    for (const key of Object.keys(run.data.params)) params.add(key);
  }
  const byName = (keys: Set<string>): string[] => [...keys].sort((a, b) => a.localeCompare(b));
  return [
    ...sortAttributes.map(({ key }): SortKey => ({ entity: 'attribute', key })),
    ...byName(metrics).map((key): SortKey => ({ entity: 'metric', key })),
    ...byName(params).map((key): SortKey => ({ entity: 'param', key })),
  ];
}

const prefixes: Record<SortEntity, string> = { attribute: 'attributes', metric: 'metrics', param: 'params' };
const plainKey = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** `metrics.auc DESC`, "params.`batch size` ASC". */
export function orderByEntry(sort: SortKey, ascending: boolean): string {
  const key = plainKey.test(sort.key) ? sort.key : sort.key.includes('`') ? `"${sort.key}"` : `\`${sort.key}\``;
  return `${prefixes[sort.entity]}.${key} ${ascending ? 'ASC' : 'DESC'}`;
}

/** `auc ↓`, `start time ↑`: an order_by entry in a few characters, for the view's description. */
export function describeOrder(entry: string): string {
  try {
    const { entity, key, ascending } = parseOrderBy(entry);
    const name = entity === 'attribute' ? (sortAttributes.find((a) => a.key === key)?.label.toLowerCase() ?? key) : key;
    return `${name} ${ascending ? '↑' : '↓'}`;
  } catch {
    return entry;
  }
}
