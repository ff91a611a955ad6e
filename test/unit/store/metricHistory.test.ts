import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import { loadStore } from '../../../src/core/store/loadStore';
import { readMetricHistory } from '../../../src/core/store/metricHistory';
import type { SqlRunner } from '../../../src/core/store/sqlRunner';
import type { Metric, MetricHistory } from '../../../src/core/store/types';
import { seededRandom, type Random } from '../../fixtures/random';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// readMetricHistory against MLflow's own statement (sqlalchemy_store.get_metric_history:
// ORDER BY timestamp, step, value), whole and in pages, on histories logged in time order and out
// of it; and pages that stay true to the store when it is written between them.

const MLFLOW_ORDER = 'SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value';

function mlflowHistory(sql: SqlRunner, runId: string, key: string): number[][] {
  return sql.rows<[number, number, number, number]>(MLFLOW_ORDER, [runId, key]).map(([step, timestamp, value, isNan]) => [step, timestamp, isNan ? NaN : value]);
}

function points(h: MetricHistory): number[][] {
  return [...h.steps].map((step, i) => [step, h.timestamps[i], h.values[i]]);
}

// No 0 among the values: NaN is stored as 0, and a NaN and a 0 at the same (timestamp, step) tie in
// MLflow's order, which then leaves them in no particular order.
const SPECIAL = [NaN, Infinity, -Infinity, Number.MAX_VALUE, -1e-300];

function randomPoints(random: Random, key: string, n: number, inTimeOrder: boolean): Metric[] {
  const out: Metric[] = [];
  for (let i = 0; i < n; i++) {
    const step = inTimeOrder ? i - 5 : random.int(-3, 20);
    const timestamp = inTimeOrder ? 1_700_000_000_000 + i * 10 + random.int(0, 9) : 1_700_000_000_000 + random.int(0, 15);
    out.push({ key, step, timestamp, value: random.chance(0.2) ? random.pick(SPECIAL) : random.pick([1, 2, 3.5, -7, random.next() + 0.01]) });
  }
  return out;
}

describe('metric history order and pages', () => {
  const { dir, cleanup } = tempStoreDir('mlops-history-');
  let sql: SqlRunner;
  const histories: { runId: string; key: string }[] = [];

  before(async () => {
    const store = await openEmbeddedStore(dir);
    const random = seededRandom(777);
    for (let r = 0; r < 6; r++) {
      const { runId } = await store.createRun({ experimentId: '0' });
      for (const [key, inTimeOrder] of [['loss', r % 2 === 0], ['acc', false], ['lr', true]] as const) {
        const metrics = randomPoints(random, key, random.int(1, 300), inTimeOrder);
        for (let i = 0; i < metrics.length; i += 100) await store.logBatch(runId, { metrics: metrics.slice(i, i + 100) });
        histories.push({ runId, key });
      }
    }
    await store.close();
    sql = (await loadStore(dir)).sql;
  });

  after(() => {
    sql?.db.close();
    cleanup();
  });

  test('the whole history is in MLflow\'s order, NaN and ±max double as MLflow reads them', () => {
    let outOfStepOrder = 0;
    for (const { runId, key } of histories) {
      const h = readMetricHistory(sql, runId, key);
      assert.deepEqual(points(h), mlflowHistory(sql, runId, key), `${runId} ${key}`);
      if (h.steps.some((s, i) => i > 0 && s < h.steps[i - 1])) outOfStepOrder++;
    }
    assert.ok(outOfStepOrder > 0, 'some histories must need sorting');
    assert.ok(histories.some(({ runId, key }) => readMetricHistory(sql, runId, key).values.some(Number.isNaN)));
  });

  test('pages put together are the whole history, kept between pages or not', () => {
    for (const { runId, key } of histories) {
      const expected = mlflowHistory(sql, runId, key);
      for (const size of [1, 7, 100, 1000]) {
        for (const version of [undefined, 1]) {
          const got: number[][] = [];
          for (let offset = 0; offset <= expected.length; offset += size) got.push(...points(readMetricHistory(sql, runId, key, { offset, maxResults: size }, version)));
          assert.deepEqual(got, expected, `${runId} ${key} pages of ${size}, version ${version}`);
        }
      }
      assert.equal(readMetricHistory(sql, runId, key, { offset: expected.length + 5, maxResults: 10 }, 1).values.length, 0);
    }
  });

  test('two metrics paged in turn do not mix', () => {
    const [a, b] = histories;
    const pageA = readMetricHistory(sql, a.runId, a.key, { offset: 0, maxResults: 3 }, 1);
    const pageB = readMetricHistory(sql, b.runId, b.key, { offset: 0, maxResults: 3 }, 1);
    const nextA = readMetricHistory(sql, a.runId, a.key, { offset: 3, maxResults: 3 }, 1);
    assert.deepEqual([...points(pageA), ...points(nextA)], mlflowHistory(sql, a.runId, a.key).slice(0, 6));
    assert.deepEqual(points(pageB), mlflowHistory(sql, b.runId, b.key).slice(0, 3));
  });
});

describe('history pages while the store is written', () => {
  const { dir, cleanup } = tempStoreDir('mlops-history-writes-');
  let store: EmbeddedStore;
  before(async () => (store = await openEmbeddedStore(dir)));
  after(async () => {
    await store.close();
    cleanup();
  });

  test('a page read after a write reflects the write, as MLflow\'s offset pages do', async () => {
    const { runId } = await store.createRun({ experimentId: '0' });
    const logged = (first: number, n: number): Metric[] => Array.from({ length: n }, (_, i) => ({ key: 'loss', value: first + i, timestamp: 1000 + first + i, step: first + i }));
    await store.logBatch(runId, { metrics: logged(100, 30) });
    const first = await store.getMetricHistory(runId, 'loss', { offset: 0, maxResults: 10 });
    assert.deepEqual([...first.steps], logged(100, 10).map((m) => m.step));
    await store.logBatch(runId, { metrics: logged(0, 5) }); // earlier points: they come first
    const second = await store.getMetricHistory(runId, 'loss', { offset: 10, maxResults: 10 });
    const whole = await store.getMetricHistory(runId, 'loss');
    assert.deepEqual([...second.steps], [...whole.steps.slice(10, 20)]);
    assert.deepEqual([...second.steps], [105, 106, 107, 108, 109, 110, 111, 112, 113, 114]);
  });
});
