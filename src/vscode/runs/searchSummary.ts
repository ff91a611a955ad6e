// The Runs view's active search in a few words, for the view's description and message. Plain
// functions, no `vscode`.
import type { RunsSearch } from '../trees/runsTreeData';
import { describeOrder } from './sortKeys';

/** `filter: metrics.auc > 0.8`, `sorted by auc ↓`, `with deleted runs`. */
export function searchParts(search: RunsSearch): string[] {
  const parts: string[] = [];
  if (search.filter.trim() !== '') parts.push(`filter: ${search.filter.trim()}`);
  if (search.orderBy.length > 0) parts.push(`sorted by ${search.orderBy.map(describeOrder).join(', ')}`);
  if (search.showDeleted) parts.push('with deleted runs');
  return parts;
}
