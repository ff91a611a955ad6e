import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Metric, StoreEdits, TrackingStore } from '../../src/core/store/types';
import { rejectsWithCode } from './rejects';
import { loggedModelContract } from './loggedModelContract';
import { registryContract } from './registryContract';

// The store contract: what every TrackingStore backend (the embedded sql.js store, our REST client
// to our embedded server, our REST client to a real MLflow server) must answer alike. One store
// serves the whole suite; every test makes its own experiments, runs and models with a random
// suffix, and no assertion depends on a backend's ids, clock or entities other than its own.

export interface StoreUnderTest {
  store: TrackingStore & StoreEdits;
  cleanup(): Promise<void>;
}

const MAX_DOUBLE = Number.MAX_VALUE;

export function trackingStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`TrackingStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    const store = () => subject.store;
    before(async () => (subject = await makeStore()));
    after(async () => subject && (await subject.cleanup()));

    const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
    const newExperiment = async () => store().createExperiment(unique('contract'));
    const newRun = async (experimentId?: string, runName = unique('run')) => store().createRun({ experimentId: experimentId ?? (await newExperiment()), runName, startTime: 1_700_000_000_000 });
    const context = { store, unique, newExperiment, newRun };

    describe('experiments', () => {
      test('create, get by id and by name, with tags', async () => {
        const expName = unique('exp');
        const id = await store().createExperiment(expName, { tags: { team: 'churn', note: '<b>x</b>' } });
        assert.match(id, /^\d+$/);
        const byId = await store().getExperiment(id);
        assert.equal(byId.experimentId, id);
        assert.equal(byId.name, expName);
        assert.equal(byId.lifecycleStage, 'active');
        assert.deepEqual(byId.tags, { team: 'churn', note: '<b>x</b>' });
        assert.ok(byId.artifactLocation.length > 0);
        assert.ok(byId.creationTime > 0 && byId.lastUpdateTime >= byId.creationTime);
        assert.deepEqual(await store().getExperimentByName(expName), byId);
        assert.equal(await store().getExperimentByName(unique('absent')), undefined);
      });

      test('a second experiment with the same name is RESOURCE_ALREADY_EXISTS; an unknown id RESOURCE_DOES_NOT_EXIST', async () => {
        const expName = unique('exp');
        await store().createExperiment(expName);
        await rejectsWithCode(store().createExperiment(expName), 'RESOURCE_ALREADY_EXISTS');
        await rejectsWithCode(store().getExperiment('987654321'), 'RESOURCE_DOES_NOT_EXIST');
      });

      test('set a tag, overwrite it', async () => {
        const id = await newExperiment();
        await store().setExperimentTag(id, 'stage', 'dev');
        await store().setExperimentTag(id, 'stage', 'prod');
        assert.equal((await store().getExperiment(id)).tags.stage, 'prod');
      });

      test('delete hides it from active searches, restore brings it back', async () => {
        const id = await newExperiment();
        await store().deleteExperiment(id);
        assert.equal((await store().getExperiment(id)).lifecycleStage, 'deleted');
        assert.ok(!(await store().searchExperiments()).some((e) => e.experimentId === id));
        assert.ok((await store().searchExperiments({ viewType: 'DELETED_ONLY' })).some((e) => e.experimentId === id));
        assert.ok((await store().searchExperiments({ viewType: 'ALL' })).some((e) => e.experimentId === id));
        await store().restoreExperiment(id);
        assert.equal((await store().getExperiment(id)).lifecycleStage, 'active');
        assert.ok((await store().searchExperiments()).some((e) => e.experimentId === id));
      });
    });

    describe('runs', () => {
      test('create: name, experiment, status RUNNING, start time as given, no end time, tags', async () => {
        const experimentId = await newExperiment();
        const runName = unique('run');
        const info = await store().createRun({ experimentId, runName, startTime: 1_700_000_000_123, userId: 'ana', tags: { 'mlops.stage': 'train' } });
        assert.match(info.runId, /^[0-9a-f]{32}$/);
        assert.equal(info.runName, runName);
        assert.equal(info.experimentId, experimentId);
        assert.equal(info.status, 'RUNNING');
        assert.equal(info.startTime, 1_700_000_000_123);
        assert.equal(info.endTime, null);
        assert.equal(info.userId, 'ana');
        assert.equal(info.lifecycleStage, 'active');
        const run = await store().getRun(info.runId);
        assert.deepEqual(run.info, info);
        assert.equal(run.data.tags['mlflow.runName'], runName);
        assert.equal(run.data.tags['mlops.stage'], 'train');
        assert.deepEqual(run.data.params, {});
        assert.deepEqual(run.data.metrics, []);
      });

      test('update status and end time; rename', async () => {
        const { runId } = await newRun();
        const ended = await store().updateRun(runId, { status: 'FINISHED', endTime: 1_700_000_005_000 });
        assert.equal(ended.status, 'FINISHED');
        assert.equal(ended.endTime, 1_700_000_005_000);
        const renamed = unique('renamed');
        await store().updateRun(runId, { runName: renamed });
        const run = await store().getRun(runId);
        assert.equal(run.info.runName, renamed);
        assert.equal(run.data.tags['mlflow.runName'], renamed);
        assert.equal(run.info.status, 'FINISHED');
      });

      test('delete and restore', async () => {
        const { runId } = await newRun();
        await store().deleteRun(runId);
        assert.equal((await store().getRun(runId)).info.lifecycleStage, 'deleted');
        await store().restoreRun(runId);
        assert.equal((await store().getRun(runId)).info.lifecycleStage, 'active');
      });

      test('an unknown run is RESOURCE_DOES_NOT_EXIST', async () => {
        await rejectsWithCode(store().getRun('0123456789abcdef0123456789abcdef'), 'RESOURCE_DOES_NOT_EXIST');
      });

      test('params: logged once, the same value again is fine, another value is refused and changes nothing', async () => {
        const { runId } = await newRun();
        await store().logBatch(runId, { params: [{ key: 'lr', value: '0.1' }, { key: 'epochs', value: '10' }] });
        await store().logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] });
        await rejectsWithCode(store().logBatch(runId, { params: [{ key: 'lr', value: '0.2' }] }), 'INVALID_PARAMETER_VALUE');
        assert.deepEqual((await store().getRun(runId)).data.params, { epochs: '10', lr: '0.1' });
      });

      test('tags: set, overwrite, delete; deleting a missing tag is RESOURCE_DOES_NOT_EXIST', async () => {
        const { runId } = await newRun();
        await store().logBatch(runId, { tags: [{ key: 'owner', value: 'ana' }, { key: 'note', value: '<script>x</script>' }] });
        await store().logBatch(runId, { tags: [{ key: 'owner', value: 'ben' }] });
        let tags = (await store().getRun(runId)).data.tags;
        assert.equal(tags.owner, 'ben');
        assert.equal(tags.note, '<script>x</script>');
        await store().deleteTag(runId, 'owner');
        tags = (await store().getRun(runId)).data.tags;
        assert.equal(tags.owner, undefined);
        await rejectsWithCode(store().deleteTag(runId, 'never-set'), 'RESOURCE_DOES_NOT_EXIST');
      });

      test('dataset inputs', async () => {
        const { runId } = await newRun();
        await store().logInputs(runId, [
          { dataset: { name: 'churn-train', digest: 'abc123', sourceType: 'local', source: '{"uri": "data/train.csv"}' }, tags: { 'mlflow.data.context': 'training' } },
        ]);
        const [input, ...rest] = (await store().getRun(runId)).inputs.datasetInputs;
        assert.equal(rest.length, 0);
        assert.equal(input.dataset.name, 'churn-train');
        assert.equal(input.dataset.digest, 'abc123');
        assert.equal(input.dataset.sourceType, 'local');
        assert.equal(input.dataset.source, '{"uri": "data/train.csv"}');
        assert.deepEqual(input.tags, { 'mlflow.data.context': 'training' });
      });
    });

    describe('metrics', () => {
      test('history: every point, in step order, with values and timestamps', async () => {
        const { runId } = await newRun();
        const points: Metric[] = Array.from({ length: 10 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: 1_700_000_000_000 + step, step }));
        await store().logBatch(runId, { metrics: points });
        const history = await store().getMetricHistory(runId, 'loss');
        assert.equal(history.key, 'loss');
        assert.deepEqual([...history.steps], points.map((p) => p.step));
        assert.deepEqual([...history.values], points.map((p) => p.value));
        assert.deepEqual([...history.timestamps], points.map((p) => p.timestamp));
        const empty = await store().getMetricHistory(runId, 'never-logged');
        assert.equal(empty.values.length, 0);
      });

      test('a page of history: the points from an offset, at most a page size, in history order', async () => {
        const { runId } = await newRun();
        const points: Metric[] = Array.from({ length: 10 }, (_, step) => ({ key: 'loss', value: step, timestamp: 1_700_000_000_000 + step, step }));
        await store().logBatch(runId, { metrics: points });
        assert.deepEqual([...(await store().getMetricHistory(runId, 'loss', { offset: 0, maxResults: 4 })).steps], [0, 1, 2, 3]);
        assert.deepEqual([...(await store().getMetricHistory(runId, 'loss', { offset: 3, maxResults: 4 })).steps], [3, 4, 5, 6]);
        assert.deepEqual([...(await store().getMetricHistory(runId, 'loss', { offset: 8, maxResults: 4 })).values], [8, 9]);
      });

      test('a long history logged in one batch comes back whole', async () => {
        const { runId } = await newRun();
        const n = 2500;
        const points: Metric[] = Array.from({ length: n }, (_, step) => ({ key: 'acc', value: step / n, timestamp: 1_700_000_000_000 + step, step }));
        await store().logBatch(runId, { metrics: points });
        const history = await store().getMetricHistory(runId, 'acc');
        assert.equal(history.values.length, n);
        assert.equal(history.steps[n - 1], n - 1);
        assert.equal(history.values[n - 1], (n - 1) / n);
      });

      test('NaN stays NaN; ±Infinity reads back as ±max double', async () => {
        const { runId } = await newRun();
        const t = 1_700_000_000_000;
        await store().logBatch(runId, {
          metrics: [
            { key: 'nan', value: NaN, timestamp: t, step: 0 },
            { key: 'inf', value: Infinity, timestamp: t, step: 0 },
            { key: 'neg_inf', value: -Infinity, timestamp: t, step: 0 },
          ],
        });
        assert.ok(Number.isNaN((await store().getMetricHistory(runId, 'nan')).values[0]));
        assert.equal((await store().getMetricHistory(runId, 'inf')).values[0], MAX_DOUBLE);
        assert.equal((await store().getMetricHistory(runId, 'neg_inf')).values[0], -MAX_DOUBLE);
        const latest = Object.fromEntries((await store().getRun(runId)).data.metrics.map((m) => [m.key, m.value]));
        assert.ok(Number.isNaN(latest.nan));
        assert.equal(latest.inf, MAX_DOUBLE);
        assert.equal(latest.neg_inf, -MAX_DOUBLE);
      });

      test('the latest metric is the greatest step, then timestamp, whatever the logging order', async () => {
        const { runId } = await newRun();
        await store().logBatch(runId, { metrics: [{ key: 'auc', value: 0.7, timestamp: 1_700_000_000_100, step: 3 }] });
        await store().logBatch(runId, { metrics: [{ key: 'auc', value: 0.9, timestamp: 1_700_000_000_300, step: 2 }] });
        await store().logBatch(runId, { metrics: [{ key: 'auc', value: 0.8, timestamp: 1_700_000_000_200, step: 3 }] });
        const [auc, ...others] = (await store().getRun(runId)).data.metrics;
        assert.equal(others.length, 0);
        assert.deepEqual(auc, { key: 'auc', value: 0.8, timestamp: 1_700_000_000_200, step: 3 });
      });
    });

    describe('searchRuns', () => {
      let experimentId: string;
      const aucs = [0.61, 0.93, 0.72, 0.85, 0.55];
      const names: string[] = [];
      before(async () => {
        experimentId = await newExperiment();
        for (const [i, auc] of aucs.entries()) {
          const { runId } = await newRun(experimentId, `search-${i}`);
          names.push(`search-${i}`);
          await store().logBatch(runId, {
            params: [{ key: 'lr', value: i % 2 === 0 ? '0.1' : '0.01' }],
            metrics: [{ key: 'auc', value: auc, timestamp: 1_700_000_000_000, step: 0 }],
            tags: [{ key: 'parity', value: i % 2 === 0 ? 'even' : 'odd' }],
          });
        }
      });
      const runNames = (runs: { info: { runName: string } }[]) => runs.map((r) => r.info.runName);

      test('filter on metrics, params, tags and attributes', async () => {
        const search = async (filter: string) => runNames((await store().searchRuns({ experimentIds: [experimentId], filter })).items).sort();
        assert.deepEqual(await search('metrics.auc > 0.8'), ['search-1', 'search-3']);
        assert.deepEqual(await search("params.lr = '0.1'"), ['search-0', 'search-2', 'search-4']);
        assert.deepEqual(await search("tags.parity = 'odd' AND metrics.auc < 0.9"), ['search-3']);
        assert.deepEqual(await search("attributes.run_name = 'search-2'"), ['search-2']);
        assert.deepEqual(await search("params.lr = 'none'"), []);
      });

      test('order by a metric, both ways', async () => {
        const desc = await store().searchRuns({ experimentIds: [experimentId], orderBy: ['metrics.auc DESC'] });
        assert.deepEqual(runNames(desc.items), ['search-1', 'search-3', 'search-2', 'search-0', 'search-4']);
        const asc = await store().searchRuns({ experimentIds: [experimentId], orderBy: ['metrics.auc ASC'] });
        assert.deepEqual(runNames(asc.items), ['search-4', 'search-0', 'search-2', 'search-3', 'search-1']);
      });

      test('pages: every run once, in order, no token after the last page', async () => {
        const seen: string[] = [];
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const page = await store().searchRuns({ experimentIds: [experimentId], orderBy: ['metrics.auc DESC'], maxResults: 2, pageToken });
          assert.ok(page.items.length <= 2);
          seen.push(...runNames(page.items));
          pageToken = page.nextPageToken;
          pages++;
        } while (pageToken && pages < 10);
        assert.equal(pages, 3);
        assert.deepEqual(seen, ['search-1', 'search-3', 'search-2', 'search-0', 'search-4']);
      });

      test('deleted runs only with the matching view type', async () => {
        const { runId } = await newRun(experimentId, 'search-deleted');
        await store().deleteRun(runId);
        const active = await store().searchRuns({ experimentIds: [experimentId] });
        assert.ok(!active.items.some((r) => r.info.runId === runId));
        const deleted = await store().searchRuns({ experimentIds: [experimentId], viewType: 'DELETED_ONLY' });
        assert.deepEqual(deleted.items.map((r) => r.info.runId), [runId]);
        const all = await store().searchRuns({ experimentIds: [experimentId], viewType: 'ALL' });
        assert.equal(all.items.length, aucs.length + 1);
      });

      test('results carry params, latest metrics and tags', async () => {
        const { items } = await store().searchRuns({ experimentIds: [experimentId], filter: "attributes.run_name = 'search-1'" });
        assert.equal(items.length, 1);
        assert.deepEqual(items[0].data.params, { lr: '0.01' });
        assert.deepEqual(items[0].data.metrics.map((m) => [m.key, m.value]), [['auc', 0.93]]);
        assert.equal(items[0].data.tags.parity, 'odd');
      });

      test('a malformed filter is refused', async () => {
        await assert.rejects(store().searchRuns({ experimentIds: [experimentId], filter: 'metrics.auc >> 1' }));
      });
    });

    describe('model registry', () => {
      test('registered model: create with description and tags, get, duplicate, delete', async () => {
        const model = unique('model');
        const created = await store().createRegisteredModel(model, { description: 'churn classifier', tags: { team: 'growth' } });
        assert.equal(created.name, model);
        assert.equal(created.description, 'churn classifier');
        assert.deepEqual(created.tags, { team: 'growth' });
        assert.deepEqual(created.aliases, {});
        assert.ok(created.creationTime > 0);
        const got = await store().getRegisteredModel(model);
        assert.equal(got.name, model);
        assert.equal(got.description, 'churn classifier');
        await rejectsWithCode(store().createRegisteredModel(model), 'RESOURCE_ALREADY_EXISTS');
        await store().deleteRegisteredModel(model);
        await rejectsWithCode(store().getRegisteredModel(model), 'RESOURCE_DOES_NOT_EXIST');
      });

      test('versions are numbered from 1, listed newest first, tied to their run', async () => {
        const model = unique('model');
        await store().createRegisteredModel(model);
        const { runId } = await newRun();
        for (let i = 1; i <= 3; i++) {
          const v = await store().createModelVersion({ name: model, source: `runs:/${runId}/model-${i}`, runId, description: `v${i}`, tags: { n: String(i) } });
          assert.equal(v.version, String(i));
          assert.equal(v.currentStage, 'None');
          assert.equal(v.status, 'READY');
        }
        const v2 = await store().getModelVersion(model, '2');
        assert.equal(v2.name, model);
        assert.equal(v2.source, `runs:/${runId}/model-2`);
        assert.equal(v2.runId, runId);
        assert.equal(v2.description, 'v2');
        assert.deepEqual(v2.tags, { n: '2' });
        assert.deepEqual(v2.aliases, []);
        assert.deepEqual((await store().searchModelVersions({ name: model })).map((v) => v.version), ['3', '2', '1']);
        await rejectsWithCode(store().getModelVersion(model, '9'), 'RESOURCE_DOES_NOT_EXIST');
        assert.deepEqual(await store().searchModelVersions({ name: unique('no-such-model') }), []);
      });

      test('stages: transition, and archive the previous holder when asked', async () => {
        const model = unique('model');
        await store().createRegisteredModel(model);
        const { runId } = await newRun();
        await store().createModelVersion({ name: model, source: `runs:/${runId}/a`, runId });
        await store().createModelVersion({ name: model, source: `runs:/${runId}/b`, runId });
        assert.equal((await store().transitionModelVersionStage(model, '1', 'Staging')).currentStage, 'Staging');
        assert.equal((await store().transitionModelVersionStage(model, '1', 'Production')).currentStage, 'Production');
        assert.equal((await store().transitionModelVersionStage(model, '2', 'Production', true)).currentStage, 'Production');
        assert.equal((await store().getModelVersion(model, '1')).currentStage, 'Archived');
        await rejectsWithCode(store().transitionModelVersionStage(model, '2', 'Shipped' as never), 'INVALID_PARAMETER_VALUE');
      });

      test('aliases: set, move, resolve, delete', async () => {
        const model = unique('model');
        await store().createRegisteredModel(model);
        const { runId } = await newRun();
        await store().createModelVersion({ name: model, source: `runs:/${runId}/a`, runId });
        await store().createModelVersion({ name: model, source: `runs:/${runId}/b`, runId });
        await store().setRegisteredModelAlias(model, 'champion', '1');
        await store().setRegisteredModelAlias(model, 'challenger', '2');
        assert.equal((await store().getModelVersionByAlias(model, 'champion')).version, '1');
        assert.deepEqual((await store().getRegisteredModel(model)).aliases, { champion: '1', challenger: '2' });
        await store().setRegisteredModelAlias(model, 'champion', '2');
        assert.deepEqual((await store().getModelVersion(model, '2')).aliases, ['challenger', 'champion']);
        assert.deepEqual((await store().getModelVersion(model, '1')).aliases, []);
        assert.deepEqual((await store().searchModelVersions({ name: model })).map((v) => [v.version, v.aliases]), [['2', ['challenger', 'champion']], ['1', []]]);
        await store().deleteRegisteredModelAlias(model, 'challenger');
        assert.deepEqual((await store().getRegisteredModel(model)).aliases, { champion: '2' });
        await rejectsWithCode(store().getModelVersionByAlias(model, 'challenger'), 'INVALID_PARAMETER_VALUE'); // MLflow's code for an unknown alias
        await rejectsWithCode(store().setRegisteredModelAlias(model, 'champion', '7'), 'RESOURCE_DOES_NOT_EXIST');
        await rejectsWithCode(store().getModelVersionByAlias(unique('no-such-model'), 'champion'), 'RESOURCE_DOES_NOT_EXIST');
      });

      test('search registered models: pages in name order, each model once', async () => {
        const prefix = unique('paged');
        for (const suffix of ['c', 'a', 'b']) await store().createRegisteredModel(`${prefix}-${suffix}`);
        const seen: string[] = [];
        let pageToken: string | undefined;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await store().searchRegisteredModels({ maxResults: 2, pageToken });
          assert.ok(page.items.length <= 2);
          seen.push(...page.items.map((m) => m.name));
          pageToken = page.nextPageToken;
          if (!pageToken) break;
        }
        assert.equal(pageToken, undefined);
        assert.equal(new Set(seen).size, seen.length);
        assert.deepEqual(seen.filter((n) => n.startsWith(prefix)), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
        assert.deepEqual(seen, [...seen].sort());
      });
    });

    describe('logged models', () => {
      test('create pending with params and tags, finalize ready', async () => {
        const experimentId = await newExperiment();
        const { runId } = await newRun(experimentId);
        const created = await store().createLoggedModel({ experimentId, name: 'churn-model', sourceRunId: runId, modelType: 'sklearn', params: { C: '1.0' }, tags: { flavor: 'sklearn' } });
        assert.match(created.modelId, /^m-/);
        assert.equal(created.experimentId, experimentId);
        assert.equal(created.name, 'churn-model');
        assert.equal(created.sourceRunId, runId);
        assert.equal(created.modelType, 'sklearn');
        assert.equal(created.status, 'PENDING');
        assert.deepEqual(created.params, { C: '1.0' });
        assert.equal(created.tags.flavor, 'sklearn');
        const ready = await store().finalizeLoggedModel(created.modelId, 'READY');
        assert.equal(ready.status, 'READY');
        assert.equal((await store().getLoggedModel(created.modelId)).status, 'READY');
        await rejectsWithCode(store().getLoggedModel('m-0123456789abcdef0123456789abcdef'), 'RESOURCE_DOES_NOT_EXIST');
      });
    });

    registryContract(context);
    loggedModelContract(context);
  });
}
