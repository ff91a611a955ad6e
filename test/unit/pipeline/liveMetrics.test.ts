import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { projectWith, runProject } from '../../fixtures/pipelines';

// Declared metrics files are tailed while the stage runs: the stage writes a first point, waits
// until the runner has logged it (the test answers the `metric` event with a file), then writes
// the rest. Points are logged once each, whether the file grows or is rewritten whole.

const waitFor = (file: string) => `i=0; while [ ! -e ${file} ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; [ -e ${file} ] && echo "saw it live"`;

async function runAndAnswer(dir: string, key: string, first: number) {
  const output: string[] = [];
  const result = await runProject(dir, {
    metricsPollMs: 20,
    onOutput: (_, chunk) => output.push(chunk),
    onEvent: (e) => {
      if (e.kind !== 'metric') return;
      if (e.points.some((m) => m.key === key && m.value === first)) writeFileSync(path.join(dir, 'seen'), '');
    },
  });
  assert.equal(result.status, 'FINISHED', output.join(''));
  assert.match(output.join(''), /saw it live/, 'the first point was not logged while the stage ran');
  const store = await openEmbeddedStore(path.join(dir, '.mlops'), { readOnly: true });
  try {
    const history = await store.getMetricHistory(result.stages[0].runId, key);
    return { history: [...history.values].map((value, i) => [history.steps[i], value]) };
  } finally {
    await store.close();
  }
}

test('a JSON lines history that grows: each point logged once, the first while the stage runs', async () => {
  const p = projectWith({
    'mlops.yaml': `version: 1\nexperiment: live\nstages:\n  train:\n    cmd: 'mkdir -p m; echo "{\\"loss\\": 0.9}" >> m/h.jsonl; ${waitFor('seen')}; printf "{\\"loss\\": 0.5}" >> m/h.jsonl'\n    metrics: [m/h.jsonl]\n`,
  });
  try {
    const { history } = await runAndAnswer(p.dir, 'loss', 0.9);
    assert.deepEqual(history, [[0, 0.9], [1, 0.5]]);
  } finally {
    p.cleanup();
  }
});

test('a CSV history rewritten whole at every epoch: still each point once', async () => {
  const p = projectWith({
    'mlops.yaml': `version: 1\nexperiment: live\nstages:\n  train:\n    cmd: 'printf "epoch,acc\\n0,0.6\\n" > h.csv; ${waitFor('seen')}; printf "epoch,acc\\n0,0.6\\n1,0.7\\n2,0.8\\n" > h.csv'\n    metrics: [h.csv]\n`,
  });
  try {
    const { history } = await runAndAnswer(p.dir, 'acc', 0.6);
    assert.deepEqual(history, [[0, 0.6], [1, 0.7], [2, 0.8]]);
  } finally {
    p.cleanup();
  }
});

test('a metrics file left by an earlier run and not written again is not logged again', async () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: live\nstages:\n  evaluate:\n    cmd: "true"\n    metrics: [eval.json]\n',
    'eval.json': '{"auc": 0.8}',
  });
  try {
    const warnings: string[] = [];
    const result = await runProject(p.dir, { onEvent: (e) => e.kind === 'warning' && e.stage !== '' && warnings.push(e.message) });
    assert.deepEqual(result.stages[0].metrics, {});
    assert.deepEqual(warnings, ['declared metrics file eval.json was not written']);
  } finally {
    p.cleanup();
  }
});
