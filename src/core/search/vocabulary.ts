// MLflow 3.17.2's run-search vocabulary (mlflow/utils/search_utils.py, SearchUtils): which prefixes
// name which entity, which attributes exist, and which comparators each kind of key accepts.

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export type Comparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

/** Prefixes are case-sensitive in MLflow: `metrics.acc` works, `Metrics.acc` does not. */
export const ENTITY_PREFIXES: Readonly<Record<string, Entity>> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'param',
  parameters: 'param',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

export const NUMERIC_ATTRIBUTES: ReadonlySet<string> = new Set(['start_time', 'end_time']);
export const STRING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'run_id',
  'run_name',
  'status',
  'user_id',
  'artifact_uri',
]);
export const DATASET_KEYS: ReadonlySet<string> = new Set(['name', 'digest', 'context']);

/** Aliases MLflow accepts in filters (`created`, `"run name"`); order_by accepts only `created`. */
const FILTER_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};
const ORDER_BY_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  created: 'start_time',
  Created: 'start_time',
};

/** The canonical attribute for `key`, or undefined when MLflow does not know it. */
export function canonicalAttribute(key: string, use: 'filter' | 'order_by'): string | undefined {
  if (NUMERIC_ATTRIBUTES.has(key) || STRING_ATTRIBUTES.has(key)) return key;
  const aliases = use === 'filter' ? FILTER_ATTRIBUTE_ALIASES : ORDER_BY_ATTRIBUTE_ALIASES;
  return aliases[key];
}

export function attributeNames(use: 'filter' | 'order_by'): string[] {
  const aliases = use === 'filter' ? FILTER_ATTRIBUTE_ALIASES : ORDER_BY_ATTRIBUTE_ALIASES;
  return [...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES, ...Object.keys(aliases)];
}

const NUMERIC_COMPARATORS: readonly Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const KEY_VALUE_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'];
const STRING_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

export function comparatorsFor(entity: Entity, key: string): readonly Comparator[] {
  switch (entity) {
    case 'metric':
      return NUMERIC_COMPARATORS;
    case 'param':
    case 'tag':
      return KEY_VALUE_COMPARATORS;
    case 'attribute':
      if (NUMERIC_ATTRIBUTES.has(key)) return NUMERIC_COMPARATORS;
      // MLflow accepts lists only for run_id among the attributes (SearchUtils.LIST_SUPPORTED_KEYS).
      return key === 'run_id' ? STRING_COMPARATORS : STRING_COMPARATORS.filter((c) => c !== 'IN' && c !== 'NOT IN');
    case 'dataset':
      return STRING_COMPARATORS;
  }
}

/** Whether the value compared with this key is a number (metrics, start_time, end_time). */
export function isNumericKey(entity: Entity, key: string): boolean {
  return entity === 'metric' || (entity === 'attribute' && NUMERIC_ATTRIBUTES.has(key));
}
