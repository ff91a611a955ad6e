// The Runs view's data over real store snapshots, as the extension reads them while runs are
// tracked: pages and "Load more", a filter with OR, a bad filter, details of a run, and live
// updates that name only what changed.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { TrackingStore } from '../../../src/core/store/types';
import { RunsTreeData } from '../../../src/vscode/trees/runsTreeData';
import type { RunElement, RunsDataElement } from '../../../src/vscode/trees/runsTreeElements';
import { seedRuns } from '../../fixtures/runsSeed';
import { tempStoreDir } from '../../fixtures/store/tempStore';

const t0 = Date.UTC(2026, 10, 2);
const label = (e: RunsDataElement): string =>
  e.kind === 'run' ? e.run.info.runName : e.kind === 'experiment' ? e.experiment.name : e.kind === 'message' ? `(${e.text})` : e.kind === 'loadMore' ? `(load more: ${e.loaded})` : e.kind;

describe('Runs tree data', () => {
  const { dir, cleanup } = tempStoreDir();
  let writer: EmbeddedStore;
  let snapshot: TrackingStore;
  let pagingId = '';
  let liveId = '';
  let runningId = '';

  const newSnapshot = async (): Promise<TrackingStore> => {
    await snapshot?.close();
    snapshot = await openEmbeddedStore(dir, { readOnly: true });
    return snapshot;
  };

  before(async () => {
    writer = await openEmbeddedStore(dir);
    pagingId = await writer.createExperiment('paging');
    await seedRuns(writer, pagingId, Array.from({ length: 450 }, (_, i) => ({ name: `r${i}`, start: t0 + i * 1000, metrics: { auc: (i % 100) / 100 }, params: { fold: String(i % 5) } })));
    liveId = await writer.createExperiment('live');
    const ids = await seedRuns(writer, liveId, [
      { name: 'pipeline', start: t0, status: 'RUNNING', tags: { 'mlops.pipelineRun': 'true' } },
      { name: 'train', start: t0 + 1000, status: 'RUNNING', parent: 'pipeline', params: { lr: '0.1' }, metrics: { auc: 0.5 } },
    ], 1);
    runningId = ids.get('train')!;
    await newSnapshot();
  });

  after(async () => {
    await snapshot.close();
    await writer.close();
    cleanup();
  });

  const experiment = async (data: RunsTreeData, name: string): Promise<RunsDataElement> => {
    const found = (await data.children(snapshot)).find((e) => e.kind === 'experiment' && e.experiment.name === name);
    assert.ok(found, `no experiment ${name}`);
    return found;
  };

  it('shows the first page of an experiment and a row to load more, then the rest', async () => {
    const data = new RunsTreeData(200);
    const paging = await experiment(data, 'paging');
    const first = await data.children(snapshot, paging);
    assert.equal(first.length, 201);
    assert.deepEqual(first.slice(0, 2).map(label), ['r449', 'r448'], 'newest first');
    assert.equal(label(first[200]!), '(load more: 200)');
    assert.equal(await data.loadMore(snapshot, pagingId), paging, 'the experiment row is the one to redraw');
    const second = await data.children(snapshot, paging);
    assert.equal(label(second[400]!), '(load more: 400)');
    assert.strictEqual(second[0], first[0], 'a loaded run keeps its element');
    await data.loadMore(snapshot, pagingId);
    const third = await data.children(snapshot, paging);
    assert.equal(third.length, 450, 'every run, and no load-more row');
    assert.equal(label(third[449]!), 'r0');
  });

  it('filters with OR and parentheses and sorts by a metric', async () => {
    const data = new RunsTreeData(200);
    data.setSearch({ filter: "(params.fold = '1' OR params.fold = '3') AND metrics.auc >= 0.9", orderBy: ['metrics.auc DESC'], showDeleted: false });
    const rows = await data.children(snapshot, await experiment(data, 'paging'));
    // auc = (i % 100)/100 >= 0.9 and i % 5 in {1, 3}: i % 100 in {91, 93, 96, 98}, four times each.
    assert.equal(rows.length, 16);
    const aucs = rows.map((e) => (e as RunElement).run.data.metrics[0]!.value);
    assert.deepEqual(aucs, [...aucs].sort((a, b) => b - a));
    assert.equal(aucs[0], 0.98);
  });

  it('shows a bad filter as a row under each experiment, with its column', async () => {
    const data = new RunsTreeData(200);
    data.setSearch({ filter: 'metrics.auc >', orderBy: [], showDeleted: false });
    const rows = await data.children(snapshot, await experiment(data, 'paging'));
    assert.equal(rows.length, 1);
    assert.match(label(rows[0]!), /^\(Filter error at column 14: Expected a number for metric 'auc', found the end/);
  });

  it("puts a stage run under its pipeline run, and lists a run's details", async () => {
    const data = new RunsTreeData(200);
    const [pipeline] = await data.children(snapshot, await experiment(data, 'live'));
    assert.equal(label(pipeline!), 'pipeline');
    const [train, ...groups] = await data.children(snapshot, pipeline);
    assert.equal(label(train!), 'train');
    assert.deepEqual(groups.map(label), ['tags', 'artifacts']);
    const details = await data.children(snapshot, train);
    assert.deepEqual(details.map(label), ['params', 'metrics', 'tags', 'artifacts']);
    const artifacts = details.find((e) => e.kind === 'artifacts')!;
    assert.deepEqual((await data.children(snapshot, artifacts)).map(label), ['(No artifacts)']);

    const folder = fileURLToPath((train as RunElement).run.info.artifactUri);
    mkdirSync(path.join(folder, 'model'), { recursive: true });
    writeFileSync(path.join(folder, 'model', 'MLmodel'), 'flavors: {}\n');
    writeFileSync(path.join(folder, 'metrics.json'), '{"auc": 0.5}\n');
    const files = await data.children(snapshot, artifacts);
    assert.deepEqual(files.map((e) => (e.kind === 'artifact' ? `${e.file.path}${e.file.isDir ? '/' : ` ${e.file.size}`}` : label(e))), ['model/', 'metrics.json 13']);
    assert.deepEqual((await data.children(snapshot, files[0])).map((e) => (e.kind === 'artifact' ? e.file.path : label(e))), ['model/MLmodel']);
  });

  it('follows a running stage: only the changed run and its pipeline run are redrawn, in place', async () => {
    const data = new RunsTreeData(200);
    await data.children(snapshot, await experiment(data, 'paging'));
    const [pipeline] = await data.children(snapshot, await experiment(data, 'live'));
    const [train] = await data.children(snapshot, pipeline);
    assert.deepEqual(await data.changesIn(await newSnapshot()), { root: false, elements: [] }, 'nothing changed');

    await writer.logBatch(runningId, { metrics: [{ key: 'auc', value: 0.75, timestamp: t0 + 5000, step: 1 }] });
    const change = await data.changesIn(await newSnapshot());
    assert.equal(change.root, false);
    assert.deepEqual(change.elements, [train, pipeline]);
    assert.strictEqual(change.elements[0], train, 'the same element, brought up to date');
    assert.deepEqual((train as RunElement).run.data.metrics.map((m) => [m.key, m.value, m.step]), [['auc', 0.75, 1]]);
    assert.deepEqual((pipeline as RunElement).stageRuns.map((run) => run.data.metrics[0]?.value), [0.75]);

    await writer.updateRun(runningId, { status: 'FINISHED', endTime: t0 + 9000 });
    const finished = await data.changesIn(await newSnapshot());
    assert.deepEqual(finished.elements, [train, pipeline]);
    assert.equal((train as RunElement).run.info.status, 'FINISHED');
  });

  it('reads an experiment again when a run arrives, and the root when an experiment does', async () => {
    const data = new RunsTreeData(200);
    const live = await experiment(data, 'live');
    await data.children(snapshot, live);
    await seedRuns(writer, liveId, [{ name: 'pipeline 2', start: t0 + 60_000, status: 'RUNNING' }]);
    const change = await data.changesIn(await newSnapshot());
    assert.deepEqual(change, { root: false, elements: [live] });
    assert.deepEqual((await data.children(snapshot, live)).map(label), ['pipeline 2', 'pipeline']);

    const other = await writer.createExperiment('another');
    await seedRuns(writer, other, [{ name: 'x', start: t0 }]);
    assert.deepEqual(await data.changesIn(await newSnapshot()), { root: true, elements: [] });
  });

  it('shows deleted runs only when asked, and reads the loaded range again after a write', async () => {
    const data = new RunsTreeData(200);
    const live = await experiment(data, 'live');
    const before = (await data.children(snapshot, live)).map(label);
    const victim = (await writer.searchRuns({ experimentIds: [liveId], filter: "attributes.run_name = 'pipeline 2'" })).items[0]!;
    await writer.deleteRun(victim.info.runId);
    await newSnapshot();
    assert.deepEqual(await data.reload(snapshot, [liveId]), [live]);
    assert.deepEqual((await data.children(snapshot, live)).map(label), before.filter((name) => name !== 'pipeline 2'));
    data.setSearch({ filter: '', orderBy: [], showDeleted: true });
    const withDeleted = await data.children(snapshot, await experiment(data, 'live'));
    const deleted = withDeleted.find((e) => label(e) === 'pipeline 2') as RunElement;
    assert.equal(deleted.run.info.lifecycleStage, 'deleted');
  });
});
