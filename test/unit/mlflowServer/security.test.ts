import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { snapshot, startHarness, type Answer, type Harness } from './serverHarness';

// Every refused request answers MLflow's error JSON with the documented status, sends no CORS
// header, and leaves the store exactly as it was.

describe('MLflow server: refusals', () => {
  let h: Harness;
  let runId: string;
  let experimentId: string;
  before(async () => {
    h = await startHarness({ maxBodyBytes: 4096 });
    experimentId = await h.store.createExperiment('safe');
    runId = (await h.store.createRun({ experimentId })).runId;
    await h.store.logBatch(runId, { metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }], params: [{ key: 'lr', value: '0.1' }] });
  });
  after(() => h.close());

  async function refused(status: number, code: string, send: () => Promise<Answer>): Promise<Answer> {
    const before = await snapshot(h.store);
    const answer = await send();
    assert.equal(answer.status, status, answer.text);
    assert.equal(answer.json?.error_code, code, answer.text);
    assert.equal(typeof answer.json.message, 'string');
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
    assert.equal(await snapshot(h.store), before, 'the store changed');
    return answer;
  }
  const logMetric = { run_id: () => runId, key: 'auc', value: 0.1, timestamp: 5, step: 1 };
  const metricBody = () => ({ ...logMetric, run_id: runId });

  it('refuses requests without the token, or with a wrong one (401)', async () => {
    await refused(401, 'UNAUTHENTICATED', () => h.call('POST', 'runs/log-metric', metricBody(), { token: null }));
    await refused(401, 'UNAUTHENTICATED', () => h.call('POST', 'runs/log-metric', metricBody(), { token: 'x'.repeat(48) }));
    await refused(401, 'UNAUTHENTICATED', () => h.call('POST', 'runs/log-metric', metricBody(), { token: `${h.store.token}0` }));
    await refused(401, 'UNAUTHENTICATED', () => h.call('GET', 'experiments/search', undefined, { token: '' }));
    await refused(401, 'UNAUTHENTICATED', () => h.call('GET', '/health', undefined, { token: null }));
  });

  it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (403), even with the token', async () => {
    await refused(403, 'PERMISSION_DENIED', () => h.call('POST', 'runs/log-metric', metricBody(), { host: `evil.example:${h.server.port}` }));
    await refused(403, 'PERMISSION_DENIED', () => h.call('GET', 'experiments/search', undefined, { host: '127.0.0.1:1' }));
    await refused(403, 'PERMISSION_DENIED', () => h.call('GET', 'experiments/search', undefined, { host: '127.0.0.1' }));
    const ok = await h.call('GET', 'experiments/search', undefined, { host: `localhost:${h.server.port}` });
    assert.equal(ok.status, 200);
  });

  it('refuses a body over the limit (413)', async () => {
    const metrics = Array.from({ length: 200 }, (_, i) => ({ key: 'auc', value: i, timestamp: 10 + i, step: i }));
    await refused(413, 'BAD_REQUEST', () => h.call('POST', 'runs/log-batch', { run_id: runId, metrics }));
    // The server still answers on a fresh connection.
    assert.equal((await h.call('GET', 'runs/get', { run_id: runId })).status, 200);
  });

  it('refuses malformed JSON and bodies that are not objects (400)', async () => {
    await refused(400, 'BAD_REQUEST', () => h.call('POST', 'runs/log-metric', undefined, { raw: '{"run_id": "' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-metric', undefined, { raw: '[1, 2]' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'experiments/create', undefined, { raw: '42' }));
  });

  it('refuses wrong types and missing fields (400 INVALID_PARAMETER_VALUE)', async () => {
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'experiments/create', { name: 5 }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'experiments/create', {}));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-metric', { ...metricBody(), value: 'high' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-metric', { ...metricBody(), timestamp: 'now' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-metric', { ...metricBody(), step: 1.5 }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-batch', { run_id: runId, metrics: { key: 'auc' } }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.2' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/log-batch', { run_id: runId, params: [{ key: '../up', value: '1' }] }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/update', { run_id: runId, status: 'DONE' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/search', { experiment_ids: [experimentId], filter: 'metrics.auc >>> 1' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'runs/search', { experiment_ids: [experimentId], page_token: 'not a token' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'auc', max_results: 0 }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('POST', 'experiments/search', { view_type: 'SOME' }));
  });

  it('answers 404 for unknown ids, endpoints and 405 for a wrong method', async () => {
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('GET', 'runs/get', { run_id: 'f'.repeat(32) }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'runs/log-metric', { ...metricBody(), run_id: 'f'.repeat(32) }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('GET', 'experiments/get', { experiment_id: '999' }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('GET', 'registered-models/get', { name: 'nope' }));
    await refused(404, 'RESOURCE_DOES_NOT_EXIST', () => h.call('POST', 'model-versions/create', { name: 'nope', source: `runs:/${runId}/model`, run_id: runId }));
    await refused(404, 'ENDPOINT_NOT_FOUND', () => h.call('POST', 'runs/explode', {}));
    await refused(404, 'ENDPOINT_NOT_FOUND', () => h.call('GET', '/api/2.0/preview/mlflow/runs/get', { run_id: runId }));
    await refused(405, 'BAD_REQUEST', () => h.call('GET', 'runs/create', { experiment_id: experimentId }));
  });

  it('confines artifact paths to the artifact folder (400 for .. and absolute paths, 403 through links)', async () => {
    const base = '/api/2.0/mlflow-artifacts/artifacts';
    const outside = fs.mkdtempSync(path.join(h.dir, 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(h.store.dir, 'artifacts', 'link'));
    const listing = () => JSON.stringify(fs.readdirSync(outside).sort());
    const before = listing();
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('PUT', `${base}/../../x.txt`, undefined, { raw: 'x' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('PUT', `${base}/a/..%2F..%2Fx.txt`, undefined, { raw: 'x' }));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('GET', `${base}/a/%2e%2e/%2e%2e/mlflow.db`));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('GET', `${base}/%2Fetc%2Fpasswd`));
    await refused(400, 'INVALID_PARAMETER_VALUE', () => h.call('GET', `${base}?path=${encodeURIComponent('../')}`));
    await refused(403, 'PERMISSION_DENIED', () => h.call('GET', `${base}/link/secret.txt`));
    await refused(403, 'PERMISSION_DENIED', () => h.call('PUT', `${base}/link/planted.txt`, undefined, { raw: 'x' }));
    await refused(403, 'PERMISSION_DENIED', () => h.call('PUT', `${base}/link/deeper/planted.txt`, undefined, { raw: 'x' }));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(h.store.dir, 'artifacts', 'file-link'));
    await refused(403, 'PERMISSION_DENIED', () => h.call('PUT', `${base}/file-link`, undefined, { raw: 'overwritten' }));
    assert.equal(listing(), before);
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'secret');
  });
});
