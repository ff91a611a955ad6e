// The Runs view's commands route to their handlers with the arguments VS Code passes (a row and
// the selected rows), and its sort keys are order_by entries MLflow accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOrderBy } from '../../../src/core/search/orderBy';
import type { Run } from '../../../src/core/store/types';
import type { CommandContext } from '../../../src/vscode/commands/commandTable';
import { RunsCommandId, runsCommandTable, type RunsCommandHandlers } from '../../../src/vscode/commands/runsCommands';
import { searchParts } from '../../../src/vscode/runs/searchSummary';
import { describeOrder, orderByEntry, sortKeysOf } from '../../../src/vscode/runs/sortKeys';

function recording(calls: string[]): RunsCommandHandlers {
  const record = (name: string) => async (...args: unknown[]) => void calls.push(`${name} ${JSON.stringify(args)}`);
  return {
    filter: record('filter'), sort: record('sort'), clearSearch: record('clear'), toggleDeleted: record('toggle deleted'), loadMore: record('load more'),
    copyRunIds: record('copy ids'), copyRunUris: record('copy uris'), revealArtifacts: record('reveal'), openCommit: record('open commit'),
    checkoutCommit: record('checkout'), registerModel: record('register'), deleteRuns: record('delete'), restoreRuns: record('restore'),
  };
}

describe('Runs view commands', () => {
  it('route to the run actions, passing the row and the selection on', async () => {
    const calls: string[] = [];
    const ctx = { runs: recording(calls) } as unknown as CommandContext;
    const row = { kind: 'run', id: 'r1' };
    const selection = [row, { kind: 'run', id: 'r2' }];
    const run = (id: keyof typeof runsCommandTable, ...args: unknown[]): unknown => runsCommandTable[id].handler(ctx)(...args);
    await run(RunsCommandId.filterRuns, "metrics.auc > 0.8 OR params.lr = '0.1'");
    await run(RunsCommandId.sortRuns, ['metrics.auc DESC']);
    await run(RunsCommandId.clearRunsSearch);
    await run(RunsCommandId.toggleDeletedRuns);
    await run(RunsCommandId.loadMoreRuns, { kind: 'loadMore', experimentId: '3' });
    await run(RunsCommandId.copyRunId, row, selection);
    await run(RunsCommandId.copyRunUri, row, selection);
    await run(RunsCommandId.revealRunArtifacts, row);
    await run(RunsCommandId.openRunCommit, row);
    await run(RunsCommandId.checkoutRunCommit, { runIds: ['r1'], confirmed: true });
    await run(RunsCommandId.registerModelFromRun, row, { artifact: 'model', model: 'churn' });
    await run(RunsCommandId.deleteRuns, row, selection);
    await run(RunsCommandId.restoreRuns, { runIds: ['r1'] });
    const sel = JSON.stringify(selection);
    const r = JSON.stringify(row);
    assert.deepEqual(calls, [
      `filter ["metrics.auc > 0.8 OR params.lr = '0.1'"]`, 'sort [["metrics.auc DESC"]]', 'clear []', 'toggle deleted []', 'load more [{"kind":"loadMore","experimentId":"3"}]',
      `copy ids [${r},${sel}]`, `copy uris [${r},${sel}]`, `reveal [${r}]`, `open commit [${r}]`, 'checkout [{"runIds":["r1"],"confirmed":true}]',
      `register [${r},{"artifact":"model","model":"churn"}]`, `delete [${r},${sel}]`, 'restore [{"runIds":["r1"]},null]',
    ]);
  });
});

describe('sort keys', () => {
  const run = (metrics: string[], params: string[]): Run => ({
    info: { runId: 'x', runName: 'x', experimentId: '1', userId: '', status: 'FINISHED', startTime: 0, endTime: 1, artifactUri: '', lifecycleStage: 'active' },
    data: { metrics: metrics.map((key) => ({ key, value: 1, step: 0, timestamp: 0 })), params: Object.fromEntries(params.map((key) => [key, '1'])), tags: {} },
    inputs: { datasetInputs: [] },
    outputs: { modelOutputs: [] },
  });

  it('offers the attributes, then the metrics and params seen, each once, by name', () => {
    const keys = sortKeysOf([run(['loss', 'auc'], ['lr']), run(['auc', 'val/f1'], ['batch size', 'lr'])]);
    assert.deepEqual(keys.map((k) => `${k.entity}:${k.key}`), [
      'attribute:start_time', 'attribute:end_time', 'attribute:run_name', 'attribute:status', 'attribute:user_id',
      'metric:auc', 'metric:loss', 'metric:val/f1', 'param:batch size', 'param:lr',
    ]);
  });

  it('writes order_by entries MLflow reads back to the same key, quoting where needed', () => {
    for (const key of ['auc', 'val/f1', 'batch size', 'mlflow.x', 'tick`s', 'a"b']) {
      for (const ascending of [true, false]) {
        const entry = orderByEntry({ entity: 'metric', key }, ascending);
        assert.deepEqual(parseOrderBy(entry), { entity: 'metric', key, ascending }, entry);
      }
    }
    assert.equal(orderByEntry({ entity: 'param', key: 'batch size' }, false), 'params.`batch size` DESC');
    assert.equal(orderByEntry({ entity: 'attribute', key: 'start_time' }, true), 'attributes.start_time ASC');
  });

  it('says the active search in a few words', () => {
    assert.equal(describeOrder('metrics.`val auc` DESC'), 'val auc ↓');
    assert.equal(describeOrder('attributes.start_time'), 'start time ↑');
    assert.deepEqual(searchParts({ filter: " metrics.auc > 0.8 OR params.lr = '0.1' ", orderBy: ['metrics.auc DESC'], showDeleted: true }), [
      "filter: metrics.auc > 0.8 OR params.lr = '0.1'", 'sorted by auc ↓', 'with deleted runs',
    ]);
    assert.deepEqual(searchParts({ filter: '', orderBy: [], showDeleted: false }), []);
  });
});
