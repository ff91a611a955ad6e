import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileRunSearch } from '../../../src/core/search/toSql';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import { loadStore } from '../../../src/core/store/loadStore';
import { searchRunIds } from '../../../src/core/store/runSearchPages';
import type { SqlRunner } from '../../../src/core/store/sqlRunner';
import { seededRandom } from '../../fixtures/random';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// Pages of a run search served from a kept window of ids must be what the search's own query
// answers for each page (LIMIT/OFFSET, as MLflow pages), whatever the window and page sizes.

const QUERIES = [
  { filter: 'metrics.loss < 0.7', orderBy: ['metrics.acc DESC'] },
  { filter: "params.opt != 'sgd'", orderBy: ['params.opt', 'attributes.start_time'] },
  { orderBy: [] },
];

describe('run search pages', () => {
  const { dir, cleanup } = tempStoreDir('mlops-search-pages-');
  let sql: SqlRunner;
  let experimentId = '';

  before(async () => {
    const store = await openEmbeddedStore(dir);
    experimentId = await store.createExperiment('pages');
    const random = seededRandom(31);
    for (let i = 0; i < 40; i++) {
      const { runId } = await store.createRun({ experimentId, runName: `r${i}`, startTime: 1_700_000_000_000 + random.int(0, 5) });
      await store.logBatch(runId, {
        metrics: [{ key: 'loss', value: random.next(), timestamp: 1, step: 0 }, ...(i % 5 ? [{ key: 'acc', value: random.pick([0.5, 0.7, NaN]), timestamp: 1, step: 0 }] : [])],
        params: [{ key: 'opt', value: random.pick(['adam', 'sgd', 'adamw']) }],
      });
    }
    await store.close();
    sql = (await loadStore(dir)).sql;
  });

  after(() => {
    sql?.db.close();
    cleanup();
  });

  function pageByQuery(query: (typeof QUERIES)[number], offset: number, count: number): string[] {
    const { sql: text, params } = compileRunSearch({ experimentIds: [experimentId], ...query, maxResults: count, offset });
    return sql.rows<[string]>(text, params).map(([id]) => id);
  }

  test('every page equals the query\'s own page, for windows smaller and larger than the results', () => {
    for (const query of QUERIES) {
      for (const window of [1, 7, 10_000]) {
        for (const size of [1, 3, 11, 100]) {
          for (let offset = 0; offset <= 45; offset += size) {
            // `size + 1`, as the store asks: one more than the page tells whether another follows.
            const got = searchRunIds(sql, { experimentIds: [experimentId], ...query }, offset, size + 1, 1, window);
            assert.deepEqual(got, pageByQuery(query, offset, size + 1), `${JSON.stringify(query)} window ${window} pages of ${size} at ${offset}`);
          }
        }
      }
    }
  });

  test('a page far past the kept window is read, not taken for the end of the results', () => {
    const [query] = QUERIES;
    const all = pageByQuery(query, 0, 100);
    for (const window of [4, 5, 6]) {
      assert.deepEqual(searchRunIds(sql, { experimentIds: [experimentId], ...query }, 0, 2, 1, window), all.slice(0, 2));
      assert.deepEqual(searchRunIds(sql, { experimentIds: [experimentId], ...query }, 20, 3, 1, window), all.slice(20, 23));
    }
  });

  test('another search or another version is not served from the kept window', () => {
    const [a, b] = QUERIES;
    searchRunIds(sql, { experimentIds: [experimentId], ...a }, 0, 5, 7);
    assert.deepEqual(searchRunIds(sql, { experimentIds: [experimentId], ...b }, 5, 5, 7), pageByQuery(b, 5, 5));
    assert.deepEqual(searchRunIds(sql, { experimentIds: [experimentId], ...b, filter: "params.opt != 'adam'" }, 5, 5, 7), pageByQuery({ ...b, filter: "params.opt != 'adam'" }, 5, 5));
  });
});

describe('run search pages while the store is written', () => {
  const { dir, cleanup } = tempStoreDir('mlops-search-writes-');
  let store: EmbeddedStore;
  before(async () => (store = await openEmbeddedStore(dir)));
  after(async () => {
    await store.close();
    cleanup();
  });

  test('a page after a write reflects the write, as MLflow\'s offset pages do', async () => {
    const experimentId = await store.createExperiment('writes');
    for (let i = 0; i < 6; i++) await store.createRun({ experimentId, runName: `r${i}`, startTime: 1000 + i });
    const query = { experimentIds: [experimentId], orderBy: ['attributes.start_time DESC'], maxResults: 3 };
    const first = await store.searchRuns(query);
    assert.deepEqual(first.items.map((r) => r.info.runName), ['r5', 'r4', 'r3']);
    await store.createRun({ experimentId, runName: 'newest', startTime: 2000 });
    const second = await store.searchRuns({ ...query, pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((r) => r.info.runName), ['r3', 'r2', 'r1']);
  });
});
