import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { projectWith, runProject, statusOf } from '../../fixtures/pipelines';

// Cancelling kills the stage's whole process group (a child that ignores SIGTERM too, after the
// grace period), the run ends KILLED, and what the killed stage wrote is not taken as its output.

/** Live (not zombie) processes whose process group is `pgid`, from the process table. */
function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, pgrp, ...
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

test('cancel: the group is gone from the process table, the run is KILLED and not cached', async () => {
  const p = projectWith({
    'mlops.yaml': `version: 1
experiment: cancel
stages:
  train:
    cmd: 'cat version > model.txt; if [ -e slow ]; then echo $$ > group; sleep 300 & (trap "" TERM; sleep 300) & echo ready; wait; fi'
    outs: [model.txt]
  report:
    cmd: cp model.txt report.txt
    deps: [model.txt]
    outs: [report.txt]
`,
    version: 'v1\n',
  });
  try {
    const first = await runProject(p.dir);
    assert.equal(first.status, 'FINISHED');
    const producer = first.stages[0].runId;

    writeFileSync(path.join(p.dir, 'version'), 'v2\n');
    writeFileSync(path.join(p.dir, 'slow'), '');
    const cancel = new AbortController();
    const killed = await runProject(p.dir, { force: true, signal: cancel.signal, killGraceMs: 300, onOutput: (_, chunk) => chunk.includes('ready') && cancel.abort() });
    assert.equal(killed.status, 'KILLED');
    assert.deepEqual(killed.stages.map((s) => [s.stage, s.status]), [['train', 'KILLED']]);
    assert.deepEqual(killed.notRun, ['report']);
    const group = Number(readFileSync(path.join(p.dir, 'group'), 'utf8'));
    assert.deepEqual(processesInGroup(group), [], 'processes of the stage are left behind');

    // model.txt now holds what the killed run wrote: it is not the stage's recorded output.
    assert.equal(readFileSync(path.join(p.dir, 'model.txt'), 'utf8'), 'v2\n');
    assert.deepEqual(await statusOf(p.dir), { train: ['outs changed: model.txt'], report: ['deps changed: model.txt', 'upstream stage train will run'] });
    const store = await openEmbeddedStore(path.join(p.dir, '.mlops'), { readOnly: true });
    try {
      assert.equal((await store.lastSuccessfulExecution('train'))?.runId, producer);
      assert.equal((await store.getRun(killed.stages[0].runId)).info.status, 'KILLED');
      assert.equal((await store.getRun(killed.runId)).info.status, 'KILLED');
    } finally {
      await store.close();
    }
  } finally {
    p.cleanup();
  }
});

test('a stage killed on its first run stays never run', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: cancel\nstages:\n  a: {cmd: "echo partial > out.txt; echo ready; sleep 300", outs: [out.txt]}\n' });
  try {
    const cancel = new AbortController();
    const result = await runProject(p.dir, { signal: cancel.signal, onOutput: (_, chunk) => chunk.includes('ready') && cancel.abort() });
    assert.equal(result.status, 'KILLED');
    assert.deepEqual(await statusOf(p.dir), { a: ['never run'] });
  } finally {
    p.cleanup();
  }
});
