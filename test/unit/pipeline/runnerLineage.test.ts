import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { localArtifactRoot } from '../../../src/core/lineage/artifacts';
import type { RunnerEvent } from '../../../src/core/pipeline/runner';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { Run } from '../../../src/core/store/types';
import { projectWith, runProject } from '../../fixtures/pipelines';

// What the runner records as lineage, read back from the store and its files: git state and the
// dirty tree's patch on the pipeline run, deps as dataset inputs with digests, Delta table
// versions, outs, the stage log, and the lineage edges in mlops_lineage_edges.

const md5 = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

async function runsOf(dir: string, ids: string[]): Promise<Run[]> {
  const store = await openEmbeddedStore(path.join(dir, '.mlops'), { readOnly: true });
  try {
    return await Promise.all(ids.map((id) => store.getRun(id)));
  } finally {
    await store.close();
  }
}

/** Rows of a workbench table, read from mlflow.db on disk by another SQLite (the store was closed, so checkpointed). */
function rows(dir: string, sql: string): unknown[][] {
  const db = new Database(path.join(dir, '.mlops/mlflow.db'), { readonly: true });
  try {
    return db.prepare(sql).raw().all() as unknown[][];
  } finally {
    db.close();
  }
}

const artifact = (run: Run, rel: string) => path.join(localArtifactRoot(run.info.artifactUri), rel);

test('a dirty git tree: commit, branch and dirty flag on every run, the patch as the pipeline run artifact, and it applies', async () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: lineage\nstages:\n  copy: {cmd: cp notes.txt copy.txt, deps: [notes.txt], outs: [copy.txt]}\n',
    'notes.txt': 'first line\n',
    '.gitignore': '.mlops/\n',
  });
  const clone = mkdtempSync(path.join(tmpdir(), 'mlops-clone-'));
  try {
    git(p.dir, 'init', '-q', '-b', 'main');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-q', '-m', 'first');
    const commit = git(p.dir, 'rev-parse', 'HEAD');
    writeFileSync(path.join(p.dir, 'notes.txt'), 'first line\nchanged, not committed\n');

    const result = await runProject(p.dir);
    assert.equal(result.status, 'FINISHED');
    assert.equal(result.gitCommit, commit);
    const [pipeline, copy] = await runsOf(p.dir, [result.runId, result.stages[0].runId]);
    for (const run of [pipeline, copy]) {
      assert.equal(run.data.tags['mlflow.source.git.commit'], commit);
      assert.equal(run.data.tags['mlflow.source.git.branch'], 'main');
      assert.equal(run.data.tags['mlflow.source.git.dirty'], 'true');
    }
    assert.equal(pipeline.data.tags['mlops.source.git.patch'], 'lineage/git.patch');
    assert.equal(copy.data.tags['mlops.source.git.patch'], undefined, 'the patch belongs to the pipeline run');
    const patch = artifact(pipeline, 'lineage/git.patch');
    assert.ok(existsSync(patch), `${patch} missing`);

    git(clone, 'clone', '-q', p.dir, 'repo');
    git(path.join(clone, 'repo'), 'apply', patch);
    assert.equal(readFileSync(path.join(clone, 'repo/notes.txt'), 'utf8'), 'first line\nchanged, not committed\n');
    assert.deepEqual(rows(p.dir, `SELECT git_commit, status FROM mlops_pipeline_runs WHERE run_uuid = '${result.runId}'`), [[commit, 'FINISHED']]);
  } finally {
    rmSync(clone, { recursive: true, force: true });
    p.cleanup();
  }
});

test('deps are dataset inputs with their digests; outs a tag and an artifact; the output a log; edges join one stage to the next', async () => {
  const p = projectWith({
    'mlops.yaml': [
      'version: 1',
      'experiment: lineage',
      'stages:',
      '  prepare: {cmd: "sort raw.csv > prepared.csv && echo sorted", deps: [raw.csv], outs: [prepared.csv]}',
      '  train: {cmd: "wc -l < prepared.csv > model.txt", deps: [prepared.csv], outs: [model.txt]}',
      '',
    ].join('\n'),
    'raw.csv': 'b\na\nc\n',
  });
  try {
    const result = await runProject(p.dir);
    assert.equal(result.status, 'FINISHED');
    const [prepare, train] = await runsOf(p.dir, result.stages.map((s) => s.runId));
    const raw = md5(path.join(p.dir, 'raw.csv'));
    const prepared = md5(path.join(p.dir, 'prepared.csv'));
    const model = md5(path.join(p.dir, 'model.txt'));

    assert.equal(prepare.inputs.datasetInputs.length, 1);
    const [input] = prepare.inputs.datasetInputs;
    assert.deepEqual([input.dataset.name, input.dataset.digest, input.dataset.sourceType], ['raw.csv', raw, 'local']);
    assert.deepEqual(JSON.parse(input.dataset.source), { uri: pathToFileURL(path.join(p.dir, 'raw.csv')).href });
    assert.deepEqual(input.tags, { 'mlflow.data.context': 'prepare' });
    assert.deepEqual(train.inputs.datasetInputs.map((d) => [d.dataset.name, d.dataset.digest]), [['prepared.csv', prepared]]);

    assert.deepEqual(JSON.parse(prepare.data.tags['mlops.outs']), [{ path: 'prepared.csv', digest: prepared }]);
    assert.deepEqual(JSON.parse(readFileSync(artifact(prepare, 'lineage/outs.json'), 'utf8')), [{ path: 'prepared.csv', digest: prepared }]);
    assert.equal(readFileSync(artifact(prepare, 'logs/stage.log'), 'utf8'), 'sorted\n');
    assert.ok(!existsSync(artifact(train, 'logs/stage.log')), 'a silent stage has no log');

    const sorted = (edges: unknown[][]) => edges.map((e) => JSON.stringify(e)).sort();
    assert.deepEqual(sorted(rows(p.dir, 'SELECT from_kind, from_id, to_kind, to_id, relation FROM mlops_lineage_edges')), sorted([
      ['file', `raw.csv@${raw}`, 'run', prepare.info.runId, 'input'],
      ['run', prepare.info.runId, 'file', `prepared.csv@${prepared}`, 'output'],
      ['file', `prepared.csv@${prepared}`, 'run', train.info.runId, 'input'],
      ['run', train.info.runId, 'file', `model.txt@${model}`, 'output'],
    ]));

    const again = await runProject(p.dir);
    assert.ok(again.stages.every((s) => s.cachedFrom), 'the second run is all cached');
    assert.equal(rows(p.dir, 'SELECT count(*) FROM mlops_lineage_edges')[0][0], 4, 'a cached stage adds no edges');
  } finally {
    p.cleanup();
  }
});

test('a Delta table dep records its version: as a delta_table dataset, an input tag and a lineage node', async () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: lineage\nstages:\n  count: {cmd: "ls data/events/_delta_log | wc -l > count.txt", deps: [data/events], outs: [count.txt]}\n',
  });
  try {
    cpSync(path.join(__dirname, '../../fixtures/lineage/delta-table'), path.join(p.dir, 'data/events'), { recursive: true });
    const version = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/lineage/expected.json'), 'utf8')) as Record<string, { version: number }>)['delta-table'].version;
    assert.equal(version, 1, 'the fixture table holds two commits');
    const result = await runProject(p.dir);
    assert.equal(result.status, 'FINISHED');
    const [count] = await runsOf(p.dir, [result.stages[0].runId]);
    const [input] = count.inputs.datasetInputs;
    assert.equal(input.dataset.sourceType, 'delta_table');
    assert.deepEqual(JSON.parse(input.dataset.source), { path: path.join(p.dir, 'data/events'), delta_table_version: version });
    assert.equal(input.tags['mlops.delta.version'], String(version));
    assert.deepEqual(rows(p.dir, "SELECT from_kind, from_id, relation FROM mlops_lineage_edges WHERE relation = 'input'"), [['delta_table', `data/events@v${version}`, 'input']]);
  } finally {
    p.cleanup();
  }
});

test('an artifact location that is not a local folder: the patch and outs become warnings, the run still finishes', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: remote\nstages:\n  a: {cmd: "echo hi | tee a.txt", outs: [a.txt]}\n', '.gitignore': '.mlops/\n' });
  try {
    git(p.dir, 'init', '-q');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-q', '-m', 'first');
    writeFileSync(path.join(p.dir, '.gitignore'), '.mlops/\n*.tmp\n');
    const store = await openEmbeddedStore(path.join(p.dir, '.mlops'));
    await store.createExperiment('remote', { artifactLocation: 's3://bucket/remote' });
    await store.close();

    const warnings: string[] = [];
    const result = await runProject(p.dir, { onEvent: (e: RunnerEvent) => e.kind === 'warning' && warnings.push(`${e.stage}: ${e.message}`) });
    assert.equal(result.status, 'FINISHED');
    assert.deepEqual(result.stages.map((s) => s.status), ['FINISHED']);
    assert.ok(warnings.some((w) => /^: lineage\/git\.patch is not kept as an artifact: .*s3: URI/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /^a: lineage\/outs\.json is not kept as an artifact/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /^a: its output is not kept as an artifact/.test(w)), warnings.join('\n'));
    const [a] = await runsOf(p.dir, [result.stages[0].runId]);
    assert.ok(JSON.parse(a.data.tags['mlops.outs']), 'the outs tag is still recorded');
  } finally {
    p.cleanup();
  }
});
