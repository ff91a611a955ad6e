import { randomUUID } from 'node:crypto';
import { experiment } from './experiments';
import { loggedModel } from './loggedModels';
import * as read from './reads';
import { run } from './runs';
import type { StoreCore } from './storeCore';
import { tagPairs } from './tagPairs';
import type { LoggedModel } from './types';
import * as check from './validate';

// Creating and finalizing MLflow 3's logged models in the embedded store; the edits after creation
// are in loggedModels.ts.

export async function createLoggedModel(
  core: StoreCore,
  opts: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: Record<string, string>; tags?: Record<string, string> },
): Promise<LoggedModel> {
  const exp = experiment(core.sql, opts.experimentId);
  if (opts.sourceRunId) run(core.sql, opts.sourceRunId);
  const modelId = `m-${randomUUID().replace(/-/g, '')}`;
  await core.commit({
    op: 'createLoggedModel', modelId, experimentId: Number(opts.experimentId), name: check.checkName('Model name', opts.name, 500),
    artifactLocation: `${exp.artifactLocation}/models/${modelId}/artifacts`, time: Date.now(), sourceRunId: opts.sourceRunId ?? null,
    modelType: opts.modelType ?? null, params: tagPairs(opts.params), tags: tagPairs(opts.tags),
  });
  return read.readLoggedModel(core.sql, modelId)!;
}

export async function finalizeLoggedModel(core: StoreCore, modelId: string, status: 'READY' | 'FAILED'): Promise<LoggedModel> {
  loggedModel(core.sql, modelId, { allowDeleted: true });
  if (status !== 'READY' && status !== 'FAILED') throw check.invalid(`A logged model is finalized as READY or FAILED, not ${status}.`);
  await core.commit({ op: 'finalizeLoggedModel', modelId, status: read.LOGGED_MODEL_STATUS_CODE[status], time: Date.now() });
  return loggedModel(core.sql, modelId, { allowDeleted: true });
}
