// The Runs view's search prompts. "Filter Runs…": the recent filters in a quick pick (pick one to
// apply it, its pencil to edit it), then an input box that checks the filter as it is typed and
// shows an error at its column, with a caret in the filter (filterError.ts). "Sort Runs By…": the
// keys of the loaded runs, then the direction.
import * as vscode from 'vscode';
import { filterErrorMessage, validateFilter } from './filterError';
import { orderByEntry, sortAttributes, sortKeysOf, type SortKey } from './sortKeys';
import type { Run } from '../../core/store/types';
import { SearchSyntaxError } from '../../core/search/errors';
import { parseOrderBy } from '../../core/search/orderBy';

export const filterExample = "metrics.auc > 0.8 AND (params.lr = '0.1' OR params.lr = '0.01')";

/** The filter to apply ('' for none), or undefined when the user cancelled. */
export async function promptFilter(current: string, recent: readonly string[], check: (filter: string) => void): Promise<string | undefined> {
  const start = recent.length === 0 ? { edit: current } : await pickRecent(current, recent);
  if (start === undefined) return undefined;
  if ('apply' in start) return start.apply;
  return editFilter(start.edit, check);
}

type RecentChoice = { apply: string } | { edit: string };

interface FilterItem extends vscode.QuickPickItem {
  choice: RecentChoice;
}

const editButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit this filter' };

async function pickRecent(current: string, recent: readonly string[]): Promise<RecentChoice | undefined> {
  const pick = vscode.window.createQuickPick<FilterItem>();
  pick.title = 'Filter Runs';
  pick.placeholder = 'Pick a recent filter, or type a new one';
  const items: FilterItem[] = [
    { label: '$(edit) New filter…', description: current === '' ? undefined : 'starting from the current one', alwaysShow: true, choice: { edit: current } },
    ...(current === '' ? [] : [{ label: '$(clear-all) No filter', description: 'every run', alwaysShow: true, choice: { apply: '' } }]),
    { label: 'Recent filters', kind: vscode.QuickPickItemKind.Separator, choice: { edit: current } },
    ...recent.map((filter): FilterItem => ({ label: filter, buttons: [editButton], choice: { apply: filter } })),
  ];
  pick.items = items;
  return new Promise<RecentChoice | undefined>((resolve) => {
    let chosen: RecentChoice | undefined;
    pick.onDidTriggerItemButton((event) => {
      chosen = { edit: event.item.label };
      pick.hide();
    });
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      // Text typed that matches no item is a new filter to edit.
      chosen = item?.choice ?? { edit: pick.value };
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

function editFilter(initial: string, check: (filter: string) => void): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = 'Filter Runs';
  box.prompt = "MLflow's search syntax, plus OR and parentheses. Empty shows every run.";
  box.placeholder = filterExample;
  box.value = initial;
  box.validationMessage = validateFilter(initial, check);
  return new Promise<string | undefined>((resolve) => {
    let accepted: string | undefined;
    box.onDidChangeValue((value) => {
      box.validationMessage = validateFilter(value, check);
    });
    box.onDidAccept(() => {
      const problem = validateFilter(box.value, check);
      box.validationMessage = problem;
      if (problem !== undefined) return;
      accepted = box.value.trim();
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(accepted);
    });
    box.show();
  });
}

/** The error line for an invalid filter given as a command argument, or undefined when it is valid. */
export function filterProblem(filter: string, check: (filter: string) => void): { message: string; position?: number } | undefined {
  try {
    check(filter);
    return undefined;
  } catch (error) {
    if (error instanceof SearchSyntaxError) return { message: filterErrorMessage(filter, error), position: error.position };
    return { message: error instanceof Error ? error.message : String(error) };
  }
}

interface SortItem extends vscode.QuickPickItem {
  key?: SortKey;
}

/** The order_by entries to apply ([] for MLflow's default), or undefined when the user cancelled. */
export async function promptSort(runs: readonly Run[], current: readonly string[]): Promise<string[] | undefined> {
  const keys = sortKeysOf(runs);
  const items: SortItem[] = [{ label: '$(history) Default order', description: 'newest first, as MLflow sorts', alwaysShow: true }];
  let section: SortKey['entity'] | undefined;
  for (const key of keys) {
    if (key.entity !== section) {
      section = key.entity;
      items.push({ label: { attribute: 'Attributes', metric: 'Metrics', param: 'Parameters' }[key.entity], kind: vscode.QuickPickItemKind.Separator });
    }
    const active = current.some((entry) => sameKey(entry, key));
    const label = key.entity === 'attribute' ? (sortAttributes.find((a) => a.key === key.key)?.label ?? key.key) : key.key;
    items.push({ label: `${active ? '$(check) ' : ''}${label}`, description: orderByEntry(key, true).replace(/ ASC$/, ''), key });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Sort Runs By', placeHolder: 'A metric, parameter or attribute', matchOnDescription: true });
  if (picked === undefined) return undefined;
  if (picked.key === undefined) return [];
  const direction = await vscode.window.showQuickPick(
    [
      { label: '$(arrow-down) Descending', description: picked.key.entity === 'attribute' && picked.key.key.endsWith('_time') ? 'newest first' : 'largest first', ascending: false },
      { label: '$(arrow-up) Ascending', description: picked.key.entity === 'attribute' && picked.key.key.endsWith('_time') ? 'oldest first' : 'smallest first', ascending: true },
    ],
    { title: `Sort Runs By ${picked.description}`, placeHolder: 'Runs without a value come last either way, as in MLflow' },
  );
  return direction === undefined ? undefined : [orderByEntry(picked.key, direction.ascending)];
}

function sameKey(entry: string, key: SortKey): boolean {
  try {
    const parsed = parseOrderBy(entry);
    return parsed.entity === key.entity && parsed.key === key.key;
  } catch {
    return false;
  }
}
