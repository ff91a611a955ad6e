// The runs of one search, a page at a time ("Load more"), through the store's page tokens. A filter
// with OR on an MLflow server is several searches (runSearchPlan.ts): their pages are merged in
// MLflow's order (runOrder.ts), each run once. The store is passed to each call: the embedded
// store's snapshot is replaced while runs are tracked, and page tokens are offsets, valid on the
// next snapshot too. Plain code, no `vscode`.
import type { Page, Run, SearchRunsQuery, TrackingStore, ViewType } from '../../core/store/types';
import { runComparator, type RunComparator } from './runOrder';
import { planSearch } from './runSearchPlan';

export interface RunSearchSpec {
  experimentIds: string[];
  /** MLflow's search syntax, plus OR and parentheses; '' for every run. */
  filter: string;
  /** MLflow's order_by entries; [] for MLflow's default (newest first). */
  orderBy: string[];
  viewType: ViewType;
}

export interface RunPage {
  runs: Run[];
  /** Whether another call may return more runs. */
  more: boolean;
}

interface Branch {
  query: Omit<SearchRunsQuery, 'maxResults' | 'pageToken'>;
  buffer: Run[];
  at: number;
  pageToken: string | undefined;
  done: boolean;
}

export class RunPager {
  private readonly branches: Branch[];
  private readonly compare: RunComparator;
  private readonly seen = new Set<string>();

  /** Throws SearchSyntaxError for a filter or order the view does not accept. */
  constructor(spec: RunSearchSpec, hasOr: boolean) {
    const plan = planSearch(spec.filter, hasOr);
    const base = { experimentIds: spec.experimentIds, orderBy: spec.orderBy, viewType: spec.viewType };
    const queries = plan.kind === 'single' ? [{ ...base, ...(plan.filter.trim() && { filter: plan.filter }), ...(plan.allowOr && { allowOr: true }) }] : plan.filters.map((filter) => ({ ...base, filter }));
    this.branches = queries.map((query) => ({ query, buffer: [], at: 0, pageToken: undefined, done: false }));
    this.compare = runComparator(spec.orderBy);
  }

  get exhausted(): boolean {
    return this.branches.every((branch) => branch.done && branch.at >= branch.buffer.length);
  }

  /** Up to `count` runs after those already returned. */
  async next(store: TrackingStore, count: number): Promise<RunPage> {
    if (this.branches.length === 1) return this.nextOf(this.branches[0], store, count);
    const runs: Run[] = [];
    while (runs.length < count) {
      await Promise.all(this.branches.filter((b) => b.at >= b.buffer.length && !b.done).map((b) => this.fill(b, store, count)));
      let best: Branch | undefined;
      for (const branch of this.branches) {
        if (branch.at < branch.buffer.length && (best === undefined || this.compare(branch.buffer[branch.at], best.buffer[best.at]) < 0)) best = branch;
      }
      if (best === undefined) break;
      const run = best.buffer[best.at++];
      if (this.seen.has(run.info.runId)) continue;
      this.seen.add(run.info.runId);
      runs.push(run);
    }
    return { runs, more: !this.exhausted };
  }

  private async nextOf(branch: Branch, store: TrackingStore, count: number): Promise<RunPage> {
    if (branch.done) return { runs: [], more: false };
    const page = await this.search(branch, store, count);
    return { runs: page.items, more: !branch.done };
  }

  private async fill(branch: Branch, store: TrackingStore, count: number): Promise<void> {
    const page = await this.search(branch, store, count);
    branch.buffer = page.items;
    branch.at = 0;
  }

  private async search(branch: Branch, store: TrackingStore, count: number): Promise<Page<Run>> {
    const page = await store.searchRuns({ ...branch.query, maxResults: count, ...(branch.pageToken && { pageToken: branch.pageToken }) });
    branch.pageToken = page.nextPageToken;
    branch.done = !page.nextPageToken;
    return page;
  }
}
