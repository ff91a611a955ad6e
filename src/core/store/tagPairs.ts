import * as check from './validate';

/** Tags, params and the like given as a record, checked as MLflow checks tags, as journal pairs. */
export function tagPairs(tags: Record<string, string> | undefined): [string, string][] {
  return Object.entries(tags ?? {}).map(([k, v]) => [check.checkKey('Tag', k), check.checkTagValue(k, v)]);
}
