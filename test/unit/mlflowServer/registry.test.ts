import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './serverHarness';

// Registered models, model versions, logged models and proxied artifacts through our MLflow server.

describe('MLflow server: registry, logged models, artifacts', () => {
  let h: Harness;
  let runId: string;
  let experimentId: string;
  before(async () => {
    h = await startHarness();
    experimentId = await h.store.createExperiment('reg');
    runId = (await h.store.createRun({ experimentId })).runId;
  });
  after(() => h.close());

  it('creates a model and versions, moves aliases and stages, updates, deletes', async () => {
    const created = await h.call('POST', 'registered-models/create', { name: 'churn', description: 'first', tags: [{ key: 'owner', value: 'ana' }] });
    assert.equal(created.status, 200);
    assert.equal(created.json.registered_model.name, 'churn');
    assert.equal(typeof created.json.registered_model.creation_timestamp, 'number');

    for (let i = 0; i < 3; i++) {
      const v = await h.call('POST', 'model-versions/create', { name: 'churn', source: `runs:/${runId}/model`, run_id: runId, tags: [{ key: 'i', value: String(i) }] });
      assert.deepEqual([v.status, v.json.model_version.version, v.json.model_version.current_stage, v.json.model_version.status], [200, String(i + 1), 'None', 'READY']);
      assert.equal(v.json.model_version.user_id, undefined, 'a null user_id is left out, as MLflow does');
    }
    assert.equal((await h.call('POST', 'registered-models/alias', { name: 'churn', alias: 'champion', version: '2' })).status, 200);
    const byAlias = await h.call('GET', 'registered-models/alias', { name: 'churn', alias: 'champion' });
    assert.deepEqual([byAlias.json.model_version.version, byAlias.json.model_version.aliases], ['2', ['champion']]);

    const staged = await h.call('POST', 'model-versions/transition-stage', { name: 'churn', version: '1', stage: 'production', archive_existing_versions: false });
    assert.equal(staged.json.model_version.current_stage, 'Production');
    await h.call('POST', 'model-versions/transition-stage', { name: 'churn', version: '3', stage: 'Production', archive_existing_versions: true });
    assert.equal((await h.store.getModelVersion('churn', '1')).currentStage, 'Archived');

    const latest = await h.call('POST', 'registered-models/get-latest-versions', { name: 'churn', stages: ['Production'] });
    assert.deepEqual(latest.json.model_versions.map((v: any) => v.version), ['3']);
    const model = (await h.call('GET', 'registered-models/get', { name: 'churn' })).json.registered_model;
    assert.deepEqual(model.aliases, [{ alias: 'champion', version: '2' }]);
    assert.deepEqual(model.latest_versions.map((v: any) => [v.version, v.current_stage]), [['1', 'Archived'], ['2', 'None'], ['3', 'Production']]);
    assert.deepEqual(model.tags, [{ key: 'owner', value: 'ana' }]);

    const described = await h.call('PATCH', 'registered-models/update', { name: 'churn', description: 'second' });
    assert.equal(described.json.registered_model.description, 'second');
    const mv = await h.call('PATCH', 'model-versions/update', { name: 'churn', version: '2', description: 'best' });
    assert.equal(mv.json.model_version.description, 'best');
    const uri = await h.call('GET', 'model-versions/get-download-uri', { name: 'churn', version: '2' });
    assert.equal(uri.json.artifact_uri, `runs:/${runId}/model`);

    const searched = await h.call('GET', 'model-versions/search', { filter: "name='churn'", max_results: 2 });
    const rest = await h.call('GET', 'model-versions/search', { filter: "name='churn'", max_results: 2, page_token: searched.json.next_page_token });
    assert.deepEqual([searched.json.model_versions.length, rest.json.model_versions.length, rest.json.next_page_token], [2, 1, undefined]);
    const found = [...searched.json.model_versions, ...rest.json.model_versions];
    // MLflow's order: last updated first, then the newest version; and no aliases in a search.
    const expected = [...found].sort((a: any, b: any) => b.last_updated_timestamp - a.last_updated_timestamp || Number(b.version) - Number(a.version));
    assert.deepEqual(found.map((v: any) => v.version), expected.map((v: any) => v.version));
    assert.deepEqual(found.map((v: any) => v.version).sort(), ['1', '2', '3']);
    assert.ok(found.every((v: any) => v.aliases === undefined && v.run_link === ''));

    assert.equal((await h.call('DELETE', 'registered-models/alias', { name: 'churn', alias: 'champion' })).status, 200);
    const unset = await h.call('GET', 'registered-models/alias', { name: 'churn', alias: 'champion' });
    assert.deepEqual([unset.status, unset.json.error_code], [400, 'INVALID_PARAMETER_VALUE'], "MLflow's answer for an alias no version holds");
    assert.equal((await h.call('DELETE', 'model-versions/delete', { name: 'churn', version: '1' })).status, 200);
    assert.equal((await h.call('GET', 'model-versions/get', { name: 'churn', version: '1' })).json.error_code, 'RESOURCE_DOES_NOT_EXIST');

    const models = await h.call('GET', 'registered-models/search', { max_results: 10 });
    assert.deepEqual(models.json.registered_models.map((m: any) => m.name), ['churn']);
    assert.equal((await h.call('DELETE', 'registered-models/delete', { name: 'churn' })).status, 200);
    const gone = await h.call('GET', 'registered-models/get', { name: 'churn' });
    assert.deepEqual([gone.status, gone.json.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
  });

  it('creates, reads and finalizes a logged model', async () => {
    const created = await h.call('POST', 'logged-models', { experiment_id: experimentId, name: 'clf', source_run_id: runId, model_type: 'sklearn', params: [{ key: 'C', value: '1' }] });
    assert.equal(created.status, 200);
    const info = created.json.model.info;
    assert.equal(info.status, 'LOGGED_MODEL_PENDING');
    assert.deepEqual(created.json.model.data.params, [{ key: 'C', value: '1' }]);
    const finalized = await h.call('PATCH', `logged-models/${info.model_id}`, { model_id: info.model_id, status: 'LOGGED_MODEL_READY' });
    assert.equal(finalized.json.model.info.status, 'LOGGED_MODEL_READY');
    const got = await h.call('GET', `logged-models/${info.model_id}`);
    assert.deepEqual([got.json.model.info.name, got.json.model.info.source_run_id, got.json.model.info.model_type], ['clf', runId, 'sklearn']);
    assert.equal((await h.call('GET', 'logged-models/m-nope')).status, 404);
  });

  it('uploads, lists and downloads artifacts under the store artifact folder', async () => {
    const base = '/api/2.0/mlflow-artifacts/artifacts';
    const put = await h.call('PUT', `${base}/1/${runId}/artifacts/model/model.pkl`, undefined, { raw: Buffer.from('pickled bytes') });
    assert.equal(put.status, 200);
    assert.equal(fs.readFileSync(path.join(h.store.dir, 'artifacts', '1', runId, 'artifacts', 'model', 'model.pkl'), 'utf8'), 'pickled bytes');
    const listed = await h.call('GET', `${base}?path=${encodeURIComponent(`1/${runId}/artifacts`)}`);
    assert.deepEqual(listed.json, { files: [{ path: 'model', is_dir: true }] });
    const inner = await h.call('GET', `${base}?path=${encodeURIComponent(`1/${runId}/artifacts/model`)}`);
    assert.deepEqual(inner.json, { files: [{ path: 'model.pkl', is_dir: false, file_size: 13 }] });
    const got = await h.call('GET', `${base}/1/${runId}/artifacts/model/model.pkl`);
    assert.deepEqual([got.status, got.text], [200, 'pickled bytes']);
    assert.equal((await h.call('GET', `${base}/1/${runId}/artifacts/model/missing.pkl`)).status, 404);
  });
});
