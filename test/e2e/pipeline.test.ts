// The packaged extension in code-server runs a stage as a user does: examples/churn after one
// `mlops run`, then a changed param; the Pipeline view says train will run and why, the "Run stage"
// code lens above train in mlops.yaml runs it, the terminal shows its output, and the view shows it
// up to date. In Restricted Mode the same lens says the workspace must be trusted, and nothing runs.
// Screenshots: test-results/screenshots/pipeline-*.png.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openFile } from '../harness/browser';
import { openSession, step, type Session } from '../harness/session';
import { openViewContainer, readTreeRows, type TreeRow } from '../harness/workbench';
import { prepareChurnWorkspace } from '../harness/workspace';
import type { WorkDir } from '../harness/workDir';

const view = 'Pipeline';
// The DOM renderer, so the terminal's text can be read from the page.
const settings = { 'terminal.integrated.gpuAcceleration': 'off' };

/** examples/churn after `mlops run`, with train.lr changed: train and evaluate are out of date. */
function churnWithNewLearningRate(work: WorkDir): string {
  const workspace = prepareChurnWorkspace(work.root);
  const params = join(workspace, 'params.yaml');
  writeFileSync(params, readFileSync(params, 'utf8').replace(/lr: 0\.5/, 'lr: 0.25'));
  return workspace;
}

/** Polls the Pipeline view until each stage's row reads as expected (`stage: description`). */
async function waitForStages(page: Page, expected: Record<string, RegExp>, timeoutMs = 60_000): Promise<TreeRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: TreeRow[] = [];
  const matches = () => Object.entries(expected).every(([stage, description]) => rows.some((row) => row.label === stage && description.test(row.description)));
  while (Date.now() < deadline) {
    rows = await readTreeRows(page, { view });
    if (matches()) return rows;
    await page.waitForTimeout(250);
  }
  throw new Error(`the Pipeline view never showed ${JSON.stringify(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)])))}; rows: ${JSON.stringify(rows.map((r) => r.text))}`);
}

/** The code lens whose tooltip starts with the command line it runs, e.g. `mlops run train`. */
async function codeLens(page: Page, commandLine: string, title: RegExp) {
  const lens = page.locator(`.codelens-decoration a[title="${commandLine}"], .codelens-decoration a[title^="${commandLine}: "]`).filter({ visible: true });
  await lens.first().waitFor({ timeout: 30_000 });
  assert.equal(await lens.count(), 1, `code lenses for ${commandLine}: ${await lens.count()}`);
  assert.match((await lens.innerText()).trim(), title);
  return lens;
}

async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.terminal-wrapper .xterm-rows').allInnerTexts()).join('\n');
}

describe('Pipeline in code-server', { timeout: 600_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession('e2e-pipeline', churnWithNewLearningRate, undefined, { settings });
  });

  after(async () => {
    await session?.close();
  });

  test('the Pipeline view lists the stages: prepare up to date, train and evaluate will run, and why', async () => {
    await step(session, 'pipeline-1-view', async () => {
      await openViewContainer(session.page, 'MLOps');
      const rows = await waitForStages(session.page, {
        prepare: /^up to date$/,
        train: /^will run: params changed: train\.lr 0\.5 → 0\.25$/,
        evaluate: /^will run: upstream stage train will run$/,
      });
      assert.deepEqual(rows.map((row) => row.label), ['prepare', 'train', 'evaluate']);
    });
  });

  test('the "Run stage" code lens above train runs it; the terminal shows its output', async () => {
    await step(session, 'pipeline-2-code-lens', async () => {
      await openFile(session.page, 'mlops.yaml');
      const lens = await codeLens(session.page, 'mlops run train', /^Run stage$/);
      await lens.click();
    });
    await step(session, 'pipeline-3-terminal', async () => {
      const deadline = Date.now() + 120_000;
      let text = '';
      while (Date.now() < deadline && !/pipeline run \w+ in experiment 'churn': finished/.test(text)) {
        await session.page.waitForTimeout(500);
        text = await terminalText(session.page);
      }
      assert.match(text, /\$ mlops run train/, text);
      assert.match(text, /── train ── params changed: train\.lr 0\.5 → 0\.25/, text);
      assert.match(text, /\[train\] trained 40 epochs: loss [\d.]+, train auc [\d.]+/, text);
      assert.match(text, /── train: finished, 2 metrics ──/, text);
      assert.doesNotMatch(text, /── evaluate/, 'Run stage ran a stage other than train');
      assert.ok((await session.page.locator('.part.panel').getByText('MLOps Pipeline').count()) > 0, 'no terminal named MLOps Pipeline in the panel');
    });
  });

  test('after the run the Pipeline view shows train up to date, and evaluate out of date because of the new model', async () => {
    await step(session, 'pipeline-4-up-to-date', async () => {
      await waitForStages(session.page, {
        prepare: /^up to date$/,
        train: /^up to date$/,
        evaluate: /^will run: deps changed: models\/model\.json$/,
      });
    });
  });
});

describe('Pipeline in Restricted Mode', { timeout: 600_000 }, () => {
  let session: Session;
  let workspace = '';

  before(async () => {
    session = await openSession('e2e-pipeline-untrusted', (work) => (workspace = churnWithNewLearningRate(work)), undefined, { settings: { ...settings, 'security.workspace.trust.startupPrompt': 'never' }, workspaceTrust: true });
  });

  after(async () => {
    await session?.close();
  });

  test('the code lens says the workspace must be trusted; clicking it explains and runs nothing', async () => {
    await step(session, 'pipeline-5-untrusted', async () => {
      const page = session.page;
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      await openViewContainer(page, 'MLOps');
      // Reading files is allowed in Restricted Mode: the status still shows.
      await waitForStages(page, { train: /^will run: params changed/ });
      await openFile(page, 'mlops.yaml');
      const lens = await codeLens(page, 'mlops run train', /^Run stage \(trust the workspace first\)$/);
      const recorded = readFileSync(join(workspace, '.mlops', 'stages.json'), 'utf8');
      await lens.click();
      const toast = page.locator('.notification-toast', { hasText: 'Running stages executes code from this workspace; trust it first.' });
      await toast.waitFor({ timeout: 30_000 });
      assert.equal(await toast.getByRole('button', { name: 'Manage Workspace Trust' }).count(), 1);
      assert.equal(await page.locator('.terminal-wrapper').count(), 0, 'a terminal was opened');
      assert.equal(readFileSync(join(workspace, '.mlops', 'stages.json'), 'utf8'), recorded, 'a stage ran');
    });
  });
});
