// MLflow's run order as a comparator over runs already read, the order of src/core/search/orderBy.ts
// (MLflow's SqlAlchemyStore): per key, runs with a value first (then, for metrics, NaN), then runs
// without the key, in either direction; then start_time DESC (unless ordered by it) and run_id.
// Used to merge the pages of several MLflow searches (runPager.ts). Plain functions, no `vscode`.
import { parseOrderBy, type OrderByKey } from '../../core/search/orderBy';
import type { Run } from '../../core/store/types';

type Value = number | string | null;

export type RunComparator = (a: Run, b: Run) => number;

/** Throws SearchSyntaxError for an order_by entry MLflow does not accept. */
export function runComparator(orderBy: readonly string[]): RunComparator {
  const keys = orderBy.map((clause, index) => parseOrderBy(clause, index));
  if (!keys.some((key) => key.entity === 'attribute' && key.key === 'start_time')) keys.push({ entity: 'attribute', key: 'start_time', ascending: false });
  keys.push({ entity: 'attribute', key: 'run_id', ascending: true });
  return (a, b) => {
    for (const key of keys) {
      const [rankA, valueA] = sortValue(a, key);
      const [rankB, valueB] = sortValue(b, key);
      if (rankA !== rankB) return rankA - rankB;
      if (valueA === null || valueB === null || valueA === valueB) continue;
      const order = valueA < valueB ? -1 : 1;
      return key.ascending ? order : -order;
    }
    return 0;
  };
}

/** [rank, value]: rank 0 has a value; 1 is NaN (metrics) or none; 2 is no such metric. */
function sortValue(run: Run, key: OrderByKey): [number, Value] {
  switch (key.entity) {
    case 'metric': {
      const metric = run.data.metrics.find((m) => m.key === key.key);
      if (metric === undefined) return [2, null];
      return Number.isNaN(metric.value) ? [1, null] : [0, metric.value];
    }
    case 'param':
      return present(run.data.params[key.key]);
    case 'tag':
      return present(run.data.tags[key.key]);
    case 'attribute':
      return present(attribute(run, key.key));
  }
}

function present(value: Value | undefined): [number, Value] {
  return value === undefined || value === null ? [1, null] : [0, value];
}

function attribute(run: Run, key: string): Value {
  const { info } = run;
  switch (key) {
    case 'start_time':
      return info.startTime;
    case 'end_time':
      return info.endTime;
    case 'run_id':
      return info.runId;
    case 'run_name':
      return info.runName;
    case 'status':
      return info.status;
    case 'user_id':
      return info.userId;
    case 'artifact_uri':
      return info.artifactUri;
    default:
      return null;
  }
}
