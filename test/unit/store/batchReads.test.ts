import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readRuns } from '../../../src/core/store/batchReads';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { loadStore } from '../../../src/core/store/loadStore';
import { readRun } from '../../../src/core/store/reads';
import type { SqlRunner } from '../../../src/core/store/sqlRunner';
import type { Metric } from '../../../src/core/store/types';
import { seededRandom } from '../../fixtures/random';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// readRuns must answer what readRun answers, run by run: compared as values and as JSON text, so a
// field readRun gains (or an order it changes) that readRuns lacks fails here.

describe('readRuns (search results read in set queries)', () => {
  const { dir, cleanup } = tempStoreDir('mlops-batch-reads-');
  let sql: SqlRunner;
  const ids: string[] = [];

  before(async () => {
    const store = await openEmbeddedStore(dir);
    const random = seededRandom(4242);
    const experiments = [await store.createExperiment('a'), await store.createExperiment('b')];
    const specials = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, 1e-300];
    for (let i = 0; i < 40; i++) {
      const run = await store.createRun({ experimentId: random.pick(experiments), runName: i % 7 === 0 ? undefined : `run-${i}`, tags: i % 3 ? { team: `t${i % 4}`, 'z.last': 'z' } : undefined });
      ids.push(run.runId);
      const metrics: Metric[] = [];
      for (let k = 0; k < random.int(0, 5); k++) {
        for (let step = -2; step < random.int(-1, 4); step++) {
          const value = random.chance(0.3) ? random.pick(specials) : random.next() * 10 - 5;
          metrics.push({ key: random.pick(['loss', 'acc', 'f1', 'val/loss', 'B', '10']), value, timestamp: 1_700_000_000_000 + random.int(0, 5), step });
        }
      }
      const params = random.chance(0.8) ? ['lr', 'batch', 'Opt', '2', 'ü'].filter(() => random.chance(0.6)).map((key) => ({ key, value: random.pick(['0.1', '', 'adam', 'x'.repeat(300)]) })) : [];
      if (metrics.length + params.length > 0) await store.logBatch(run.runId, { metrics, params, tags: [{ key: 'note', value: random.pick(['', 'a', '"quoted"\n']) }] });
      if (random.chance(0.4)) {
        await store.logInputs(run.runId, [
          { dataset: { name: 'train', digest: `d${i}`, sourceType: 'local', source: '{"uri":"data/train.csv"}', schema: '{"a":1}' }, tags: { 'mlflow.data.context': 'training', b: '1' } },
          { dataset: { name: random.pick(['eval', 'aaa']), digest: 'e1', sourceType: 'http', source: '{}', profile: '{"rows":3}' }, tags: {} },
        ]);
      }
      if (random.chance(0.3)) {
        const experimentId = (await store.getRun(run.runId)).info.experimentId;
        const models = [await store.createLoggedModel({ experimentId, name: `m${i}` }), await store.createLoggedModel({ experimentId, name: `n${i}` })];
        await store.logOutputs(run.runId, [{ modelId: models[1].modelId, step: 3 }, { modelId: models[0].modelId, step: 0 }]);
      }
      if (random.chance(0.2)) await store.updateRun(run.runId, { status: 'FINISHED', endTime: 1_700_000_001_000 });
      if (random.chance(0.2)) await store.deleteRun(run.runId);
    }
    await store.close();
    sql = (await loadStore(dir)).sql;
  });

  after(() => {
    sql?.db.close();
    cleanup();
  });

  test('answers what readRun answers for every id, in the order asked', () => {
    const order = [...ids].reverse();
    const expected = order.map((id) => readRun(sql, id)!);
    const got = readRuns(sql, order);
    assert.deepEqual(got, expected);
    assert.equal(JSON.stringify(got), JSON.stringify(expected));
  });

  test('the seeded runs cover what the comparison must see', () => {
    const runs = readRuns(sql, ids);
    const values = runs.flatMap((r) => r.data.metrics.map((m) => m.value));
    assert.ok(values.some(Number.isNaN), 'a NaN latest metric');
    assert.ok(values.includes(Number.MAX_VALUE) && values.includes(-Number.MAX_VALUE), '±inf latest metrics');
    assert.ok(runs.some((r) => r.info.lifecycleStage === 'deleted'), 'a deleted run');
    assert.ok(runs.some((r) => r.inputs.datasetInputs.length === 2), 'a run with dataset inputs');
    assert.ok(runs.some((r) => r.outputs.modelOutputs.length === 2), 'a run with logged model outputs');
    assert.ok(runs.some((r) => Object.keys(r.data.params).length === 0), 'a run without params');
    assert.ok(runs.some((r) => r.info.endTime !== null), 'a finished run');
  });

  test('a subset, a single run and no runs', () => {
    const some = ids.filter((_, i) => i % 3 === 1);
    assert.deepEqual(readRuns(sql, some), some.map((id) => readRun(sql, id)));
    assert.deepEqual(readRuns(sql, [ids[5]]), [readRun(sql, ids[5])]);
    assert.deepEqual(readRuns(sql, []), []);
  });

  test('a repeated id gives its run again', () => {
    const asked = [ids[3], ids[1], ids[3]];
    assert.deepEqual(readRuns(sql, asked), asked.map((id) => readRun(sql, id)));
  });

  test('an id that names no run is an error, not a hole', () => {
    assert.throws(() => readRuns(sql, [ids[0], 'f'.repeat(32)]), /no run with id 'f{32}'/);
  });
});
