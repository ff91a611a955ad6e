// "Register Model from Run": a new version of a registered model (created when missing) from one
// of the run's logged models (source `models:/<model_id>`, as MLflow 3 registers them) or from an
// artifact path of the run (source: the artifact's location under the run's artifact root, as
// MLflow's register_model resolves a `runs:/<run_id>/<path>` URI). The registration is kept in
// the audit trail like the pipeline's (`register`). Plain code, no `vscode`.
import { auditAction, recordEntries } from '../../core/registry/auditLog';
import type { RegistryStore } from '../../core/registry/registryStore';
import { runTag } from '../../core/pipeline/runTags';
import { StoreError, type ModelVersion, type Run } from '../../core/store/types';

export type RegisterSource = { kind: 'loggedModel'; modelId: string } | { kind: 'artifact'; path: string };

export interface RegisterFromRun {
  run: Run;
  source: RegisterSource;
  modelName: string;
  /** Who registers, as the audit trail names them. */
  actor: string;
}

/** `runs:/<run_id>/<path>`, the URI MLflow's clients load a run's artifact by. */
export const runsUri = (runId: string, artifactPath = ''): string => `runs:/${runId}${artifactPath === '' ? '' : `/${artifactPath.replace(/^\/+/, '')}`}`;

export async function registerFromRun(store: RegistryStore, input: RegisterFromRun): Promise<ModelVersion> {
  const { run, source, modelName } = input;
  const runId = run.info.runId;
  await ensureRegisteredModel(store, modelName);
  const version =
    source.kind === 'loggedModel'
      ? await store.createModelVersion({ name: modelName, source: `models:/${source.modelId}`, runId, modelId: source.modelId })
      : await store.createModelVersion({ name: modelName, source: artifactLocation(run, source.path), runId });
  await recordEntries(store, [
    {
      modelName,
      version: version.version,
      action: auditAction.register,
      target: `models:/${modelName}/${version.version}`,
      from: null,
      to: version.version,
      reason: `registered from run ${runId} (${source.kind === 'loggedModel' ? `logged model ${source.modelId}` : runsUri(runId, source.path)}) in the Runs view`,
      actor: input.actor,
      at: Date.now(),
      runId,
      gitCommit: commitOf(run),
    },
  ]);
  return version;
}

/** Where the artifact lies: the run's artifact root joined with the path. */
export function artifactLocation(run: Run, artifactPath: string): string {
  const relative = artifactPath.split('/').filter((part) => part !== '' && part !== '.');
  if (relative.length === 0 || relative.includes('..')) throw new StoreError('INVALID_PARAMETER_VALUE', `'${artifactPath}' is not an artifact path of run ${run.info.runId}.`);
  return `${run.info.artifactUri.replace(/\/+$/, '')}/${relative.join('/')}`;
}

/** The audit trail takes a full hex commit or none. */
function commitOf(run: Run): string | null {
  const commit = run.data.tags[runTag.gitCommit];
  return commit !== undefined && /^[0-9a-f]{4,40}$/i.test(commit) ? commit : null;
}

async function ensureRegisteredModel(store: RegistryStore, name: string): Promise<void> {
  try {
    await store.getRegisteredModel(name);
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'RESOURCE_DOES_NOT_EXIST')) throw error;
    try {
      await store.createRegisteredModel(name);
    } catch (createError) {
      // Another writer made it first.
      if (!(createError instanceof StoreError && createError.code === 'RESOURCE_ALREADY_EXISTS')) throw createError;
    }
  }
}
