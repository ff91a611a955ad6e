import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatasetInput } from '../store/types';
import { describePaths, type DescribedPath, type DigestOf } from './describePath';
import { inputTag } from './tags';

// A stage's deps as MLflow dataset inputs, encoded as MLflow's own dataset sources encode them, so
// MLflow's UI and `mlflow.data.get_source(...)` read them:
// - a file or folder: source type `local`, source `{"uri": "file:///abs/path"}`
//   (mlflow.data.artifact_dataset_sources' LocalArtifactDatasetSource);
// - a Delta table: source type `delta_table`, source `{"path": "/abs/path", "delta_table_version": N}`
//   (mlflow.data.delta_dataset_source.DeltaDatasetSource), and the input tag `mlops.delta.version`.
// The name is the path as declared. MLflow keeps at most 36 characters of digest: a longer one is
// cut (an `algo:` prefix dropped first) and the whole digest kept in the input tag `mlops.data.digest`.
// The input tag `mlflow.data.context` is the stage's name (MLflow's autologging writes `train` or
// `eval` there; in a pipeline the stage says what the data was for).

const MAX_NAME = 500;
const MAX_DIGEST = 36;

export interface DescribedDeps {
  /** For `TrackingStore.logInputs` on the stage's run. */
  inputs: DatasetInput[];
  /** The same deps with their full digests, for lineage edges. */
  files: DescribedPath[];
}

export async function describeDeps(root: string, deps: string[], opts: { digestOf: DigestOf; stage: string }): Promise<DescribedDeps> {
  const files = await describePaths(root, deps, opts.digestOf, 'dep');
  return { inputs: files.map((f) => datasetInput(root, f, opts.stage)), files };
}

export function datasetInput(root: string, file: DescribedPath, stage: string): DatasetInput {
  const full = path.resolve(root, file.path);
  const digest = mlflowDigest(file.digest);
  const tags: Record<string, string> = { [inputTag.context]: stage };
  if (digest !== file.digest) tags[inputTag.digest] = file.digest;
  const common = { name: shortName(file.path), digest };
  if (file.deltaVersion === undefined) return { dataset: { ...common, sourceType: 'local', source: pythonJson({ uri: pathToFileURL(full).href }) }, tags };
  tags[inputTag.deltaVersion] = String(file.deltaVersion);
  return { dataset: { ...common, sourceType: 'delta_table', source: pythonJson({ path: full, delta_table_version: file.deltaVersion }) }, tags };
}

/** A digest MLflow accepts: at most 36 characters, without an `algo:` prefix. */
export function mlflowDigest(digest: string): string {
  if (digest.length <= MAX_DIGEST) return digest;
  return digest.replace(/^[a-z0-9]+:/i, '').slice(0, MAX_DIGEST);
}

/** Names over MLflow's 500 characters keep their start and end; the source keeps the whole path. */
function shortName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const half = (MAX_NAME - 1) / 2;
  return `${name.slice(0, Math.floor(half))}…${name.slice(-Math.ceil(half))}`;
}

/** JSON as Python's `json.dumps` writes it (`", "`, `": "`, non-ASCII as `\uXXXX`), as MLflow stores sources. */
function pythonJson(value: Record<string, string | number>): string {
  const json = `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
