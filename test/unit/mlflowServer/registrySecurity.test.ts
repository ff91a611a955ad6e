import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { badModelVersionSources } from './badSources';
import { snapshot, startHarness, type Answer, type Harness } from './serverHarness';

// Refusals of the endpoints that take a path or a body beyond the tracking ones (security.test.ts):
// run outputs, logged models (search, tags, params, delete), registry edits (rename, tags) and
// model version sources. Each answers MLflow's error JSON with the right status and code, sends no
// CORS header, and leaves the store exactly as it was.

describe('MLflow server: refusals of registry and logged-model requests', () => {
  let h: Harness;
  let runId: string;
  let otherRunId: string;
  let experimentId: string;
  let modelId: string;
  let runArtifacts: string;
  before(async () => {
    h = await startHarness({ maxBodyBytes: 4096 });
    experimentId = await h.store.createExperiment('guarded');
    const run = await h.store.createRun({ experimentId });
    runId = run.runId;
    runArtifacts = run.artifactUri;
    otherRunId = (await h.store.createRun({ experimentId })).runId;
    modelId = (await h.store.createLoggedModel({ experimentId, name: 'clf', sourceRunId: runId, tags: { keep: 'me' } })).modelId;
    await h.store.createRegisteredModel('churn', { tags: { owner: 'ana' } });
    await h.store.createModelVersion({ name: 'churn', source: `runs:/${runId}/model`, runId });
    await h.store.createRegisteredModel('taken');
  });
  after(() => h.close());

  async function refused(status: number, code: string, send: () => Promise<Answer>): Promise<void> {
    const before = await snapshot(h.store);
    const answer = await send();
    assert.equal(answer.status, status, answer.text);
    assert.equal(answer.json?.error_code, code, answer.text);
    assert.equal(typeof answer.json.message, 'string');
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
    assert.equal(await snapshot(h.store), before, 'the store changed');
  }

  it('refuses every new endpoint without the token (401) or from a foreign Host (403)', async () => {
    const calls: [string, string, unknown][] = [
      ['POST', 'runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 1 }] }],
      ['POST', 'logged-models/search', { experiment_ids: [experimentId] }],
      ['PATCH', `logged-models/${modelId}/tags`, { tags: [{ key: 'k', value: 'v' }] }],
      ['DELETE', `logged-models/${modelId}/tags/keep`, {}],
      ['POST', `logged-models/${modelId}/params`, { model_id: modelId, params: [{ key: 'p', value: '1' }] }],
      ['DELETE', `logged-models/${modelId}`, {}],
      ['POST', 'registered-models/rename', { name: 'churn', new_name: 'renamed' }],
      ['POST', 'registered-models/set-tag', { name: 'churn', key: 'k', value: 'v' }],
      ['DELETE', 'registered-models/delete-tag', { name: 'churn', key: 'owner' }],
      ['POST', 'model-versions/set-tag', { name: 'churn', version: '1', key: 'k', value: 'v' }],
      ['DELETE', 'model-versions/delete-tag', { name: 'churn', version: '1', key: 'k' }],
      ['POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'k' }],
    ];
    for (const [method, api, body] of calls) {
      await refused(401, 'UNAUTHENTICATED', () => h.call(method, api, body, { token: null }));
      await refused(403, 'PERMISSION_DENIED', () => h.call(method, api, body, { host: `attacker.example:${h.server.port}` }));
    }
  });

  it('refuses malformed bodies, wrong types and missing fields (400)', async () => {
    await refused(400, 'BAD_REQUEST', () => h.call('PATCH', `logged-models/${modelId}/tags`, undefined, { raw: '{"tags": [' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/outputs', { run_id: runId }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/outputs', { run_id: runId, models: { model_id: modelId } }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 'later' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/outputs', { run_id: runId, models: [{ step: 1 }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('PATCH', `logged-models/${modelId}/tags`, { tags: [{ key: 5, value: 'v' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('PATCH', `logged-models/${modelId}/tags`, { tags: [{ key: '../up', value: 'v' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', `logged-models/${modelId}/params`, { model_id: modelId, params: [{ key: 'p', value: 7 }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'logged-models/search', {}));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter: "metrics.auc LIKE 'x'" }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter: 'name = ' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], order_by: [{ field_name: 'params.C' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'logged-models/search', { experiment_ids: ['1; DROP TABLE runs'] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'registered-models/rename', { name: 'churn' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'registered-models/rename', { name: 'churn', new_name: '../escape' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'registered-models/rename', { name: 'churn', new_name: 'a:b' }));
    await refused(400, 'RESOURCE_ALREADY_EXISTS', () => h.call('POST', 'registered-models/rename', { name: 'churn', new_name: 'taken' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'registered-models/set-tag', { name: 'churn', key: ['k'], value: 'v' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'model-versions/set-tag', { name: 'churn', version: 'one', key: 'k', value: 'v' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('GET', 'registered-models/search', { filter: "tags.owner > 'a'" }));
    const bigTags = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(40) }));
    await refused(413, 'BAD_REQUEST', () => h.call('PATCH', `logged-models/${modelId}/tags`, { tags: bigTags }));
  });

  it('answers 404 for unknown runs, models, tags and versions', async () => {
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'runs/outputs', { run_id: 'f'.repeat(32), models: [{ model_id: modelId, step: 0 }] }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('PATCH', 'logged-models/m-nope/tags', { tags: [{ key: 'k', value: 'v' }] }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('DELETE', `logged-models/${modelId}/tags/never`, {}));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('DELETE', `logged-models/${encodeURIComponent('../../mlflow.db')}`, {}));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'registered-models/rename', { name: 'nope', new_name: 'other' }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'model-versions/set-tag', { name: 'churn', version: '9', key: 'k', value: 'v' }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'never' }));
    await refused(404, 'ENDPOINT_NOT_FOUND', () => h.call('DELETE', `logged-models/${modelId}/tags/a/b`, {}));
    await refused(405, 'BAD_REQUEST', () => h.call('GET', 'runs/outputs', { run_id: runId }));
  });

  it('refuses model version sources the run or logged model does not contain, as MLflow does', async () => {
    const create = (body: Record<string, unknown>) => () => h.call('POST', 'model-versions/create', { name: 'churn', ...body });
    const bad = badModelVersionSources({ runId, otherRunId, modelId, runArtifacts, outside: pathToFileURL(path.join(h.dir, 'elsewhere')).href });
    for (const body of bad) await refused(400, 'INVALID_PARAMETER_VALUE', create(body));
    // MLflow answers this one 500 (is_local_uri raises without a code); never 5xx for a client's mistake here.
    await refused(400, 'INVALID_PARAMETER_VALUE', create({ source: 'file://attacker.example/share/model', run_id: runId }));
    // The same requests done right are accepted.
    const okRun = await h.call('POST', 'model-versions/create', { name: 'churn', source: `${runArtifacts}/model`, run_id: runId });
    assert.equal(okRun.status, 200, okRun.text);
    const okModel = await h.call('POST', 'model-versions/create', { name: 'churn', source: `models:/${modelId}`, model_id: modelId });
    assert.equal(okModel.status, 200, okModel.text);
    assert.equal(okModel.json.model_version.run_id, runId);
  });
});
