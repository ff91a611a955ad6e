// What the in-host tests reach through the real `vscode` API: the extension and its exported trees.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';

export const extensionId = 'mlops-workbench.mlops-workbench';

export function workbenchExtension(): vscode.Extension<WorkbenchApi> {
  const extension = vscode.extensions.getExtension<WorkbenchApi>(extensionId);
  assert.ok(extension, `${extensionId} is not loaded in this extension host`);
  return extension;
}

export async function workbenchApi(): Promise<WorkbenchApi> {
  const api = await workbenchExtension().activate();
  assert.ok(api, `${extensionId} exported nothing from activate()`);
  return api;
}

/** Polls `probe` until it returns a value (not undefined); the store loads after activate() returns. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface Row<E> {
  element: E;
  item: vscode.TreeItem;
  label: string;
}

export function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** A tree level as a user sees it: each element with the TreeItem the view would draw. */
export async function rowsOf<E>(provider: vscode.TreeDataProvider<E>, parent?: E): Promise<Row<E>[]> {
  const elements = (await provider.getChildren(parent)) ?? [];
  return Promise.all(
    elements.map(async (element) => {
      const item = await provider.getTreeItem(element);
      return { element, item, label: labelOf(item) };
    }),
  );
}
