import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RestStore } from '../../src/core/mlflow/client/restStore';
import { badModelVersionSources } from '../unit/mlflowServer/badSources';
import { startHarness, type Harness } from '../unit/mlflowServer/serverHarness';
import { startMlflowServer, type MlflowServer } from './mlflowServer';

// Model version sources our server refuses are exactly those the real MLflow server refuses, with
// the same status and code; and the well-formed ones both accept.

describe('model version sources: our server refuses what MLflow refuses', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-sources-'));
  let mlflow: MlflowServer;
  let ours: Harness;
  before(async () => {
    mlflow = await startMlflowServer(path.join(root, 'mlflow.db'), path.join(root, 'artifacts'));
    ours = await startHarness();
  });
  after(async () => {
    await mlflow?.stop();
    await ours?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function world(store: RestStore) {
    const experimentId = await store.createExperiment('sources');
    const run = await store.createRun({ experimentId });
    const other = await store.createRun({ experimentId });
    const model = await store.createLoggedModel({ experimentId, name: 'clf', sourceRunId: run.runId });
    await store.createRegisteredModel('churn');
    return { runId: run.runId, otherRunId: other.runId, modelId: model.modelId, runArtifacts: run.artifactUri, outside: pathToFileURL(path.join(root, 'elsewhere')).href };
  }

  async function post(url: string, token: string | undefined, body: Record<string, string>): Promise<{ status: number; code: string }> {
    const res = await fetch(`${url}/api/2.0/mlflow/model-versions/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ name: 'churn', ...body }),
    });
    const json = (await res.json()) as { error_code?: string };
    return { status: res.status, code: json.error_code ?? 'OK' };
  }

  it('answers each source alike', async () => {
    const theirs = await world(new RestStore({ url: mlflow.url }));
    const mine = await world(new RestStore({ url: ours.server.url, token: ours.store.token }));
    const theirBad = badModelVersionSources(theirs);
    const myBad = badModelVersionSources(mine);
    for (const [i, body] of theirBad.entries()) {
      const a = await post(mlflow.url, undefined, body);
      const b = await post(ours.server.url, ours.store.token, myBad[i]);
      assert.deepEqual(a, { status: 400, code: 'INVALID_PARAMETER_VALUE' }, `MLflow on ${JSON.stringify(body)}`);
      assert.deepEqual(b, a, `ours on ${JSON.stringify(myBad[i])}`);
    }
    for (const good of [(c: typeof theirs) => ({ source: `${c.runArtifacts}/model`, run_id: c.runId }), (c: typeof theirs) => ({ source: `runs:/${c.runId}/model`, run_id: c.runId }), (c: typeof theirs) => ({ source: `models:/${c.modelId}`, model_id: c.modelId })]) {
      assert.deepEqual(await post(mlflow.url, undefined, good(theirs)), { status: 200, code: 'OK' });
      assert.deepEqual(await post(ours.server.url, ours.store.token, good(mine)), { status: 200, code: 'OK' });
    }
  });
});
