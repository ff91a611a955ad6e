// What the Runs view remembers per workspace (workspace state): its search (filter, sort, deleted
// runs shown) for the next time the workspace opens, and the filters used last, most recent first,
// which the filter box offers again.
import type * as vscode from 'vscode';
import { noSearch, type RunsSearch } from '../trees/runsTreeData';

const searchKey = 'mlops.runs.search';
const recentKey = 'mlops.runs.recentFilters';
export const recentFilterCount = 10;

export class RunsSearchMemory {
  constructor(private readonly workspaceState: vscode.Memento) {}

  get search(): RunsSearch {
    const stored = this.workspaceState.get<Partial<RunsSearch>>(searchKey);
    if (stored === undefined) return noSearch;
    return {
      filter: typeof stored.filter === 'string' ? stored.filter : '',
      orderBy: Array.isArray(stored.orderBy) ? stored.orderBy.filter((entry): entry is string => typeof entry === 'string') : [],
      showDeleted: stored.showDeleted === true,
    };
  }

  get recentFilters(): string[] {
    const stored = this.workspaceState.get<unknown>(recentKey);
    return Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === 'string') : [];
  }

  async remember(search: RunsSearch): Promise<void> {
    await this.workspaceState.update(searchKey, search);
    const filter = search.filter.trim();
    if (filter === '') return;
    const recent = [filter, ...this.recentFilters.filter((entry) => entry !== filter)].slice(0, recentFilterCount);
    await this.workspaceState.update(recentKey, recent);
  }
}
