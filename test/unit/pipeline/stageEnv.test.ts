import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadPipelineConfig } from '../../../src/core/config/pipelineConfig';
import { runPipeline } from '../../../src/core/pipeline/runner';
import { serveStoreForRun } from '../../../src/core/pipeline/trackingServer';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { logMetricScript, projectWith } from '../../fixtures/pipelines';

// A stage's process gets MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN, MLFLOW_EXPERIMENT_ID and
// MLFLOW_RUN_ID for its own run on the owner's REST server: what it logs there lands in that run.

test("a stage logs into its own run through the owner's server, with the token", async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: env\nstages:\n  train: {cmd: python3 log.py}\n', 'log.py': logMetricScript });
  const store = await openEmbeddedStore(path.join(p.dir, '.mlops'));
  try {
    const served = await serveStoreForRun(store);
    let output = '';
    try {
      const result = await runPipeline(loadPipelineConfig(path.join(p.dir, 'mlops.yaml')), store, { tracking: served.tracking, onOutput: (_, chunk) => (output += chunk) });
      assert.equal(result.status, 'FINISHED', output);
      const train = result.stages[0];
      assert.deepEqual(train.metrics, { from_stage: 42 });
      const history = await store.getMetricHistory(train.runId, 'from_stage');
      assert.deepEqual([...history.steps], [3]);
      assert.equal(output.trim(), `experiment ${result.experimentId}`);
    } finally {
      await served.close();
    }
  } finally {
    await store.close();
    p.cleanup();
  }
});
