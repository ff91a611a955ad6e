import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startHarness, type Harness } from '../unit/mlflowServer/serverHarness';
import { assertSameFields } from './fieldDiff';
import { startMlflowServer, type MlflowServer } from './mlflowServer';

// The same REST requests (run outputs, logged models, registry edits) sent to our server and to the
// real MLflow server: the raw JSON answers, status codes included, agree field by field once ids,
// times and the artifact root are named instead of compared.

type Call = (method: string, api: string, body?: Record<string, unknown>) => Promise<{ status: number; json: any }>;

async function scenario(call: Call, name: (id: string, label: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const keep = async (label: string, method: string, api: string, body?: Record<string, unknown>) => {
    const answer = await call(method, api, body);
    out[label] = answer;
    return answer.json;
  };
  const experimentId = (await keep('experiment', 'POST', 'experiments/create', { name: 'parity', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] })).experiment_id;
  await keep('delete experiment tag', 'POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'a' });
  await keep('delete missing experiment tag', 'POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'a' });
  await keep('experiment after', 'GET', `experiments/get?experiment_id=${experimentId}`);
  const run = (await keep('run', 'POST', 'runs/create', { experiment_id: experimentId, run_name: 'train', start_time: 1_700_000_000_000 })).run.info.run_id;
  name(run, 'run');
  const models: string[] = [];
  for (const m of ['first', 'second']) {
    const created = await keep(`logged model ${m}`, 'POST', 'logged-models', { experiment_id: experimentId, name: m, source_run_id: run, params: [{ key: 'C', value: m }] });
    models.push(created.model.info.model_id);
    name(created.model.info.model_id, `model:${m}`);
  }
  await keep('outputs', 'POST', 'runs/outputs', { run_id: run, models: [{ model_id: models[0], step: 1 }, { model_id: models[1], step: 2 }] });
  await keep('outputs again', 'POST', 'runs/outputs', { run_id: run, models: [{ model_id: models[0], step: 1 }] });
  await keep('model inputs', 'POST', 'runs/log-inputs', { run_id: run, datasets: [], models: [{ model_id: models[1] }] });
  await keep('linked metrics', 'POST', 'runs/log-batch', {
    run_id: run, metrics: [{ key: 'auc', value: 0.9, timestamp: 1_700_000_000_100, step: 3, model_id: models[0], dataset_name: 'holdout', dataset_digest: 'd1' }, { key: 'auc', value: 0.7, timestamp: 1_700_000_000_100, step: 3, model_id: models[1] }],
  });
  await keep('model tags', 'PATCH', `logged-models/${models[0]}/tags`, { tags: [{ key: 'stage', value: 'dev' }, { key: 'gone', value: 'x' }] });
  await keep('delete model tag', 'DELETE', `logged-models/${models[0]}/tags/gone`);
  await keep('delete missing model tag', 'DELETE', `logged-models/${models[0]}/tags/gone`);
  await keep('model params', 'POST', `logged-models/${models[0]}/params`, { model_id: models[0], params: [{ key: 'solver', value: 'lbfgs' }] });
  await keep('model params without model_id', 'POST', `logged-models/${models[0]}/params`, { params: [{ key: 'other', value: '1' }] });
  await keep('model param again', 'POST', `logged-models/${models[0]}/params`, { model_id: models[0], params: [{ key: 'solver', value: 'saga' }] });
  await keep('finalize', 'PATCH', `logged-models/${models[0]}`, { model_id: models[0], status: 'LOGGED_MODEL_READY' });
  await keep('get model', 'GET', `logged-models/${models[0]}`);
  await keep('search models by metric', 'POST', 'logged-models/search', { experiment_ids: [experimentId], order_by: [{ field_name: 'metrics.auc', ascending: false }] });
  await keep('search models by param', 'POST', 'logged-models/search', { experiment_ids: [experimentId], filter: "params.C = 'second'" });
  await keep('get run', 'GET', `runs/get?run_id=${run}`);
  await keep('search runs', 'POST', 'runs/search', { experiment_ids: [experimentId] });

  await keep('registered model', 'POST', 'registered-models/create', { name: 'parity-model', tags: [{ key: 'team', value: 'growth' }] });
  await keep('version from model', 'POST', 'model-versions/create', { name: 'parity-model', source: `models:/${models[0]}`, model_id: models[0] });
  await keep('version from run', 'POST', 'model-versions/create', { name: 'parity-model', source: `runs:/${run}/model`, run_id: run, description: 'second' });
  await keep('version 3', 'POST', 'model-versions/create', { name: 'parity-model', source: `models:/${models[1]}`, model_id: models[1] });
  await keep('stage 2', 'POST', 'model-versions/transition-stage', { name: 'parity-model', version: '2', stage: 'Staging', archive_existing_versions: false });
  await keep('stage 1', 'POST', 'model-versions/transition-stage', { name: 'parity-model', version: '1', stage: 'Production', archive_existing_versions: false });
  await keep('alias', 'POST', 'registered-models/alias', { name: 'parity-model', alias: 'champion', version: '1' });
  await keep('version tag', 'POST', 'model-versions/set-tag', { name: 'parity-model', version: '1', key: 'validated', value: 'yes' });
  await keep('delete missing version tag', 'DELETE', 'model-versions/delete-tag', { name: 'parity-model', version: '1', key: 'never' });
  await keep('model tag', 'POST', 'registered-models/set-tag', { name: 'parity-model', key: 'owner', value: 'ana' });
  await keep('delete model tag again', 'DELETE', 'registered-models/delete-tag', { name: 'parity-model', key: 'team' });
  await keep('get registered', 'GET', 'registered-models/get?name=parity-model');
  await keep('search registered', 'GET', `registered-models/search?filter=${encodeURIComponent("name LIKE 'parity%'")}`);
  await keep('latest', 'GET', 'registered-models/get-latest-versions?name=parity-model');
  await keep('search versions', 'GET', `model-versions/search?filter=${encodeURIComponent("name = 'parity-model'")}`);
  await keep('get version', 'GET', 'model-versions/get?name=parity-model&version=1');
  await keep('download uri 1', 'GET', 'model-versions/get-download-uri?name=parity-model&version=1');
  await keep('download uri 2', 'GET', 'model-versions/get-download-uri?name=parity-model&version=2');
  await keep('logged model listing versions', 'GET', `logged-models/${models[0]}`);
  await keep('rename', 'POST', 'registered-models/rename', { name: 'parity-model', new_name: 'parity-renamed' });
  await keep('by alias after rename', 'GET', 'registered-models/alias?name=parity-renamed&alias=champion');
  await keep('delete model', 'DELETE', `logged-models/${models[1]}`);
  await keep('get deleted model', 'GET', `logged-models/${models[1]}`);
  return out;
}

describe('REST answers: our server and the real MLflow server agree', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-rest-parity-'));
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

  it('answers the same requests alike', async () => {
    const theirs = await run(async (method, api, body) => {
      const res = await fetch(`${mlflow.url}/api/2.0/mlflow/${api}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    }, pathToFileURL(path.join(root, 'artifacts')).href);
    const mine = await run(async (method, api, body) => {
      const answer = await ours.call(method, api, method === 'GET' ? undefined : (body ?? {}));
      return { status: answer.status, json: answer.json };
    }, pathToFileURL(path.join(ours.store.dir, 'artifacts')).href);
    assert.equal((theirs['outputs again'] as { status: number }).status, 400);
    assertSameFields(mine, theirs, 'answers', 'mlflow server');
  });
});

async function run(call: Call, artifactRoot: string): Promise<Record<string, unknown>> {
  const names = new Map<string, string>();
  const answers = await scenario(call, (id, label) => names.set(id, label));
  const text = (s: string) => {
    let out = s.split(artifactRoot).join('<artifacts>');
    for (const [id, label] of names) out = out.split(id).join(`<${label}>`);
    return out;
  };
  const normalize = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => normalize(x, key));
      // MLflow lists a run's model outputs and inputs by model id, and ids differ between servers.
      return key === 'model_outputs' || key === 'model_inputs' ? items.sort((x: any, y: any) => (x.model_id < y.model_id ? -1 : 1)) : items;
    }
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).map(([k, x]) => [k, normalize(x, k)] as const);
      // Error messages are ours to word; their codes and statuses must agree.
      return Object.fromEntries(entries.filter(([k]) => k !== 'message'));
    }
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' && /time/i.test(key) && v > 1_000_000_000_000 && v !== 1_700_000_000_000 && v !== 1_700_000_000_100) return '<time>';
    return v;
  };
  return normalize(answers, '') as Record<string, unknown>;
}
