import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './serverHarness';

// Experiments, runs and metrics through our MLflow REST server, with MLflow's field names and shapes.

describe('MLflow server: experiments, runs, metrics', () => {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(() => h.close());

  it('creates, reads, renames, tags, deletes and restores an experiment', async () => {
    const created = await h.call('POST', 'experiments/create', { name: 'churn', tags: [{ key: 'team', value: 'ml' }] });
    assert.equal(created.status, 200);
    const id = created.json.experiment_id;
    assert.match(id, /^\d+$/);

    const byName = await h.call('GET', 'experiments/get-by-name', { experiment_name: 'churn' });
    assert.equal(byName.json.experiment.experiment_id, id);
    assert.deepEqual(byName.json.experiment.tags, [{ key: 'team', value: 'ml' }]);
    assert.equal(byName.json.experiment.lifecycle_stage, 'active');
    assert.match(byName.json.experiment.artifact_location, /^file:\/\//);

    assert.equal((await h.call('POST', 'experiments/update', { experiment_id: id, new_name: 'churn-2' })).status, 200);
    assert.equal((await h.call('POST', 'experiments/set-experiment-tag', { experiment_id: id, key: 'stage', value: 'dev' })).status, 200);
    const got = await h.call('GET', 'experiments/get', { experiment_id: id });
    assert.equal(got.json.experiment.name, 'churn-2');
    assert.equal(Object.fromEntries(got.json.experiment.tags.map((t: any) => [t.key, t.value])).stage, 'dev');

    await h.call('POST', 'experiments/delete', { experiment_id: id });
    const active = await h.call('POST', 'experiments/search', { max_results: 10 });
    assert.ok(!active.json.experiments.some((e: any) => e.experiment_id === id));
    const deleted = await h.call('POST', 'experiments/search', { view_type: 'DELETED_ONLY' });
    assert.deepEqual(deleted.json.experiments.map((e: any) => e.experiment_id), [id]);
    await h.call('POST', 'experiments/restore', { experiment_id: id });
    assert.equal((await h.store.getExperiment(id)).lifecycleStage, 'active');

    const missing = await h.call('GET', 'experiments/get-by-name', { experiment_name: 'nope' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    const dup = await h.call('POST', 'experiments/create', { name: 'churn-2' });
    assert.deepEqual([dup.status, dup.json.error_code], [400, 'RESOURCE_ALREADY_EXISTS']);
  });

  it('pages experiment search newest first, as MLflow orders it', async () => {
    for (const n of ['p1', 'p2', 'p3']) await h.call('POST', 'experiments/create', { name: n });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.call('GET', 'experiments/search', { max_results: 2, ...(token && { page_token: token }) });
      assert.equal(page.status, 200);
      names.push(...page.json.experiments.map((e: any) => e.name));
      token = page.json.next_page_token;
    } while (token);
    const all = await h.store.searchExperiments();
    const expected = all.sort((a, b) => b.creationTime - a.creationTime || Number(a.experimentId) - Number(b.experimentId)).map((e) => e.name);
    assert.deepEqual(names, expected);
    assert.ok(names.length >= 4);
  });

  it('logs a run with params, tags, metric steps and datasets, and reads it back', async () => {
    const experimentId = (await h.call('POST', 'experiments/create', { name: 'runs' })).json.experiment_id;
    const created = await h.call('POST', 'runs/create', { experiment_id: experimentId, run_name: 'train', start_time: 1000, user_id: 'ana', tags: [{ key: 'k', value: 'v' }] });
    assert.equal(created.status, 200);
    const info = created.json.run.info;
    assert.equal(info.run_name, 'train');
    assert.equal(info.run_uuid, info.run_id);
    assert.equal(info.status, 'RUNNING');
    assert.equal(info.end_time, undefined, 'MLflow leaves end_time out while a run has not ended');
    const runId = info.run_id;

    await h.call('POST', 'runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' });
    await h.call('POST', 'runs/set-tag', { run_id: runId, key: 'note', value: 'x' });
    await h.call('POST', 'runs/log-metric', { run_id: runId, key: 'loss', value: 0.5, timestamp: 10, step: 0 });
    await h.call('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.25, timestamp: 11, step: 1 },
        { key: 'odd', value: 'NaN', timestamp: 12, step: 0 },
        { key: 'big', value: 'Infinity', timestamp: 12, step: 0 },
      ],
      params: [{ key: 'depth', value: '4' }],
      tags: [{ key: 'gone', value: 'soon' }],
    });
    await h.call('POST', 'runs/delete-tag', { run_id: runId, key: 'gone' });
    const inputs = await h.call('POST', 'runs/log-inputs', {
      run_id: runId,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'd', digest: 'abc', source_type: 'local', source: '{"uri":"x"}', schema: '{}' } }],
    });
    assert.equal(inputs.status, 200);
    const updated = await h.call('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: 2000 });
    assert.deepEqual([updated.json.run_info.status, updated.json.run_info.end_time], ['FINISHED', 2000]);

    const run = (await h.call('GET', 'runs/get', { run_id: runId })).json.run;
    const kv = (list: any[]) => Object.fromEntries(list.map((p) => [p.key, p.value]));
    assert.deepEqual(kv(run.data.params), { depth: '4', lr: '0.1' });
    assert.equal(kv(run.data.tags).note, 'x');
    assert.equal(kv(run.data.tags).gone, undefined);
    assert.deepEqual(kv(run.data.metrics), { big: 1.7976931348623157e308, loss: 0.25, odd: 'NaN' });
    assert.deepEqual(run.inputs.dataset_inputs, [
      { tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'd', digest: 'abc', source_type: 'local', source: '{"uri":"x"}', schema: '{}' } },
    ]);

    const history = await h.call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'loss' });
    assert.deepEqual(history.json.metrics, [
      { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
      { key: 'loss', value: 0.25, timestamp: 11, step: 1 },
    ]);
    const nan = await h.call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'odd' });
    assert.deepEqual(nan.json.metrics, [{ key: 'odd', value: 'NaN', timestamp: 12, step: 0 }]);
    assert.match(nan.text, /"value":"NaN"/);

    const found = await h.call('POST', 'runs/search', { experiment_ids: [experimentId], filter: "params.lr = '0.1' and metrics.loss < 0.3", order_by: ['attributes.start_time DESC'] });
    assert.deepEqual(found.json.runs.map((r: any) => r.info.run_id), [runId]);
    const none = await h.call('POST', 'runs/search', { experiment_ids: [experimentId], filter: 'metrics.loss > 1' });
    assert.deepEqual(none.json, {}, 'an empty list is left out, as protobuf JSON does');

    await h.call('POST', 'runs/delete', { run_id: runId });
    assert.equal((await h.store.getRun(runId)).info.lifecycleStage, 'deleted');
    await h.call('POST', 'runs/restore', { run_id: runId });
    assert.equal((await h.store.getRun(runId)).info.lifecycleStage, 'active');
  });

  it('pages metric histories with max_results and page tokens', async () => {
    const experimentId = await h.store.createExperiment('history');
    const { runId } = await h.store.createRun({ experimentId });
    const metrics = Array.from({ length: 25 }, (_, i) => ({ key: 'acc', value: i / 25, timestamp: 100 + i, step: i }));
    await h.call('POST', 'runs/log-batch', { run_id: runId, metrics });
    const steps: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await h.call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'acc', max_results: 10, ...(token && { page_token: token }) });
      steps.push(...page.json.metrics.map((m: any) => m.step));
      token = page.json.next_page_token;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(steps, metrics.map((m) => m.step));
    const whole = await h.call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'acc' });
    assert.equal(whole.json.metrics.length, 25);
    assert.equal(whole.json.next_page_token, undefined);
  });

  it('pages run search and serves the /ajax-api alias, /health and /version', async () => {
    const experimentId = await h.store.createExperiment('paging');
    for (let i = 0; i < 5; i++) await h.store.createRun({ experimentId, startTime: 1000 + i });
    const first = await h.call('POST', 'runs/search', { experiment_ids: [experimentId], max_results: 3, order_by: ['attributes.start_time ASC'] });
    assert.equal(first.json.runs.length, 3);
    const second = await h.call('POST', '/ajax-api/2.0/mlflow/runs/search', { experiment_ids: [experimentId], max_results: 3, order_by: ['attributes.start_time ASC'], page_token: first.json.next_page_token });
    assert.deepEqual(second.json.runs.map((r: any) => r.info.start_time), [1003, 1004]);
    assert.equal(second.json.next_page_token, undefined);
    assert.equal((await h.call('GET', '/health')).text, 'OK');
    assert.equal((await h.call('GET', '/version')).text, '3.17.2');
  });
});
