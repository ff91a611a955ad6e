// Paging through a search's runs on a real embedded store. A filter with OR, split into AND-only
// searches as on an MLflow server and merged, must give the runs the store gives for the whole
// filter, in the same order, page after page; and MLflow's order over runs already read must be the
// store's order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { Run } from '../../../src/core/store/types';
import { runComparator } from '../../../src/vscode/runs/runOrder';
import { RunPager, type RunSearchSpec } from '../../../src/vscode/runs/runPager';
import { groupRuns } from '../../../src/vscode/runs/runRows';
import { seedRuns, type SeedRun } from '../../fixtures/runsSeed';
import { seededRandom } from '../../fixtures/random';
import { tempStoreDir } from '../../fixtures/store/tempStore';

const t0 = Date.UTC(2026, 10, 1);

describe('run pager', () => {
  const { dir, cleanup } = tempStoreDir();
  let store: EmbeddedStore;
  let experimentId = '';

  before(async () => {
    store = await openEmbeddedStore(dir);
    experimentId = await store.createExperiment('paging');
    const random = seededRandom(61);
    const runs: SeedRun[] = Array.from({ length: 260 }, (_, i) => ({
      name: `run-${i}`,
      // Some runs share a start time, so the run id tie-break counts.
      start: t0 + Math.floor(i / 3) * 1000,
      params: { lr: random.pick(['0.1', '0.01', '0.001']), ...(random.chance(0.8) && { opt: random.pick(['adam', 'sgd']) }) },
      metrics: { ...(random.chance(0.9) && { auc: random.chance(0.05) ? NaN : Math.round(random.next() * 50) / 50 }), loss: random.next() },
      tags: { team: random.pick(['a', 'b', 'c']) },
      status: random.pick(['FINISHED', 'FINISHED', 'FAILED'] as const),
    }));
    await seedRuns(store, experimentId, runs);
  });

  after(async () => {
    await store.close();
    cleanup();
  });

  const spec = (filter: string, orderBy: string[] = []): RunSearchSpec => ({ experimentIds: [experimentId], filter, orderBy, viewType: 'ACTIVE_ONLY' });

  async function all(pager: RunPager, pageSize: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    for (let more = true; more; ) {
      const page = await pager.next(store, pageSize);
      ids.push(...page.runs.map((run) => run.info.runId));
      more = page.more;
      pages++;
      assert.ok(pages < 100, 'the pager never ends');
    }
    return { ids, pages };
  }

  const cases: [string, string[]][] = [
    ["metrics.auc > 0.7 OR params.lr = '0.1'", []],
    ["(metrics.auc > 0.7 OR params.lr = '0.1') AND (tags.team = 'a' OR attributes.status = 'FAILED')", ['metrics.auc DESC']],
    ["params.opt = 'adam' OR params.opt = 'sgd' OR metrics.loss < 0.2", ['params.opt ASC', 'metrics.loss DESC']],
    ["metrics.auc >= 0.5 OR metrics.loss < 0.5", ['metrics.auc ASC']],
    ["tags.team = 'b' OR attributes.run_name LIKE 'run-1%'", ['attributes.run_name DESC']],
    ["attributes.status = 'FAILED' OR params.lr = '0.001'", ['attributes.start_time ASC']],
  ];

  for (const [filter, orderBy] of cases) {
    it(`merges the MLflow searches of ${filter}${orderBy.length > 0 ? ` ordered by ${orderBy.join(', ')}` : ''} into the store's own answer`, async () => {
      const whole = await all(new RunPager(spec(filter, orderBy), true), 37);
      const merged = await all(new RunPager(spec(filter, orderBy), false), 37);
      assert.ok(whole.ids.length > 40, `the case matches ${whole.ids.length} runs: too few to page`);
      assert.equal(new Set(merged.ids).size, merged.ids.length, 'a run came twice');
      assert.deepEqual(merged.ids, whole.ids);
    });
  }

  it('pages through every run without a filter, the last page saying there is no more', async () => {
    const pager = new RunPager(spec(''), true);
    const first = await pager.next(store, 200);
    assert.equal(first.runs.length, 200);
    assert.equal(first.more, true);
    const second = await pager.next(store, 200);
    assert.equal(second.runs.length, 60);
    assert.equal(second.more, false);
    assert.deepEqual(await pager.next(store, 200), { runs: [], more: false });
  });

  it("orders runs already read as the store orders them", async () => {
    const runs = (await store.searchRuns({ experimentIds: [experimentId], maxResults: 1000 })).items;
    for (const orderBy of [[], ['metrics.auc DESC'], ['metrics.auc ASC', 'params.opt DESC'], ['tags.team ASC', 'attributes.end_time DESC'], ['attributes.status ASC']]) {
      const fromStore = (await store.searchRuns({ experimentIds: [experimentId], orderBy, maxResults: 1000 })).items.map((run) => run.info.runId);
      const sorted = [...runs].sort(runComparator(orderBy)).map((run) => run.info.runId);
      assert.deepEqual(sorted, fromStore, orderBy.join(', ') || 'default order');
    }
  });
});

describe('run rows', () => {
  const run = (id: string, start: number, parent?: string): Run => ({
    info: { runId: id, runName: id, experimentId: '1', userId: '', status: 'FINISHED', startTime: start, endTime: start + 1, artifactUri: '', lifecycleStage: 'active' },
    data: { metrics: [], params: {}, tags: parent === undefined ? {} : { 'mlflow.parentRunId': parent } },
    inputs: { datasetInputs: [] },
    outputs: { modelOutputs: [] },
  });

  it('puts a run under its parent when the parent is loaded too, oldest first', () => {
    const rows = groupRuns([run('evaluate', 3, 'p'), run('train', 2, 'p'), run('p', 1), run('q', 0), run('orphan', 5, 'not-loaded')]);
    assert.deepEqual(rows.top.map((r) => r.info.runId), ['p', 'q', 'orphan']);
    assert.deepEqual(rows.children.get('p')?.map((r) => r.info.runId), ['train', 'evaluate']);
  });

  it('keeps runs whose parents loop back as rows of their own', () => {
    const rows = groupRuns([run('a', 1, 'b'), run('b', 2, 'a'), run('c', 3, 'c')]);
    assert.deepEqual(rows.top.map((r) => r.info.runId), ['a', 'b', 'c']);
    assert.equal(rows.children.size, 0);
  });
});
