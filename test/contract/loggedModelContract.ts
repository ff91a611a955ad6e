import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LoggedModel } from '../../src/core/store/types';
import { rejectsWithCode, type ContractContext } from './rejects';

// MLflow 3's logged models in the store contract: runs' model outputs and inputs, metrics linked
// to a model, search (filter, order, pages), tags, params, deletion. Expectations are MLflow
// 3.17.2's answers (backend (c) proves it).

export function loggedModelContract({ store, newExperiment, newRun }: ContractContext): void {
  describe('logged models and run outputs', () => {
    test('a run lists the models it output, in get and in search; the same output twice is refused', async () => {
      const experimentId = await newExperiment();
      const run = await newRun(experimentId, 'producer');
      const a = await store().createLoggedModel({ experimentId, name: 'a', sourceRunId: run.runId });
      const b = await store().createLoggedModel({ experimentId, name: 'b', sourceRunId: run.runId });
      await store().logOutputs(run.runId, [{ modelId: a.modelId, step: 0 }]);
      await store().logOutputs(run.runId, [{ modelId: b.modelId, step: 3 }]);
      // Ordered by model id, as MLflow reads them through the inputs table's key.
      const expected = [{ modelId: a.modelId, step: 0 }, { modelId: b.modelId, step: 3 }].sort((x, y) => (x.modelId < y.modelId ? -1 : 1));
      assert.deepEqual((await store().getRun(run.runId)).outputs.modelOutputs, expected);
      const [found] = (await store().searchRuns({ experimentIds: [experimentId] })).items;
      assert.deepEqual(found.outputs.modelOutputs, expected);
      const plain = await newRun(experimentId);
      assert.deepEqual((await store().getRun(plain.runId)).outputs.modelOutputs, []);
      await rejectsWithCode(store().logOutputs(run.runId, [{ modelId: a.modelId, step: 5 }]), 'BAD_REQUEST');
      await rejectsWithCode(store().logOutputs('0123456789abcdef0123456789abcdef', [{ modelId: a.modelId, step: 0 }]), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('model inputs show in get, not in search', async () => {
      const experimentId = await newExperiment();
      const run = await newRun(experimentId);
      const model = await store().createLoggedModel({ experimentId, name: 'used' });
      await store().logInputs(run.runId, [], [model.modelId]);
      assert.deepEqual((await store().getRun(run.runId)).inputs.modelInputs, [{ modelId: model.modelId }]);
      const [found] = (await store().searchRuns({ experimentIds: [experimentId] })).items;
      assert.equal(found.inputs.modelInputs, undefined);
    });

    test('metrics logged with a model id belong to the model too', async () => {
      const experimentId = await newExperiment();
      const run = await newRun(experimentId);
      const model = await store().createLoggedModel({ experimentId, name: 'scored', sourceRunId: run.runId });
      await store().logBatch(run.runId, {
        metrics: [
          { key: 'auc', value: 0.91, timestamp: 1_700_000_000_000, step: 2, modelId: model.modelId, datasetName: 'holdout', datasetDigest: 'abc' },
          { key: 'loss', value: 0.3, timestamp: 1_700_000_000_001, step: 2 },
        ],
      });
      const got = await store().getLoggedModel(model.modelId);
      assert.deepEqual(got.metrics, [
        { key: 'auc', value: 0.91, timestamp: 1_700_000_000_000, step: 2, modelId: model.modelId, runId: run.runId, datasetName: 'holdout', datasetDigest: 'abc' },
      ]);
      assert.deepEqual((await store().getRun(run.runId)).data.metrics.map((m) => [m.key, m.value]), [['auc', 0.91], ['loss', 0.3]]);
    });

    test('tags: set several, overwrite, delete one; deleting a missing tag is RESOURCE_DOES_NOT_EXIST', async () => {
      const experimentId = await newExperiment();
      const model = await store().createLoggedModel({ experimentId, name: 'tagged', tags: { a: '1' } });
      await store().setLoggedModelTags(model.modelId, { a: '2', b: '<i>x</i>' });
      assert.deepEqual((await store().getLoggedModel(model.modelId)).tags, { a: '2', b: '<i>x</i>' });
      await store().deleteLoggedModelTag(model.modelId, 'a');
      assert.deepEqual((await store().getLoggedModel(model.modelId)).tags, { b: '<i>x</i>' });
      await rejectsWithCode(store().deleteLoggedModelTag(model.modelId, 'a'), 'RESOURCE_DOES_NOT_EXIST');
      await rejectsWithCode(store().setLoggedModelTags('m-0123456789abcdef0123456789abcdef', { a: '1' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('params: added after creation; a param already there is refused', async () => {
      const experimentId = await newExperiment();
      const model = await store().createLoggedModel({ experimentId, name: 'params', params: { C: '1.0' } });
      await store().logLoggedModelParams(model.modelId, { solver: 'lbfgs', max_iter: '200' });
      assert.deepEqual((await store().getLoggedModel(model.modelId)).params, { C: '1.0', max_iter: '200', solver: 'lbfgs' });
      await rejectsWithCode(store().logLoggedModelParams(model.modelId, { C: '2.0' }), 'BAD_REQUEST');
      assert.equal((await store().getLoggedModel(model.modelId)).params.C, '1.0');
    });

    test('delete: get and search no longer find it', async () => {
      const experimentId = await newExperiment();
      const model = await store().createLoggedModel({ experimentId, name: 'doomed' });
      await store().deleteLoggedModel(model.modelId);
      await rejectsWithCode(store().getLoggedModel(model.modelId), 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual((await store().searchLoggedModels({ experimentIds: [experimentId] })).items, []);
      await rejectsWithCode(store().deleteLoggedModel('m-0123456789abcdef0123456789abcdef'), 'RESOURCE_DOES_NOT_EXIST');
    });

    describe('search', () => {
      let experimentId: string;
      const names = (models: LoggedModel[]) => models.map((m) => m.name);
      before(async () => {
        experimentId = await newExperiment();
        const run = await newRun(experimentId);
        for (const [name, auc, c] of [['low', 0.61, '0.1'], ['high', 0.93, '1.0'], ['mid', 0.8, '1.0'], ['none', undefined, '0.5']] as const) {
          const model = await store().createLoggedModel({ experimentId, name, params: { C: c }, tags: { family: name === 'none' ? 'tree' : 'linear' } });
          if (auc !== undefined) await store().logBatch(run.runId, { metrics: [{ key: 'auc', value: auc, timestamp: 1_700_000_000_000, step: 0, modelId: model.modelId }] });
        }
        await store().createLoggedModel({ experimentId: await newExperiment(), name: 'elsewhere' });
      });

      test('newest first by default (then by id), only the experiments asked for', async () => {
        const { items } = await store().searchLoggedModels({ experimentIds: [experimentId] });
        assert.deepEqual(names(items).sort(), ['high', 'low', 'mid', 'none']);
        const expected = [...items].sort((x, y) => y.creationTime - x.creationTime || (x.modelId < y.modelId ? -1 : 1));
        assert.deepEqual(names(items), names(expected));
      });

      test('filter on name, params, tags and metrics', async () => {
        const search = async (filter: string) => names((await store().searchLoggedModels({ experimentIds: [experimentId], filter })).items).sort();
        assert.deepEqual(await search("name = 'mid'"), ['mid']);
        assert.deepEqual(await search("params.C = '1.0'"), ['high', 'mid']);
        assert.deepEqual(await search("tags.family = 'tree'"), ['none']);
        assert.deepEqual(await search('metrics.auc > 0.7'), ['high', 'mid']);
        assert.deepEqual(await search("metrics.auc > 0.7 AND params.C = '1.0' AND name != 'mid'"), ['high']);
        assert.deepEqual(await search("name LIKE 'm%'"), ['mid']);
        assert.deepEqual(await search("name IN ('low', 'none')"), ['low', 'none']);
      });

      test('order by a metric (models without it last), both ways, and by name', async () => {
        const order = async (fieldName: string, ascending: boolean) => names((await store().searchLoggedModels({ experimentIds: [experimentId], orderBy: [{ fieldName, ascending }] })).items);
        assert.deepEqual(await order('metrics.auc', false), ['high', 'mid', 'low', 'none']);
        assert.deepEqual(await order('metrics.auc', true), ['low', 'mid', 'high', 'none']);
        assert.deepEqual(await order('name', true), ['high', 'low', 'mid', 'none']);
      });

      test('pages: every model once, no token after the last page', async () => {
        const seen: string[] = [];
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const page = await store().searchLoggedModels({ experimentIds: [experimentId], orderBy: [{ fieldName: 'name', ascending: true }], maxResults: 3, pageToken });
          seen.push(...names(page.items));
          pageToken = page.nextPageToken;
          pages++;
        } while (pageToken && pages < 10);
        assert.deepEqual([pages, seen], [2, ['high', 'low', 'mid', 'none']]);
      });

      test('a malformed filter is INVALID_PARAMETER_VALUE', async () => {
        await rejectsWithCode(store().searchLoggedModels({ experimentIds: [experimentId], filter: "metrics.auc LIKE '0.5'" }), 'INVALID_PARAMETER_VALUE');
      });
    });
  });
}
