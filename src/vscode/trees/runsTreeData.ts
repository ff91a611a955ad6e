// What the Runs view holds, as plain data and without `vscode`: experiments -> the runs of the
// view's search, a page at a time (runs/experimentRuns.ts) -> stage runs and a run's details
// (runsTreeDetails.ts). Loaded runs stay loaded across snapshots of the same store: live updates
// change them in place, and a new search or another store starts afresh.
import { SearchSyntaxError } from '../../core/search/errors';
import type { Experiment, TrackingStore, ViewType } from '../../core/store/types';
import { ExperimentRuns } from '../runs/experimentRuns';
import { storeHasOr } from '../runs/runSearchPlan';
import type { Run } from '../../core/store/types';
import { runDetails } from './runsTreeDetails';
import type { ExperimentElement, MessageElement, RunElement, RunsDataElement } from './runsTreeElements';

// The names the run panel and older tests import from here.
export type { RunElement, RunsDataElement as RunsTreeElement } from './runsTreeElements';

/** The view's search: MLflow's syntax plus OR and parentheses, MLflow's order_by, and whether deleted runs show. */
export interface RunsSearch {
  filter: string;
  orderBy: string[];
  showDeleted: boolean;
}

export const noSearch: RunsSearch = { filter: '', orderBy: [], showDeleted: false };

export const defaultPageSize = 200;

/** What a live update changed: the root (experiments came or went), or these elements. */
export interface RunsTreeChange {
  root: boolean;
  elements: RunsDataElement[];
  /** Why the update stopped early: `elements` changed all the same (they are up to date in the data). */
  failed?: unknown;
}

export class RunsTreeData {
  private search: RunsSearch = noSearch;
  private readonly experimentRuns = new Map<string, Promise<ExperimentRuns>>();
  private readonly loaded = new Map<string, ExperimentRuns>();
  private readonly experiments = new Map<string, ExperimentElement>();
  /** Active experiments left out of the root because they hold no runs (MLflow's empty Default). */
  private hidden = new Set<string>();
  private readonly runElements = new Map<string, RunElement>();

  /** How many runs are read at a time per experiment; a change applies to the next read. */
  constructor(public pageSize = defaultPageSize) {}

  get currentSearch(): RunsSearch {
    return this.search;
  }

  /** A new search: everything is read again. */
  setSearch(search: RunsSearch): void {
    this.search = search;
    this.forget();
  }

  /** Drops what was loaded (another store, or a refresh asked for). */
  forget(): void {
    this.experimentRuns.clear();
    this.loaded.clear();
    this.runElements.clear();
  }

  /** Every run loaded so far, in every experiment. */
  loadedRuns(): Run[] {
    return [...this.loaded.values()].flatMap((runs) => runs.runs);
  }

  /** The element showing this run, while it is loaded. */
  runElement(runId: string): RunElement | undefined {
    return this.runElements.get(runId);
  }

  async children(store: TrackingStore, element?: RunsDataElement): Promise<RunsDataElement[]> {
    if (element === undefined) return this.experimentElements(store);
    switch (element.kind) {
      case 'experiment':
        return this.experimentRows(store, element.experiment.experimentId);
      case 'run': {
        const runs = this.loaded.get(element.run.info.experimentId);
        const stageRuns = runs === undefined ? [] : (runs.rows.children.get(element.run.info.runId) ?? []).map((run) => this.elementFor(run, runs));
        return [...stageRuns, ...(await runDetails(store, element))];
      }
      default:
        return runDetails(store, element);
    }
  }

  /** The next page of an experiment's runs; the element to redraw. */
  async loadMore(store: TrackingStore, experimentId: string): Promise<ExperimentElement | undefined> {
    const runs = this.loaded.get(experimentId);
    if (runs === undefined) return undefined;
    await runs.loadMore(store);
    return this.experiments.get(experimentId);
  }

  /** The loaded runs of these experiments read again (after a write); the elements to redraw. */
  async reload(store: TrackingStore, experimentIds: Iterable<string>): Promise<RunsDataElement[]> {
    const redraw: RunsDataElement[] = [];
    for (const id of new Set(experimentIds)) {
      const runs = this.loaded.get(id);
      const element = this.experiments.get(id);
      if (runs === undefined || element === undefined) continue;
      await runs.reload(store);
      redraw.push(element);
    }
    return redraw;
  }

  /** What changed in `store` (a new snapshot of the same store) for what is loaded. */
  async changesIn(store: TrackingStore): Promise<RunsTreeChange> {
    if (await this.experimentsChanged(store)) return { root: true, elements: [] };
    const elements: RunsDataElement[] = [];
    for (const runs of this.loaded.values()) {
      let live;
      try {
        live = await runs.live(store);
      } catch (failed) {
        return { root: false, elements, failed };
      }
      const { changed, reloaded } = live;
      const experiment = this.experiments.get(runs.experimentId);
      if (reloaded && experiment !== undefined) {
        elements.push(experiment);
        continue;
      }
      for (const run of changed) {
        const element = this.runElements.get(run.info.runId);
        if (element === undefined) continue;
        this.elementFor(run, runs);
        elements.push(element);
        // The run's pipeline run shows its key metric, status and duration.
        const parent = [...runs.rows.children].find(([, children]) => children.includes(run))?.[0];
        const parentElement = parent === undefined ? undefined : this.runElements.get(parent);
        if (parentElement !== undefined && !elements.includes(parentElement)) {
          this.elementFor(parentElement.run, runs);
          elements.push(parentElement);
        }
      }
    }
    return { root: false, elements };
  }

  private get viewType(): ViewType {
    return this.search.showDeleted ? 'ALL' : 'ACTIVE_ONLY';
  }

  /** Active experiments that hold runs, by name. */
  private async experimentElements(store: TrackingStore): Promise<ExperimentElement[]> {
    const all = await store.searchExperiments({ viewType: 'ACTIVE_ONLY' });
    const withRuns = await Promise.all(all.map(async (experiment) => ((await this.holdsRuns(store, experiment)) ? experiment : undefined)));
    this.hidden = new Set(all.filter((_, index) => withRuns[index] === undefined).map((experiment) => experiment.experimentId));
    const shown = withRuns.filter((experiment) => experiment !== undefined).sort((a, b) => a.name.localeCompare(b.name));
    for (const id of [...this.experiments.keys()]) if (!shown.some((e) => e.experimentId === id)) this.experiments.delete(id);
    return shown.map((experiment) => {
      const element = this.experiments.get(experiment.experimentId);
      if (element !== undefined) {
        element.experiment = experiment;
        return element;
      }
      const created: ExperimentElement = { kind: 'experiment', experiment };
      this.experiments.set(experiment.experimentId, created);
      return created;
    });
  }

  private async holdsRuns(store: TrackingStore, experiment: Experiment): Promise<boolean> {
    const page = await store.searchRuns({ experimentIds: [experiment.experimentId], viewType: this.viewType, maxResults: 1 });
    return page.items.length > 0;
  }

  /** Whether experiments appeared, went, or an empty one got runs. */
  private async experimentsChanged(store: TrackingStore): Promise<boolean> {
    if (this.experiments.size === 0 && this.hidden.size === 0) return false;
    const ids = (await store.searchExperiments({ viewType: 'ACTIVE_ONLY' })).map((experiment) => experiment.experimentId);
    const known = new Set([...this.experiments.keys(), ...this.hidden]);
    if (ids.length !== known.size || ids.some((id) => !known.has(id))) return true;
    for (const id of this.hidden) {
      const page = await store.searchRuns({ experimentIds: [id], viewType: this.viewType, maxResults: 1 });
      if (page.items.length > 0) return true;
    }
    return false;
  }

  private async experimentRows(store: TrackingStore, experimentId: string): Promise<RunsDataElement[]> {
    let runs: ExperimentRuns;
    try {
      runs = await this.runsOf(store, experimentId);
    } catch (error) {
      if (error instanceof SearchSyntaxError) return [filterProblem(experimentId, error)];
      throw error;
    }
    if (runs.rows.top.length === 0) {
      const text = this.search.filter.trim() === '' ? 'No runs' : 'No runs match the filter';
      return [{ kind: 'message', id: `experiment:${experimentId}:empty`, text, icon: 'info' }];
    }
    const rows: RunsDataElement[] = runs.rows.top.map((run) => this.elementFor(run, runs));
    if (runs.more) rows.push({ kind: 'loadMore', experimentId, loaded: runs.runs.length });
    return rows;
  }

  private runsOf(store: TrackingStore, experimentId: string): Promise<ExperimentRuns> {
    let pending = this.experimentRuns.get(experimentId);
    if (pending === undefined) {
      const spec = { experimentIds: [experimentId], filter: this.search.filter, orderBy: this.search.orderBy, viewType: this.viewType };
      pending = (async () => {
        const runs = new ExperimentRuns(spec, storeHasOr(store), this.pageSize);
        await runs.loadMore(store);
        if (this.experimentRuns.get(experimentId) === pending) this.loaded.set(experimentId, runs);
        return runs;
      })();
      this.experimentRuns.set(experimentId, pending);
      // A failed read is not kept: the next expand tries again.
      pending.catch(() => {
        if (this.experimentRuns.get(experimentId) === pending) this.experimentRuns.delete(experimentId);
      });
    }
    return pending;
  }

  /** The run's one element, brought up to date with the loaded data. */
  private elementFor(run: Run, runs: ExperimentRuns): RunElement {
    const stageRuns = runs.rows.children.get(run.info.runId) ?? [];
    let element = this.runElements.get(run.info.runId);
    if (element === undefined) {
      element = { kind: 'run', run, stageRuns };
      this.runElements.set(run.info.runId, element);
    } else {
      element.run = run;
      element.stageRuns = stageRuns;
    }
    return element;
  }
}

function filterProblem(experimentId: string, error: SearchSyntaxError): MessageElement {
  return { kind: 'message', id: `experiment:${experimentId}:filter-error`, text: `Filter error at column ${error.position + 1}: ${error.message}`, icon: 'error', tooltip: error.message };
}
