// The packaged extension in code-server: the registry workflow as a user clicks it. examples/churn
// run twice (two learning rates), so churn has v1 and v2 (v2 with @challenger), both with their gate
// passed; then v3 is added whose recorded gate failed (as a version registered outside the pipeline
// would be). In the Models view: Promote… v3 to @champion is refused, naming the gate, and Show Gate
// Results explains; Promote… v1 to @champion with a reason, then v2; Roll Back Alias… @champion
// (confirmed in a modal) returns it to v1; Show History shows the audit trail.
// Screenshots: test-results/screenshots/registry-*.png.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openEmbeddedStore } from '../../src/core/store/embeddedStore';
import { addVersion } from '../fixtures/registry/registrySeed';
import { openSession, step, type Session } from '../harness/session';
import type { WorkDir } from '../harness/workDir';
import { expandTreeRow, openViewContainer, runCommand, treeRowLocator, waitForTreeRow, type RowQuery } from '../harness/workbench';
import { cli, prepareChurnWorkspace } from '../harness/workspace';

const view = 'Models';

/** examples/churn run with lr 0.5, then with lr 0.25: two registered versions of churn. */
function churnWithTwoVersions(work: WorkDir): string {
  const workspace = prepareChurnWorkspace(work.root);
  const params = join(workspace, 'params.yaml');
  writeFileSync(params, readFileSync(params, 'utf8').replace(/lr: 0\.5/, 'lr: 0.25'));
  const run = spawnSync(process.execPath, [cli, 'run'], { cwd: workspace, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`second mlops run exited ${run.status ?? run.signal}\n${run.stdout}\n${run.stderr}`);
  const models = JSON.parse(spawnSync(process.execPath, [cli, '--json', 'models'], { cwd: workspace, encoding: 'utf8' }).stdout) as { versions: { version: string }[] }[];
  assert.deepEqual(models[0]?.versions.map((v) => v.version).sort(), ['1', '2'], 'the two runs did not register v1 and v2');
  return workspace;
}

/** Expands the view's pane (collapsing the others, so its rows have room). */
async function focusPane(page: Page, title: string): Promise<void> {
  const panes = page.locator('.part.sidebar .pane-header');
  for (const header of await panes.all()) {
    const name = (await header.innerText()).trim().split('\n')[0]!.trim();
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if ((name.toLowerCase() === title.toLowerCase()) !== expanded) await header.click();
  }
}

/** Drags the side bar's edge to `width` pixels, so the rows' descriptions show whole. */
async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = box.x + box.width + 1;
  await page.mouse.move(edge, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function contextMenu(page: Page, row: RowQuery, action: string): Promise<void> {
  await treeRowLocator(page, row).first().click({ button: 'right' });
  const item = page.locator('.context-view .action-label', { hasText: action }).first();
  await item.waitFor({ timeout: 15_000 });
  await item.hover();
  await item.click();
  // A click that lands while the menu still settles is dropped: the hovered item takes Enter.
  const menu = page.locator('.context-view .monaco-menu');
  if (!(await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false))) {
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  }
}

async function pick(page: Page, text: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

async function typeInto(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

async function toast(page: Page, text: string): Promise<void> {
  await page.locator('.notification-toast', { hasText: text }).first().waitFor({ timeout: 30_000 });
}

const version = (n: number): RowQuery & { label: RegExp } => ({ view, label: new RegExp(`^v${n}$`), level: 2 });

describe('Model registry in code-server', { timeout: 600_000 }, () => {
  let session: Session;
  let workspace = '';
  let failing = '';

  before(async () => {
    session = await openSession('e2e-registry', (work) => (workspace = churnWithTwoVersions(work)));
    // The editor reads snapshots and holds no lock: the store opens writable here, as `mlops` would.
    const store = await openEmbeddedStore(join(workspace, '.mlops'));
    try {
      failing = await addVersion(store, 7, { auc: 0.7 }, 'registry-e2e');
    } finally {
      await store.close();
    }
  });

  after(async () => {
    await session?.close();
  });

  async function descriptionOf(n: number): Promise<string> {
    const rows = await waitForTreeRow(session.page, version(n));
    return rows.find((row) => row.level === 2 && row.label === `v${n}`)!.description;
  }

  async function waitForChampion(n: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!/@champion/.test(await descriptionOf(n))) {
      if (Date.now() > deadline) throw new Error(`v${n} never showed @champion: ${await descriptionOf(n)}`);
      await session.page.waitForTimeout(250);
    }
  }

  test('the Models view lists churn\'s versions with their alias badges', async () => {
    await step(session, 'registry-1-versions', async () => {
      await openViewContainer(session.page, 'MLOps');
      await focusPane(session.page, view);
      await waitForTreeRow(session.page, { view, label: /^churn$/, level: 1 }, 60_000);
      await widenSideBar(session.page, 460);
      await expandTreeRow(session.page, { view, label: /^churn$/, level: 1 });
      assert.match(await descriptionOf(2), /^@challenger · run [0-9a-f]{8} · \d{4}-\d\d-\d\d \d\d:\d\d$/);
      assert.doesNotMatch(await descriptionOf(1), /@/);
      assert.equal(failing, '3');
      await descriptionOf(3);
    });
  });

  test('Promote… locks @champion for a version whose gate failed; picking it names the gate, and Show Gate Results explains', async () => {
    const page = session.page;
    await step(session, 'registry-2-blocked-pick', async () => {
      await contextMenu(page, version(3), 'Promote…');
      const champion = page.locator('.quick-input-list .monaco-list-row', { hasText: '@champion' }).first();
      await champion.waitFor({ timeout: 15_000 });
      assert.match(await champion.innerText(), /Protected by beats_champion: ✗ failed: auc 0\.7 is not >= 0\.805/);
    });
    await step(session, 'registry-3-blocked-message', async () => {
      await pick(page, '@champion');
      await toast(page, "Version 3 of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0.7 is not >= 0.805");
      await page.locator('.notification-toast .monaco-button', { hasText: 'Show Gate Results' }).first().waitFor({ state: 'visible' });
      await page.waitForTimeout(1_000); // the toast slides in: let it settle for the screenshot
      assert.doesNotMatch(await descriptionOf(3), /@champion/);
    });
    await step(session, 'registry-4-gate-results', async () => {
      await page.locator('.notification-toast .monaco-button', { hasText: 'Show Gate Results' }).first().click();
      const preview = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
      await preview.locator('h1', { hasText: 'Gate results of churn v3' }).waitFor({ timeout: 30_000 });
      const cells = (await preview.locator('table tbody tr').first().allInnerTexts()).join(' ').replace(/\s+/g, ' ');
      assert.match(cells, /auc >= 0\.7 0\.8 \(models:\/churn@champion \(version 1\)\) 0\.005 FAIL: not >= 0\.805/);
    });
    await runCommand(page, 'View: Close All Editors');
  });

  test('Promote… shows each alias with its protection; v1 becomes champion with a reason', async () => {
    const page = session.page;
    await step(session, 'registry-5-promote-pick', async () => {
      await contextMenu(page, version(1), 'Promote…');
      const champion = page.locator('.quick-input-list .monaco-list-row', { hasText: '@champion' }).first();
      await champion.waitFor({ timeout: 15_000 });
      assert.match(await champion.innerText(), /Protected by beats_champion: ✓ passed/);
    });
    await step(session, 'registry-6-promote-reason', async () => {
      await pick(page, '@champion');
      await page.locator('.quick-input-widget', { hasText: 'Promote churn v1 to @champion' }).waitFor({ timeout: 15_000 });
      await page.locator('.quick-input-widget input').fill('first champion: auc 0.84 on the holdout set');
    });
    await step(session, 'registry-7-promoted', async () => {
      await page.locator('.quick-input-widget input').press('Enter');
      await toast(page, "Version 1 of 'churn' now holds alias 'champion'.");
      await waitForChampion(1);
      await page.locator('.statusbar-item', { hasText: 'churn v1' }).first().waitFor({ timeout: 30_000 });
    });
  });

  test('v2 takes champion over; Roll Back Alias… (confirmed) returns it to v1', async () => {
    const page = session.page;
    await step(session, 'registry-8-promote-v2', async () => {
      await contextMenu(page, version(2), 'Promote…');
      await pick(page, '@champion');
      await typeInto(page, 'retrained with lr 0.25');
      await toast(page, "Version 2 of 'churn' now holds alias 'champion' (moved from version 1).");
      await waitForChampion(2);
    });
    await step(session, 'registry-9-rollback-confirm', async () => {
      await contextMenu(page, { view, label: /^churn$/, level: 1 }, 'Roll Back Alias…');
      await pick(page, '@champion');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      assert.match(await dialog.innerText(), /Roll back @champion of churn from v2 to v1\?/);
    });
    await step(session, 'registry-10-rolled-back', async () => {
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Roll Back' }).first().click();
      await typeInto(page, 'error rate doubled after the switch');
      await toast(page, "Alias 'champion' of 'churn' rolled back from version 2 to version 1.");
      await waitForChampion(1);
      assert.doesNotMatch(await descriptionOf(2), /@champion/);
      await page.locator('.statusbar-item', { hasText: 'churn v1' }).first().waitFor({ timeout: 30_000 });
    });
  });

  test('Show History opens the audit trail: who, when, what changed, why, run and commit', async () => {
    const page = session.page;
    await step(session, 'registry-11-history', async () => {
      await contextMenu(page, { view, label: /^churn$/, level: 1 }, 'Show History');
      const preview = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
      const rows = preview.locator('table tbody tr');
      await rows.first().waitFor({ timeout: 30_000 });
      const text = (await rows.allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
      assert.match(text[0] ?? '', /@champion rolled back v2 → v1 error rate doubled after the switch [0-9a-f]{8}$/);
      assert.match(text[1] ?? '', /@champion v1 → v2 retrained with lr 0\.25 [0-9a-f]{8}$/);
      assert.match(text[2] ?? '', /@champion v1 first champion: auc 0\.84 on the holdout set/);
    });
  });
});
