// package.json's contributions and the code's tables must name the same commands, views and rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backendKinds, type BackendKind } from '../../../src/vscode/backend/backend';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import { commandCategory, commandTable, type CommandContext } from '../../../src/vscode/commands/commandTable';
import { backendContextKey, ModelsContextValue, PipelineContextValue, pipelineRunningContextKey, RunsContextValue, runsSearchContextKey, storeStateContextKey, ViewId } from '../../../src/vscode/viewIds';

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

  it('puts the Pipeline, Runs and Models views in the MLOps container, with its icon on disk', () => {
    const [container] = contributes.viewsContainers.activitybar;
    assert.equal(container?.id, ViewId.container);
    assert.match(readFileSync(join(root, container!.icon), 'utf8'), /<svg[\s\S]*currentColor/);
    assert.deepEqual(contributes.views[ViewId.container]?.map((view) => view.id), [ViewId.pipeline, ViewId.runs, ViewId.models]);
    for (const welcome of contributes.viewsWelcome) assert.ok([ViewId.pipeline, ViewId.runs, ViewId.models].includes(welcome.view as never), welcome.view);
  });

  it('matches tree rows by their context values, and the store state and backend by their context keys', () => {
    const contextValues = new Set<string>([...Object.values(RunsContextValue), ...Object.values(ModelsContextValue), ...Object.values(PipelineContextValue)]);
    const whens = [...Object.values(contributes.menus).flat().map((entry) => entry.when ?? ''), ...contributes.viewsWelcome.map((w) => w.when ?? '')];
    for (const when of whens) {
      for (const [, value] of when.matchAll(/viewItem == (\w+)/g)) assert.ok(contextValues.has(value!), `unknown viewItem ${value}`);
      for (const [, key] of when.matchAll(/(mlops\.\w+) [!=]=/g)) assert.ok(key === storeStateContextKey || key === backendContextKey, `unknown context key ${key}`);
      for (const [, key] of when.matchAll(/(?<![=!]= !?)(?<=^|[(!& |])(mlops\.\w+)(?= &&| \|\||\)|$)/g)) assert.ok(key === pipelineRunningContextKey || key === runsSearchContextKey, `unknown boolean context key ${key}`);
      for (const [, value] of when.matchAll(/mlops\.backend [!=]= (\w+)/g)) assert.ok(backendKinds.includes(value as BackendKind), `unknown backend ${value}`);
    }
  });

  it('activates on its views and commands', () => {
    for (const view of [ViewId.pipeline, ViewId.runs, ViewId.models]) assert.ok(manifest.activationEvents.includes(`onView:${view}`), view);
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
      backends: {
        connect: async (server) => void calls.push(`connect ${JSON.stringify(server)}`),
        useEmbedded: async () => void calls.push('use embedded'),
        openMlflowData: async (target) => void calls.push(`open data ${String(target)}`),
        choose: async () => void calls.push('choose backend'),
      },
      pipeline: {
        runPipeline: async (target) => void calls.push(`run pipeline ${JSON.stringify(target)}`),
        runStage: async (target, downstream) => void calls.push(`run stage ${JSON.stringify(target)}${downstream ? ' downstream' : ''}`),
        showStatus: async () => void calls.push('show status'),
        cancel: () => void calls.push('cancel'),
        refresh: async () => void calls.push('refresh status'),
        showOutput: () => void calls.push('show output'),
      },
      // Routed and checked in test/unit/vscode/modelsRegistry.test.ts.
      registry: {
        promote: async () => undefined, rollBack: async () => undefined, showHistory: async () => undefined, showGateResults: async () => undefined,
        archive: async () => undefined, deleteVersion: async () => undefined, editDescription: async () => undefined, setTag: async () => undefined,
      },
      // Routed and checked in test/unit/vscode/runsCommands.test.ts.
      runs: {
        filter: async () => undefined, sort: async () => undefined, clearSearch: async () => undefined, toggleDeleted: async () => undefined, loadMore: async () => undefined,
        copyRunIds: async () => undefined, copyRunUris: async () => undefined, revealArtifacts: async () => undefined, openCommit: async () => undefined,
        checkoutCommit: async () => undefined, registerModel: async () => undefined, deleteRuns: async () => undefined, restoreRuns: async () => undefined,
      },
    };
    await commandTable[CommandId.refresh].handler(ctx)();
    await commandTable[CommandId.openRun].handler(ctx)('run-1');
    await commandTable[CommandId.showLog].handler(ctx)();
    await commandTable[CommandId.connectToServer].handler(ctx)({ url: 'http://127.0.0.1:5000' });
    await commandTable[CommandId.useEmbeddedStore].handler(ctx)();
    await commandTable[CommandId.openMlflowData].handler(ctx)('/data/mlflow.db');
    await commandTable[CommandId.chooseBackend].handler(ctx)();
    await commandTable[CommandId.runPipeline].handler(ctx)();
    await commandTable[CommandId.runStage].handler(ctx)('train');
    await commandTable[CommandId.runStageAndDownstream].handler(ctx)({ file: '/p/mlops.yaml', stage: 'train' });
    await commandTable[CommandId.showPipelineStatus].handler(ctx)();
    await commandTable[CommandId.cancelPipelineRun].handler(ctx)();
    await commandTable[CommandId.refreshPipelineStatus].handler(ctx)();
    await commandTable[CommandId.showPipelineOutput].handler(ctx)();
    assert.deepEqual(calls, [
      'refresh', 'open run-1', 'show log', 'connect {"url":"http://127.0.0.1:5000"}', 'use embedded', 'open data /data/mlflow.db', 'choose backend',
      'run pipeline undefined', 'run stage "train"', 'run stage {"file":"/p/mlops.yaml","stage":"train"} downstream', 'show status', 'cancel', 'refresh status', 'show output',
    ]);
  });
});
