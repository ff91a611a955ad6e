import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './serverHarness';

// The JSON our server answers for run outputs, logged models and registry edits, shaped as MLflow
// 3.17.2's server writes it (checked against its answers while building: empty `inputs`/`outputs`
// objects, `run_link` always, no `aliases` in searches or in a model's `latest_versions`, an empty
// registered-model description left out, latest versions ordered as MLflow's get and search do).
// test/interop/restParity.test.ts holds the same answers against the real server.

describe('MLflow server: run outputs, logged models and registry edits as JSON', () => {
  let h: Harness;
  let experimentId: string;
  let runId: string;
  before(async () => {
    h = await startHarness();
    experimentId = await h.store.createExperiment('json');
    runId = (await h.store.createRun({ experimentId, runName: 'producer' })).runId;
  });
  after(() => h.close());

  it('runs carry outputs (and model inputs in get only); a run without either has empty objects', async () => {
    const plain = (await h.call('POST', 'runs/create', { experiment_id: experimentId })).json.run;
    assert.deepEqual([plain.inputs, plain.outputs], [{}, undefined], 'runs/create answers no outputs, as MLflow');
    const fetched = (await h.call('GET', 'runs/get', { run_id: plain.info.run_id })).json.run;
    assert.deepEqual([fetched.inputs, fetched.outputs, fetched.info.user_id], [{}, {}, ''], "no user_id given, none kept: MLflow answers ''");
    const created = await h.call('POST', 'logged-models', { experiment_id: experimentId, name: 'clf', source_run_id: runId });
    const modelId = created.json.model.info.model_id;
    assert.equal(created.json.model.info.model_type, '', "an absent model_type is '', as MLflow stores it");
    assert.equal((await h.call('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 2 }] })).status, 200);
    assert.equal((await h.call('POST', 'runs/log-inputs', { run_id: runId, datasets: [], models: [{ model_id: modelId }] })).status, 200);
    const got = (await h.call('GET', 'runs/get', { run_id: runId })).json.run;
    assert.deepEqual(got.outputs, { model_outputs: [{ model_id: modelId, step: 2 }] });
    assert.deepEqual(got.inputs, { model_inputs: [{ model_id: modelId }] });
    const found = (await h.call('POST', 'runs/search', { experiment_ids: [experimentId], filter: "attributes.run_name = 'producer'" })).json.runs;
    assert.deepEqual([found[0].outputs, found[0].inputs], [{ model_outputs: [{ model_id: modelId, step: 2 }] }, {}]);
  });

  it('logged models: metrics from log-batch, tags by PATCH and DELETE (keys with slashes too), params, search pages, delete', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await h.call('POST', 'logged-models', { experiment_id: experimentId, name, params: [{ key: 'C', value: name }] })).json.model.info.model_id);
    await h.call('POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'auc', value: 'NaN', timestamp: 7, step: 1, model_id: ids[0], dataset_name: 'd', dataset_digest: 'x1' }] });
    assert.equal((await h.call('PATCH', `logged-models/${ids[0]}/tags`, { tags: [{ key: 'team/owner', value: 'ana' }, { key: 'stage', value: 'dev' }] })).status, 200);
    assert.equal((await h.call('DELETE', `logged-models/${ids[0]}/tags/${encodeURIComponent('team/owner')}`)).status, 200);
    assert.equal((await h.call('POST', `logged-models/${ids[0]}/params`, { model_id: ids[0], params: [{ key: 'solver', value: 'lbfgs' }] })).status, 200);
    const model = (await h.call('GET', `logged-models/${ids[0]}`)).json.model;
    assert.deepEqual(model.info.tags, [{ key: 'stage', value: 'dev' }]);
    assert.deepEqual(model.data.params, [{ key: 'C', value: 'a' }, { key: 'solver', value: 'lbfgs' }]);
    assert.deepEqual(model.data.metrics, [{ key: 'auc', value: 0, timestamp: 7, step: 1, dataset_name: 'd', dataset_digest: 'x1', model_id: ids[0], run_id: runId }]);

    const page = (await h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter: "params.C != 'z'", order_by: [{ field_name: 'name', ascending: false }], max_results: 2 })).json;
    assert.deepEqual(page.models.map((m: any) => m.info.name), ['c', 'b']);
    const rest = (await h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter: "params.C != 'z'", order_by: [{ field_name: 'name', ascending: false }], max_results: 2, page_token: page.next_page_token })).json;
    assert.deepEqual([rest.models.map((m: any) => m.info.name), rest.next_page_token], [['a'], undefined]);

    assert.equal((await h.call('DELETE', `logged-models/${ids[1]}`)).status, 200);
    assert.equal((await h.call('GET', `logged-models/${ids[1]}`)).json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    const left = (await h.call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter: "name IN ('a', 'b', 'c')" })).json.models.map((m: any) => m.info.name);
    assert.deepEqual(left.sort(), ['a', 'c']);
  });

  it('registry: versions from a logged model, tags, latest versions in get and search order, rename', async () => {
    const logged = (await h.call('POST', 'logged-models', { experiment_id: experimentId, name: 'reg', source_run_id: runId })).json.model.info;
    await h.call('POST', 'registered-models/create', { name: 'json-model' });
    for (let i = 0; i < 3; i++) {
      const v = await h.call('POST', 'model-versions/create', { name: 'json-model', source: `models:/${logged.model_id}`, model_id: logged.model_id });
      assert.deepEqual([v.status, v.json.model_version.run_id, v.json.model_version.run_link], [200, runId, ''], v.text);
    }
    const tag = (await h.call('GET', `logged-models/${logged.model_id}`)).json.model.info.tags.find((t: any) => t.key === 'mlflow.modelVersions');
    assert.equal(tag.value, '[{"name": "json-model", "version": 1}, {"name": "json-model", "version": 2}, {"name": "json-model", "version": 3}]');
    assert.equal((await h.call('GET', 'model-versions/get-download-uri', { name: 'json-model', version: '2' })).json.artifact_uri, logged.artifact_uri);

    await h.call('POST', 'model-versions/transition-stage', { name: 'json-model', version: '2', stage: 'Production', archive_existing_versions: false });
    await h.call('POST', 'model-versions/transition-stage', { name: 'json-model', version: '3', stage: 'Archived', archive_existing_versions: false });
    await h.call('POST', 'registered-models/alias', { name: 'json-model', alias: 'champion', version: '2' });
    await h.call('POST', 'registered-models/set-tag', { name: 'json-model', key: 'team', value: 'growth' });
    await h.call('POST', 'model-versions/set-tag', { name: 'json-model', version: '2', key: 'validated', value: 'yes' });
    await h.call('DELETE', 'model-versions/delete-tag', { name: 'json-model', version: '2', key: 'never-set' });

    const got = (await h.call('GET', 'registered-models/get', { name: 'json-model' })).json.registered_model;
    assert.equal(got.description, undefined, 'an empty description is left out of a registered model');
    assert.deepEqual(got.tags, [{ key: 'team', value: 'growth' }]);
    assert.deepEqual(got.latest_versions.map((v: any) => [v.version, v.current_stage, v.aliases]), [['1', 'None', undefined], ['2', 'Production', undefined], ['3', 'Archived', undefined]]);
    const searched = (await h.call('GET', 'registered-models/search', { filter: "name = 'json-model'" })).json.registered_models[0];
    assert.deepEqual(searched.latest_versions.map((v: any) => v.current_stage), ['Archived', 'None', 'Production']);
    const latest = (await h.call('GET', 'registered-models/get-latest-versions', { name: 'json-model', stages: 'Production' })).json.model_versions;
    assert.deepEqual([latest[0].version, latest[0].aliases, latest[0].tags], ['2', ['champion'], [{ key: 'validated', value: 'yes' }]]);

    const renamed = (await h.call('POST', 'registered-models/rename', { name: 'json-model', new_name: 'json-renamed' })).json.registered_model;
    assert.deepEqual([renamed.name, renamed.aliases, renamed.latest_versions.length], ['json-renamed', [{ alias: 'champion', version: '2' }], 3]);
    assert.equal((await h.call('GET', 'registered-models/alias', { name: 'json-renamed', alias: 'champion' })).json.model_version.name, 'json-renamed');
    assert.equal((await h.call('DELETE', 'registered-models/delete-tag', { name: 'json-renamed', key: 'team' })).status, 200);
    assert.equal((await h.call('GET', 'registered-models/get', { name: 'json-renamed' })).json.registered_model.tags, undefined);
  });

  it('experiments: delete a tag', async () => {
    const id = (await h.call('POST', 'experiments/create', { name: 'tagged', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] })).json.experiment_id;
    assert.equal((await h.call('POST', 'experiments/delete-experiment-tag', { experiment_id: id, key: 'a' })).status, 200);
    assert.deepEqual((await h.call('GET', 'experiments/get', { experiment_id: id })).json.experiment.tags, [{ key: 'b', value: '2' }]);
  });
});
