import type { Baseline } from '../config/modelUris';
import { StoreError, type ModelVersion, type Run, type TrackingStore } from '../store/types';
import { runTag } from './runTags';

// A gate's baseline value. For a model alias or version it is the metric as the gate's own stage
// logged it in the pipeline run that produced the version (as the candidate's value is read: the
// gate's stage first), else as the run that produced the version logged it, else as the latest
// other stage run of that pipeline run did (the pipeline's `train` run made the model, its
// `evaluate` run logged `auc`; when `train` logs a training `auc` too, the evaluated one is the
// baseline, as it is the candidate). A stage skipped as up to date reads the run it reused.

export interface ResolvedBaseline {
  value: number | null;
  /** The baseline as written, resolved where it helps: `models:/churn@champion (version 2, run 1a2b…)`. */
  source: string;
  /** Why there is no value to compare with (the requirement passes). */
  missing?: string;
  /** Why the baseline is unusable (the requirement fails). */
  broken?: string;
}

const MAX_STAGE_RUNS = 1000;

/** `stage`: the gate's `after` stage, whose run in the baseline's pipeline run is read first. */
export async function resolveBaseline(baseline: Baseline, metric: string, store: TrackingStore, stage?: string): Promise<ResolvedBaseline> {
  switch (baseline.kind) {
    case 'number':
      return { value: baseline.value, source: String(baseline.value) };
    case 'run': {
      const source = `runs:/${baseline.runId}`;
      const run = await runOrUndefined(store, baseline.runId);
      // A mistyped runs:/ id is not "no baseline yet": it must not let every candidate pass.
      if (!run) return { value: null, source, broken: `run ${baseline.runId} does not exist in ${store.description}` };
      return valueOf(metric, source, `run ${baseline.runId}`, await metricOf(store, run, metric));
    }
    case 'alias':
    case 'version': {
      const written = baseline.kind === 'alias' ? `models:/${baseline.model}@${baseline.alias}` : `models:/${baseline.model}/${baseline.version}`;
      let version: ModelVersion;
      try {
        version = baseline.kind === 'alias' ? await store.getModelVersionByAlias(baseline.model, baseline.alias) : await store.getModelVersion(baseline.model, String(baseline.version));
      } catch (err) {
        if (!notThere(err)) throw err;
        const what = baseline.kind === 'alias' ? `no version of model '${baseline.model}' holds alias '${baseline.alias}'` : `model '${baseline.model}' has no version ${baseline.version}`;
        return { value: null, source: written, missing: `${what} yet, so there is no baseline to beat` };
      }
      const what = `version ${version.version} of '${version.name}'`;
      const run = version.runId ? await runOrUndefined(store, version.runId) : undefined;
      if (!run) {
        const why = version.runId ? `its run ${version.runId} is not in ${store.description}` : 'it records no run';
        return { value: null, source: `${written} (version ${version.version})`, missing: `${what} has no '${metric}' to beat: ${why}` };
      }
      const siblings = await stageRunsOf(store, run, stage);
      const atStage = siblings.filter((s) => isStage(s, stage));
      const found = (await firstMetric(store, atStage, metric)) ?? (await metricOf(store, run, metric)) ?? (await firstMetric(store, siblings.filter((s) => !isStage(s, stage)), metric));
      const searched = run.data.tags[runTag.parentRunId] ? `the pipeline run that produced ${what}` : `the run of ${what}`;
      return valueOf(metric, `${written} (version ${version.version}, run ${found?.runId ?? run.info.runId})`, searched, found);
    }
  }
}

function valueOf(metric: string, source: string, what: string, found: { value: number } | undefined): ResolvedBaseline {
  if (!found) return { value: null, source, missing: `${what} has no metric '${metric}', so there is no baseline to beat` };
  if (Number.isNaN(found.value)) return { value: null, source, missing: `${what} logged '${metric}' as NaN, so there is no baseline to beat` };
  return { value: found.value, source };
}

/** The run's latest value of `metric`; for a cached stage's run, the value on the run it reused. */
async function metricOf(store: TrackingStore, run: Run, metric: string): Promise<{ value: number; runId: string } | undefined> {
  const own = run.data.metrics.find((m) => m.key === metric);
  if (own) return { value: own.value, runId: run.info.runId };
  const reused = run.data.tags[runTag.cachedFrom];
  const source = reused ? await runOrUndefined(store, reused) : undefined;
  const point = source?.data.metrics.find((m) => m.key === metric);
  return point && source ? { value: point.value, runId: source.info.runId } : undefined;
}

/** The other stage runs of `run`'s pipeline run: `stage`'s run first, then the latest started. */
async function stageRunsOf(store: TrackingStore, run: Run, stage: string | undefined): Promise<Run[]> {
  const parent = run.data.tags[runTag.parentRunId];
  if (!parent || /['\\]/.test(parent)) return [];
  const page = await store.searchRuns({ experimentIds: [run.info.experimentId], filter: `tags.mlflow.parentRunId = '${parent}'`, maxResults: MAX_STAGE_RUNS, viewType: 'ALL' });
  return page.items
    .filter((r) => r.info.runId !== run.info.runId)
    .sort((a, b) => Number(isStage(b, stage)) - Number(isStage(a, stage)) || b.info.startTime - a.info.startTime);
}

async function firstMetric(store: TrackingStore, runs: Run[], metric: string): Promise<{ value: number; runId: string } | undefined> {
  for (const r of runs) {
    const found = await metricOf(store, r, metric);
    if (found) return found;
  }
  return undefined;
}

function isStage(run: Run, stage: string | undefined): boolean {
  return stage !== undefined && run.data.tags[runTag.stage] === stage;
}

async function runOrUndefined(store: TrackingStore, runId: string): Promise<Run | undefined> {
  try {
    return await store.getRun(runId);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw err;
  }
}

/** Model, alias or version not found: MLflow answers RESOURCE_DOES_NOT_EXIST, or INVALID_PARAMETER_VALUE for an unknown alias. */
function notThere(err: unknown): boolean {
  return err instanceof StoreError && (err.code === 'RESOURCE_DOES_NOT_EXIST' || err.code === 'INVALID_PARAMETER_VALUE');
}
