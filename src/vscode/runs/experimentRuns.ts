// The runs of one experiment the Runs view has loaded: the search's first pages, grouped into rows
// (runRows.ts), and how they follow the store while runs are tracked. Plain code, no `vscode`.
//
// Live updates look at little: the loaded runs still RUNNING or SCHEDULED (read again by id), and
// runs matching the view's search that are RUNNING or started at or after the newest loaded run
// (new runs). A changed run is replaced in place; a new one means the loaded range is read again.
import type { Run, TrackingStore } from '../../core/store/types';
import { RunPager, type RunSearchSpec } from './runPager';
import { groupRuns, type RunRows } from './runRows';
import { narrowFilter } from './runSearchPlan';

/** At most this many runs are read per live check; more new runs than that is a reload all the same. */
const liveCheckLimit = 500;

export interface LiveChanges {
  /** Loaded runs read again whose data changed, already replaced in `runs`. */
  changed: Run[];
  /** Runs appeared (or left the view): the loaded range was read again. */
  reloaded: boolean;
}

export class ExperimentRuns {
  runs: Run[] = [];
  rows: RunRows = { top: [], children: new Map() };
  more = false;
  /** Every run id this search has shown or seen, so a run seen beyond the loaded pages is not "new" twice. */
  private known = new Set<string>();
  private pager: RunPager;
  private queue: Promise<unknown> = Promise.resolve();

  /** Throws SearchSyntaxError for a search the view does not accept. */
  constructor(
    private readonly spec: RunSearchSpec,
    private readonly hasOr: boolean,
    private readonly pageSize: number,
  ) {
    this.pager = new RunPager(spec, hasOr);
  }

  get experimentId(): string {
    return this.spec.experimentIds[0];
  }

  /** The next page after what is loaded. */
  loadMore(store: TrackingStore): Promise<void> {
    return this.serially(async () => {
      const page = await this.pager.next(store, this.pageSize);
      this.set([...this.runs, ...page.runs], page.more);
    });
  }

  /** The loaded range (at least a page) read again from the start. */
  reload(store: TrackingStore): Promise<void> {
    return this.serially(() => this.readAgain(store));
  }

  /** Nothing changes here unless every read succeeds: a snapshot closed mid-read leaves all as it was. */
  live(store: TrackingStore): Promise<LiveChanges> {
    return this.serially(async () => {
      const running = await this.readRunning(store);
      const arrived = await this.newRunsArrived(store, running.runs);
      if (arrived !== undefined) {
        await this.readAgain(store);
        for (const id of arrived) this.known.add(id);
        return { changed: [], reloaded: true };
      }
      if (running.changed.length > 0) this.set(running.runs, this.more);
      return { changed: running.changed, reloaded: false };
    });
  }

  private async readAgain(store: TrackingStore): Promise<void> {
    const count = Math.max(this.pageSize, this.runs.length);
    const pager = new RunPager(this.spec, this.hasOr);
    const page = await pager.next(store, count);
    this.pager = pager;
    this.set(page.runs, page.more);
  }

  /** The loaded runs, those that were going read again: `changed` lists those whose data changed. */
  private async readRunning(store: TrackingStore): Promise<{ runs: Run[]; changed: Run[] }> {
    const going = this.runs.filter((run) => run.info.status === 'RUNNING' || run.info.status === 'SCHEDULED');
    if (going.length === 0) return { runs: this.runs, changed: [] };
    const ids = going.map((run) => `'${run.info.runId.replace(/'/g, '')}'`).join(', ');
    const page = await store.searchRuns({ experimentIds: this.spec.experimentIds, filter: `attributes.run_id IN (${ids})`, viewType: 'ALL', maxResults: going.length });
    const fresh = new Map(page.items.map((run) => [run.info.runId, run]));
    const changed: Run[] = [];
    const runs = this.runs.map((run) => {
      const now = fresh.get(run.info.runId);
      if (now === undefined || JSON.stringify(now) === JSON.stringify(run)) return run;
      changed.push(now);
      return now;
    });
    return { runs, changed };
  }

  /**
   * The runs the search now matches and never matched before (none when only a loaded run left the
   * view, deleted); undefined when nothing came or went.
   */
  private async newRunsArrived(store: TrackingStore, loaded: readonly Run[]): Promise<string[] | undefined> {
    const newest = loaded.reduce((max, run) => Math.max(max, run.info.startTime), 0);
    const recent = narrowFilter(this.spec.filter, `attributes.status = 'RUNNING' OR attributes.start_time >= ${newest}`);
    const page = await new RunPager({ ...this.spec, filter: recent }, this.hasOr).next(store, liveCheckLimit);
    const left = this.spec.viewType === 'ACTIVE_ONLY' && loaded.some((run) => run.info.lifecycleStage === 'deleted');
    const arrived = page.runs.filter((run) => !this.known.has(run.info.runId)).map((run) => run.info.runId);
    return arrived.length > 0 || left ? arrived : undefined;
  }

  private set(runs: Run[], more: boolean): void {
    this.runs = runs;
    this.more = more;
    this.rows = groupRuns(runs);
    for (const run of runs) this.known.add(run.info.runId);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
