// The packaged extension in code-server: an mlops.yaml with a misspelt key shows its error in the
// Problems panel, and the quick fix ("Change to "experiment"") clears it, as a user does it.
// Screenshots: test-results/screenshots/problems-{1-error,2-quick-fix-menu,3-fixed}.png.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openFile, screenshot } from '../harness/browser';
import { openSession, step, type Session } from '../harness/session';
import { runCommand } from '../harness/workbench';
import { prepareChurnWorkspace } from '../harness/workspace';

const typo = 'experimnt';
const fixTitle = 'Change to "experiment"';

/** Ctrl+. until the fix shows: a press before the panel has the fixes opens nothing. */
async function openFixes(page: Page, fix: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Period');
    try {
      await fix.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

function problemRows(page: Page) {
  return page.locator('.markers-panel .monaco-list-row');
}

async function problemTexts(page: Page): Promise<string[]> {
  return (await problemRows(page).allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

describe('Problems panel in code-server', { timeout: 600_000 }, () => {
  let session: Session;
  /** 1-based, as the Problems panel shows it. */
  let typoLine = 0;

  before(async () => {
    session = await openSession('e2e-problems', (work) => {
      const workspace = prepareChurnWorkspace(work.root);
      const config = join(workspace, 'mlops.yaml');
      const text = readFileSync(config, 'utf8');
      assert.match(text, /^experiment: /m);
      typoLine = text.slice(0, text.search(/^experiment: /m)).split('\n').length;
      writeFileSync(config, text.replace(/^experiment: /m, `${typo}: `));
      return workspace;
    });
  });

  after(async () => {
    await session?.close();
  });

  test('the Problems panel lists the misspelt key as an error from mlops', async () => {
    await step(session, 'problems-1-error', async () => {
      const { page } = session;
      await openFile(page, 'mlops.yaml');
      await page.locator('.monaco-editor .view-lines', { hasText: typo }).first().waitFor({ timeout: 30_000 });
      await runCommand(page, 'View: Focus Problems');
      const row = problemRows(page).filter({ hasText: `Unknown key "${typo}"` }).first();
      await row.waitFor({ timeout: 60_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Did you mean "experiment"\?/);
      // Source and code; the panel draws the parentheses around the code with CSS.
      assert.match(text, /mlops\W*unknown-key/);
      assert.ok(text.includes(`[Ln ${typoLine}, Col 1]`), text);
      assert.equal(await row.locator('.codicon-error').count(), 1, `not shown as an error: ${text}`);
    });
  });

  test('the quick fix from Ctrl+. changes the key, and the error clears', async () => {
    await step(session, 'problems-3-fixed', async () => {
      const { page } = session;
      // Ctrl+. on the selected problem lists its fixes: a menu in the Problems panel, the action
      // widget in an editor.
      const row = problemRows(page).filter({ hasText: `Unknown key "${typo}"` }).first();
      await row.click();
      // The row shows a light bulb once the panel has asked the server for the problem's fixes.
      await row.locator('.codicon-light-bulb').waitFor({ timeout: 30_000 });
      const fix = page.locator('.context-view, .action-widget').getByText(fixTitle, { exact: true }).first();
      await openFixes(page, fix);
      await screenshot(page, 'problems-2-quick-fix-menu');
      await fix.click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'experiment: churn' }).first().waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 30_000;
      let texts = await problemTexts(page);
      while (texts.some((t) => t.includes(typo) || /missing-key/.test(t)) && Date.now() < deadline) {
        await page.waitForTimeout(250);
        texts = await problemTexts(page);
      }
      assert.deepEqual(texts.filter((t) => t.includes(typo) || /missing-key/.test(t)), [], `problems: ${texts.join(' | ')}`);
      assert.ok(!(await page.locator('.monaco-editor .view-lines').first().innerText()).includes(typo));
    });
  });
});
