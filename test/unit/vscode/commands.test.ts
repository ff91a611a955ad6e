// package.json's contributions and the code's tables must name the same commands, views and rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import { commandCategory, commandTable, type CommandContext } from '../../../src/vscode/commands/commandTable';
import { ModelsContextValue, RunsContextValue, storeStateContextKey, ViewId } from '../../../src/vscode/viewIds';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const { contributes } = manifest;
const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('package.json contributions', () => {
  it('declares exactly the commands of the command table', () => {
    assert.deepEqual(sorted(Object.keys(commandTable)), sorted(Object.values(CommandId)));
    assert.deepEqual(sorted(contributes.commands.map((c) => c.command)), sorted(Object.keys(commandTable)));
  });

  it('gives each command the title, category and icon of the table', () => {
    for (const declared of contributes.commands) {
      const spec = commandTable[declared.command as CommandId];
      assert.equal(declared.title, spec.title, declared.command);
      assert.equal(declared.category, commandCategory, declared.command);
      assert.equal(declared.icon, spec.icon, declared.command);
    }
  });

  it('uses only known commands in menus and welcome links', () => {
    const known = new Set<string>(Object.values(CommandId));
    for (const [menu, entries] of Object.entries(contributes.menus)) {
      for (const entry of entries) assert.ok(known.has(entry.command), `${menu}: ${entry.command}`);
    }
    for (const welcome of contributes.viewsWelcome) {
      for (const [, command] of welcome.contents.matchAll(/\(command:(mlops\.[\w.]+)/g)) assert.ok(known.has(command!), command);
    }
  });

  it('puts the Runs and Models views in the MLOps container, with its icon on disk', () => {
    const [container] = contributes.viewsContainers.activitybar;
    assert.equal(container?.id, ViewId.container);
    assert.match(readFileSync(join(root, container!.icon), 'utf8'), /<svg[\s\S]*currentColor/);
    assert.deepEqual(contributes.views[ViewId.container]?.map((view) => view.id), [ViewId.runs, ViewId.models]);
    for (const welcome of contributes.viewsWelcome) assert.ok([ViewId.runs, ViewId.models].includes(welcome.view as never), welcome.view);
  });

  it('matches tree rows by their context values and the store state by its context key', () => {
    const contextValues = new Set<string>([...Object.values(RunsContextValue), ...Object.values(ModelsContextValue)]);
    const whens = [...Object.values(contributes.menus).flat().map((entry) => entry.when ?? ''), ...contributes.viewsWelcome.map((w) => w.when ?? '')];
    for (const when of whens) {
      for (const [, value] of when.matchAll(/viewItem == (\w+)/g)) assert.ok(contextValues.has(value!), `unknown viewItem ${value}`);
      for (const [, key] of when.matchAll(/(mlops\.\w+) [!=]=/g)) assert.equal(key, storeStateContextKey);
    }
  });

  it('activates on its views and commands', () => {
    for (const view of [ViewId.runs, ViewId.models]) assert.ok(manifest.activationEvents.includes(`onView:${view}`), view);
    for (const command of Object.values(CommandId)) assert.ok(manifest.activationEvents.includes(`onCommand:${command}`), command);
  });

  it('declares the settings the extension reads', () => {
    assert.equal(contributes.configuration.properties['mlops.store']?.default, '');
    assert.equal(contributes.configuration.properties['mlops.runs.keyMetric']?.default, 'auc');
  });
});

describe('command table handlers', () => {
  it('route each command to its service, passing the command argument on', async () => {
    const calls: string[] = [];
    const ctx: CommandContext = {
      store: { refresh: async () => void calls.push('refresh') },
      runPanels: { open: async (target) => void calls.push(`open ${String(target)}`) },
      log: { show: () => void calls.push('show log') },
    };
    await commandTable[CommandId.refresh].handler(ctx)();
    await commandTable[CommandId.openRun].handler(ctx)('run-1');
    await commandTable[CommandId.showLog].handler(ctx)();
    assert.deepEqual(calls, ['refresh', 'open run-1', 'show log']);
  });
});
