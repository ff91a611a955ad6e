// The packaged extension in code-server: the MLOps container's Runs view on examples/churn after
// one `mlops run`, read the way a user reads it. Screenshots: test-results/screenshots/runs-*.png.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSession, step, type Session } from '../harness/session';
import { prepareChurnWorkspace } from '../harness/workspace';
import { expandTreeRow, openViewContainer, waitForTreeRow, type TreeRow } from '../harness/workbench';

const view = 'Runs';

describe('Runs view in code-server', { timeout: 600_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession('e2e-runs', (work) => prepareChurnWorkspace(work.root));
  });

  after(async () => {
    await session?.close();
  });

  const labelsAt = (rows: TreeRow[], level: number): string[] => rows.filter((row) => row.level === level).map((row) => row.label);

  test('the MLOps container shows experiment churn and a pipeline run', async () => {
    await step(session, 'runs-1-container', async () => {
      await openViewContainer(session.page, 'MLOps');
      await waitForTreeRow(session.page, { view, label: /^churn$/, level: 1 }, 60_000);
      // churn opens expanded: its runs are the level-2 rows.
      const rows = await waitForTreeRow(session.page, { view, label: /\S/, level: 2 });
      assert.deepEqual(labelsAt(rows, 1), ['churn']);
      assert.ok(labelsAt(rows, 2).length > 0, 'no run under churn');
    });
  });

  test('expanding the pipeline run shows the stage runs prepare, train, evaluate', async () => {
    await step(session, 'runs-2-pipeline-run', async () => {
      await expandTreeRow(session.page, { view, level: 2 });
      const rows = await waitForTreeRow(session.page, { view, label: /\bevaluate\b/, level: 3 });
      const stageRows = labelsAt(rows, 3);
      for (const stage of ['prepare', 'train', 'evaluate']) {
        assert.ok(stageRows.some((text) => new RegExp(`\\b${stage}\\b`).test(text)), `no ${stage} row in: ${stageRows.join(' | ')}`);
      }
    });
  });

  test('expanding the train run shows its metrics auc and loss with values', async () => {
    await step(session, 'runs-3-train-metrics', async () => {
      await expandTreeRow(session.page, { view, label: /\btrain\b/, level: 3 });
      await expandTreeRow(session.page, { view, label: /^Metrics$/, level: 4 });
      const rows = await waitForTreeRow(session.page, { view, label: /^loss\s+-?\d/, level: 5 });
      const metricRows = labelsAt(rows, 5);
      for (const key of ['auc', 'loss']) {
        assert.ok(metricRows.some((text) => new RegExp(`^${key}\\s+-?\\d`).test(text)), `no ${key} row with a value in: ${metricRows.join(' | ')}`);
      }
    });
  });
});
