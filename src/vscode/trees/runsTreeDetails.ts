// A run's details in the Runs view, without `vscode`: its groups (params, metrics, tags, dataset
// inputs, outputs, artifacts) and what each holds. Artifacts and logged models are read when their
// group is expanded; everything else comes with the run.
import type { Run, TrackingStore } from '../../core/store/types';
import { listRunArtifacts } from '../runs/runArtifacts';
import type { ArtifactElement, MessageElement, OutputElement, RunGroupElement, RunGroupKind, RunsDataElement } from './runsTreeElements';

export async function runDetails(store: TrackingStore, element: RunsDataElement): Promise<RunsDataElement[]> {
  switch (element.kind) {
    case 'run':
      return groupsOf(element.run);
    case 'params':
      return byKey(element.run.data.params).map(([key, value]) => ({ kind: 'param', runId: element.run.info.runId, key, value }));
    case 'metrics':
      return [...element.run.data.metrics].sort((a, b) => a.key.localeCompare(b.key)).map((metric) => ({ kind: 'metric', runId: element.run.info.runId, metric }));
    case 'tags':
      return byKey(element.run.data.tags).map(([key, value]) => ({ kind: 'tag', runId: element.run.info.runId, key, value }));
    case 'inputs':
      return element.run.inputs.datasetInputs.map((input) => ({ kind: 'dataset', runId: element.run.info.runId, input }));
    case 'outputs':
      return Promise.all(element.run.outputs.modelOutputs.map((output) => loggedModel(store, element.run, output.modelId, output.step)));
    case 'artifacts':
      return artifacts(store, element.run, '');
    case 'artifact':
      return element.file.isDir ? artifacts(store, element.run, element.file.path) : [];
    default:
      return [];
  }
}

/** The groups a run has something in; Artifacts always, as a run's files are not known before listing them. */
export function groupsOf(run: Run): RunGroupElement[] {
  const counts: Record<RunGroupKind, number> = {
    params: Object.keys(run.data.params).length,
    metrics: run.data.metrics.length,
    tags: Object.keys(run.data.tags).length,
    inputs: run.inputs.datasetInputs.length,
    outputs: run.outputs.modelOutputs.length,
    artifacts: 1,
  };
  return (Object.keys(counts) as RunGroupKind[]).filter((kind) => counts[kind] > 0).map((kind) => ({ kind, run }));
}

/** How many entries a group holds, for its description; undefined for artifacts (not listed yet). */
export function groupSize(group: RunGroupElement): number | undefined {
  const { run } = group;
  switch (group.kind) {
    case 'params':
      return Object.keys(run.data.params).length;
    case 'metrics':
      return run.data.metrics.length;
    case 'tags':
      return Object.keys(run.data.tags).length;
    case 'inputs':
      return run.inputs.datasetInputs.length;
    case 'outputs':
      return run.outputs.modelOutputs.length;
    case 'artifacts':
      return undefined;
  }
}

const byKey = (entries: Record<string, string>): [string, string][] => Object.entries(entries).sort(([a], [b]) => a.localeCompare(b));

async function loggedModel(store: TrackingStore, run: Run, modelId: string, step: number): Promise<OutputElement> {
  const element: OutputElement = { kind: 'output', runId: run.info.runId, modelId, step };
  try {
    const model = await store.getLoggedModel(modelId);
    return { ...element, name: model.name, status: model.status };
  } catch {
    // A deleted logged model, or a server without MLflow 3's logged models: the id alone.
    return element;
  }
}

async function artifacts(store: TrackingStore, run: Run, folder: string): Promise<(ArtifactElement | MessageElement)[]> {
  const listing = await listRunArtifacts(store, run, folder);
  if (listing.kind === 'unavailable') return [{ kind: 'message', id: `run:${run.info.runId}:artifacts-unavailable`, text: 'Artifacts not listed here', icon: 'info', tooltip: listing.reason }];
  if (listing.files.length === 0) return [{ kind: 'message', id: `run:${run.info.runId}:artifacts-empty:${folder}`, text: folder === '' ? 'No artifacts' : 'Empty folder', icon: 'info' }];
  return listing.files.map((file) => ({ kind: 'artifact', run, file }));
}
