// The packaged extension in code-server: the Runs view as a user works it. examples/churn after one
// `mlops run`, plus an experiment `sweep` of six runs. Expand a stage run's details; "Filter Runs…"
// from the view's title bar with an invalid filter (the error at its column, with a caret), then
// a filter with OR and parentheses; select two runs with Ctrl+click and delete both from the
// context menu, confirming in the modal. Screenshots: test-results/screenshots/runs-tree-*.png.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openEmbeddedStore } from '../../src/core/store/embeddedStore';
import { seedRuns, type SeedRun } from '../fixtures/runsSeed';
import { openSession, step, type Session } from '../harness/session';
import { expandTreeRow, openViewContainer, readTreeRows, treeRowLocator, waitForTreeRow } from '../harness/workbench';
import { prepareChurnWorkspace } from '../harness/workspace';

const view = 'Runs';
const t0 = Date.UTC(2026, 10, 25, 9);
const sweep: SeedRun[] = [0.1, 0.05, 0.01, 0.005, 0.001, 0.0005].map((lr, i) => ({
  name: `lr-${lr}`,
  start: t0 + i * 60_000,
  params: { lr: String(lr), optimizer: i % 2 === 0 ? 'adam' : 'sgd' },
  metrics: { auc: 0.7 + i * 0.03, loss: 0.6 - i * 0.05 },
}));

/** Expands the Runs pane alone and widens the side bar, so rows and their descriptions show whole. */
async function focusRunsPane(page: Page): Promise<void> {
  for (const header of await page.locator('.part.sidebar .pane-header').all()) {
    const name = (await header.innerText()).trim().split('\n')[0]!.trim();
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if ((name.toLowerCase() === view.toLowerCase()) !== expanded) await header.click();
  }
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 620, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Clicks a button of the Runs pane's title bar (shown while the pointer is over the pane). */
async function titleAction(page: Page, label: string): Promise<void> {
  const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: view }) });
  await pane.locator('.pane-header').hover();
  const action = pane.locator(`.pane-header .action-label[aria-label^="${label}"]`).first();
  await action.waitFor({ timeout: 15_000 });
  await action.click();
}

const labelsAt = async (page: Page, level: number): Promise<string[]> => (await readTreeRows(page, { view })).filter((row) => row.level === level).map((row) => row.label);

describe('Runs view actions in code-server', { timeout: 600_000 }, () => {
  let session: Session;
  const root = mkdtempSync(join(tmpdir(), 'mlops-e2e-runs-tree-'));

  before(async () => {
    const workspace = prepareChurnWorkspace(root);
    const store = await openEmbeddedStore(join(workspace, '.mlops'));
    try {
      await seedRuns(store, await store.createExperiment('sweep'), sweep);
    } finally {
      await store.close();
    }
    session = await openSession('e2e-runs-tree', () => workspace);
  });

  after(async () => {
    await session?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("expanding a stage run shows its parameters, metrics, tags and artifacts", async () => {
    await step(session, 'runs-tree-1-expand-run', async () => {
      const { page } = session;
      await openViewContainer(page, 'MLOps');
      await focusRunsPane(page);
      await waitForTreeRow(page, { view, label: /^sweep$/, level: 1 }, 60_000);
      await waitForTreeRow(page, { view, label: /^pipeline /, level: 2 });
      await expandTreeRow(page, { view, label: /^pipeline /, level: 2 });
      await expandTreeRow(page, { view, label: /^train$/, level: 3 });
      const rows = await waitForTreeRow(page, { view, label: /^Parameters$/, level: 4 });
      const train = rows.find((row) => row.level === 3 && row.label === 'train');
      assert.match(train?.description ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d · .+ · auc 0\.\d+$/, JSON.stringify(train));
      const groups = await labelsAt(page, 4);
      const wanted = ['Parameters', 'Metrics', 'Tags', 'Dataset inputs', 'Outputs', 'Artifacts'];
      assert.deepEqual(groups.filter((label) => wanted.includes(label)), wanted, `train's groups: ${groups.join(', ')}`);
      await expandTreeRow(page, { view, label: /^Metrics$/, level: 4 });
      await waitForTreeRow(page, { view, label: /^loss\s+\d/, level: 5 });
      await expandTreeRow(page, { view, label: /^Dataset inputs$/, level: 4 });
      await waitForTreeRow(page, { view, label: /\.csv$/, level: 5 });
      // The sweep's runs are the level-2 rows under sweep, newest first, each with its key metric.
      const sweepRows = (await readTreeRows(page, { view })).filter((row) => row.level === 2 && row.label.startsWith('lr-'));
      assert.deepEqual(sweepRows.map((row) => row.label), [...sweep].reverse().map((run) => run.name));
      assert.match(sweepRows[0]!.description, /auc 0\.85$/);
    });
  });

  test('Filter Runs… shows an invalid filter\'s error at its column, then applies OR with parentheses', async () => {
    const { page } = session;
    const input = page.locator('.quick-input-widget input');
    await step(session, 'runs-tree-2-filter-error', async () => {
      await titleAction(page, 'Filter Runs');
      await input.waitFor();
      await input.fill("params.optimizer = 'adam' AND metrics.auc >");
      const message = page.locator('.quick-input-message');
      await message.getByText(/Column 44: Expected a number for metric 'auc', found the end/).waitFor({ timeout: 15_000 });
      assert.match(await message.innerText(), /metrics\.auc >▶$/);
    });
    await step(session, 'runs-tree-3-filtered', async () => {
      await input.fill("(params.optimizer = 'adam' AND metrics.auc > 0.75) OR params.lr = '0.05'");
      await page.waitForTimeout(300);
      assert.equal((await page.locator('.quick-input-message').innerText()).includes('Column'), false, 'a valid filter still shows an error');
      await input.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      const wanted = ['lr-0.001', 'lr-0.01', 'lr-0.05'];
      for (let waited = 0; waited < 15_000; waited += 250) {
        if (JSON.stringify((await labelsAt(page, 2)).filter((label) => label.startsWith('lr-'))) === JSON.stringify(wanted)) break;
        await page.waitForTimeout(250);
      }
      assert.deepEqual((await labelsAt(page, 2)).filter((label) => label.startsWith('lr-')), wanted);
      const header = await page.locator('.part.sidebar .pane-header', { hasText: view }).innerText();
      assert.match(header, /filter: \(params\.optimizer = 'adam'/);
      // The view's message above its rows names the filter and how to clear it.
      await page.locator('.part.sidebar .pane-body .message', { hasText: '"Clear Filter and Sort" in the view\'s title bar' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    });
  });

  test('two runs selected with Ctrl+click are deleted together from the context menu, after a confirmation', async () => {
    const { page } = session;
    await step(session, 'runs-tree-4-multi-select', async () => {
      await treeRowLocator(page, { view, label: /^lr-0\.001$/, level: 2 }).first().click();
      await treeRowLocator(page, { view, label: /^lr-0\.05$/, level: 2 }).first().click({ modifiers: ['Control'] });
      const selected = await treeRowLocator(page, { view, level: 2 }).evaluateAll((rows) =>
        rows.filter((row) => row.classList.contains('selected')).map((row) => (row.querySelector('.label-name')?.textContent ?? '').trim()),
      );
      assert.deepEqual(selected.sort(), ['lr-0.001', 'lr-0.05']);
      await treeRowLocator(page, { view, label: /^lr-0\.05$/, level: 2 }).first().click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Delete Runs…' }).first().waitFor({ timeout: 15_000 });
      for (const action of ['Copy Run ID', 'Copy runs:/ URI', 'Reveal Run Artifacts', "Open Run's Commit", 'Register Model from Run…']) {
        assert.ok(await page.locator('.context-view .action-label', { hasText: action }).first().isVisible(), `no ${action} in the context menu`);
      }
    });
    await step(session, 'runs-tree-5-delete-confirm', async () => {
      await page.locator('.context-view .action-label', { hasText: 'Delete Runs…' }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      assert.match(await dialog.innerText(), /Delete 2 runs\?/);
      assert.match(await dialog.innerText(), /lr-0\.05, lr-0\.001|lr-0\.001, lr-0\.05/);
    });
    await step(session, 'runs-tree-6-deleted', async () => {
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
      for (let waited = 0; waited < 15_000; waited += 250) {
        if (JSON.stringify((await labelsAt(page, 2)).filter((label) => label.startsWith('lr-'))) === JSON.stringify(['lr-0.01'])) break;
        await page.waitForTimeout(250);
      }
      assert.deepEqual((await labelsAt(page, 2)).filter((label) => label.startsWith('lr-')), ['lr-0.01']);
    });
  });
});
