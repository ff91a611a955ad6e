// The prompts of "Register Model from Run…": what to register (one of the run's logged models, or
// a file or folder of its artifacts), then into which registered model (an existing one, or a new
// name). A caller may pass `{ loggedModel }` or `{ artifact }`, and `model`, to skip them.
import * as vscode from 'vscode';
import { checkModelName } from '../../core/store/validate';
import type { Run, TrackingStore } from '../../core/store/types';
import { runNameOf } from '../trees/runLabels';
import { listRunArtifacts } from './runArtifacts';
import type { RegisterSource } from './registerFromRun';

export interface RegisterArguments {
  loggedModel?: string;
  artifact?: string;
  model?: string;
}

export function isRegisterArguments(value: unknown): value is RegisterArguments {
  if (typeof value !== 'object' || value === null) return false;
  const { loggedModel, artifact, model } = value as Record<string, unknown>;
  return [loggedModel, artifact, model].every((field) => field === undefined || typeof field === 'string');
}

interface SourceItem extends vscode.QuickPickItem {
  source: RegisterSource;
  /** A name to offer for a new registered model. */
  suggestedName: string;
}

export async function promptRegistration(store: TrackingStore, run: Run, args: RegisterArguments): Promise<{ source: RegisterSource; modelName: string } | undefined> {
  let source: RegisterSource;
  let suggestedName = runNameOf(run);
  if (args.loggedModel !== undefined) source = { kind: 'loggedModel', modelId: args.loggedModel };
  else if (args.artifact !== undefined) source = { kind: 'artifact', path: args.artifact };
  else {
    const picked = await pickSource(store, run);
    if (picked === undefined) return undefined;
    ({ source, suggestedName } = picked);
  }
  const modelName = args.model ?? (await pickModelName(store, suggestedName));
  return modelName === undefined ? undefined : { source, modelName };
}

async function pickSource(store: TrackingStore, run: Run): Promise<SourceItem | undefined> {
  const items: SourceItem[] = [];
  for (const output of run.outputs.modelOutputs) {
    const model = await store.getLoggedModel(output.modelId).catch(() => undefined);
    items.push({
      label: `$(package) ${model?.name ?? output.modelId}`,
      description: `logged model ${output.modelId}`,
      source: { kind: 'loggedModel', modelId: output.modelId },
      suggestedName: model?.name ?? runNameOf(run),
    });
  }
  const artifacts = await listRunArtifacts(store, run);
  if (artifacts.kind === 'files') {
    for (const file of artifacts.files) {
      items.push({
        label: `$(${file.isDir ? 'folder' : 'file'}) ${file.path}`,
        description: `runs:/${run.info.runId}/${file.path}`,
        source: { kind: 'artifact', path: file.path },
        suggestedName: file.path.replace(/\.[^.]*$/, '').replace(/[/:]/g, '-'),
      });
    }
  }
  if (items.length === 0) {
    const where = artifacts.kind === 'unavailable' ? ` ${artifacts.reason}` : '';
    void vscode.window.showWarningMessage(`Run ${runNameOf(run)} has no logged model and no artifact to register.${where}`);
    return undefined;
  }
  return vscode.window.showQuickPick(items, { title: `Register Model from Run ${runNameOf(run)}`, placeHolder: 'What to register: a logged model, or a file or folder of the run\'s artifacts' });
}

interface ModelItem extends vscode.QuickPickItem {
  name?: string;
}

async function pickModelName(store: TrackingStore, suggested: string): Promise<string | undefined> {
  const names: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRegisteredModels({ maxResults: 1000, ...(pageToken && { pageToken }) });
    names.push(...page.items.map((model) => model.name));
    pageToken = page.nextPageToken;
  } while (pageToken && names.length < 10_000);
  if (names.length > 0) {
    const items: ModelItem[] = [{ label: '$(add) New registered model…', alwaysShow: true }, ...names.map((name): ModelItem => ({ label: name, description: 'new version', name }))];
    const picked = await vscode.window.showQuickPick(items, { title: 'Register Model: registered model', placeHolder: 'Add a version to a registered model, or create one' });
    if (picked === undefined) return undefined;
    if (picked.name !== undefined) return picked.name;
  }
  return vscode.window.showInputBox({
    title: 'Register Model: new registered model',
    prompt: 'The name of the new registered model',
    value: names.includes(suggested) ? '' : suggested,
    validateInput: (value) => {
      if (names.includes(value)) return `'${value}' exists: pick it from the list to add a version to it.`;
      try {
        checkModelName(value);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
}
