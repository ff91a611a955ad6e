// Small moves in the VS Code web workbench, with the selectors that hold across 1.10x releases.
import type { Locator, Page } from 'playwright-core';

export interface TreeRow {
  label: string;
  description: string;
  /** label and description, as the row reads. */
  text: string;
  level: number;
  expanded: boolean | undefined;
}

export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  await page.locator('.activitybar').waitFor({ timeout: timeoutMs });
}

export function folderUrl(serverUrl: string, folder: string): string {
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
}

export async function openFolder(page: Page, serverUrl: string, folder: string): Promise<void> {
  await page.goto(folderUrl(serverUrl, folder));
  await waitForWorkbench(page);
}

/** F1, type the command's title, pick the row that shows it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Clicks an activity-bar entry unless its container is already showing. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await item.waitFor({ timeout: 30_000 });
  const active = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked') ?? false);
  if (!active) await item.click();
  await page.locator('.part.sidebar .pane-body').first().waitFor();
}

/** Which tree rows: in the side-bar view titled `view` (else any), whose label matches, at this depth (1 = top). */
export interface RowQuery {
  view?: string;
  label?: RegExp;
  level?: number;
}

export function treeRowLocator(page: Page, query: RowQuery = {}): Locator {
  const sidebar = page.locator('.part.sidebar');
  const scope = query.view ? sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: query.view }) }) : sidebar;
  let rows = scope.locator(query.level === undefined ? '.pane-body .monaco-list-row' : `.pane-body .monaco-list-row[aria-level="${query.level}"]`);
  if (query.label) rows = rows.filter({ has: page.locator('.label-name', { hasText: query.label }) });
  return rows;
}

export async function readTreeRows(page: Page, query: RowQuery = {}): Promise<TreeRow[]> {
  return treeRowLocator(page, { ...query, label: undefined }).evaluateAll((rows) =>
    rows.map((row) => {
      const expanded = row.getAttribute('aria-expanded');
      // No named functions in here: tsx's keepNames would wrap them in a `__name` the page lacks.
      const [label, description] = ['.label-name', '.label-description'].map((selector) =>
        (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      );
      return {
        label,
        description,
        text: description ? `${label} ${description}` : label,
        level: Number(row.getAttribute('aria-level') ?? '0'),
        expanded: expanded === null ? undefined : expanded === 'true',
      };
    }),
  );
}

/** Waits until a row matches the query, then returns every row of the view (or side bar). */
export async function waitForTreeRow(page: Page, query: RowQuery & { label: RegExp }, timeoutMs = 30_000): Promise<TreeRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: TreeRow[] = [];
  const matches = (row: TreeRow): boolean => query.label.test(row.label) && (query.level === undefined || row.level === query.level);
  while (Date.now() < deadline) {
    rows = await readTreeRows(page, { view: query.view });
    if (rows.some(matches)) return rows;
    await page.waitForTimeout(250);
  }
  throw new Error(`no tree row labelled ${query.label}${query.level ? ` at level ${query.level}` : ''} within ${timeoutMs} ms; rows: ${JSON.stringify(rows.map((r) => `${r.level}: ${r.text}`))}`);
}

/** Expands the first row matching the query through its twistie (a click on the row would also run its command). */
export async function expandTreeRow(page: Page, query: RowQuery): Promise<void> {
  const row = treeRowLocator(page, query).first();
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.locator('.monaco-tl-twistie').click();
  for (let waited = 0; waited < 15_000; waited += 250) {
    if ((await row.getAttribute('aria-expanded')) === 'true') return;
    await page.waitForTimeout(250);
  }
  throw new Error(`tree row ${JSON.stringify({ ...query, label: String(query.label) })} did not expand`);
}

/** The workbench's visible text, for failure messages. */
export async function workbenchText(page: Page): Promise<string> {
  return page.locator('.monaco-workbench').innerText().catch((error: Error) => `(no workbench text: ${error.message})`);
}
