// Quick picks that complete a registry command's target when the palette gave none: the model, the
// version. Undefined when the user dismissed the pick.
import * as vscode from 'vscode';
import type { RegisteredModel } from '../../core/store/types';
import { modelDescription, versionDescription } from '../trees/modelsTreeData';
import { readSnapshot, type RegistryContext } from './registryContext';
import type { RegistryTarget } from './registryTargets';

export async function pickModel(ctx: RegistryContext, title: string): Promise<string | undefined> {
  const models = await readSnapshot(ctx, async (store) => {
    const found: RegisteredModel[] = [];
    for (let page: string | undefined, first = true; first || page; first = false) {
      const result = await store.searchRegisteredModels({ maxResults: 1000, ...(page ? { pageToken: page } : {}) });
      found.push(...result.items);
      page = result.nextPageToken;
    }
    return found;
  });
  if (models.length === 0) throw new Error('There is no registered model yet.');
  if (models.length === 1) return models[0]!.name;
  const picked = await vscode.window.showQuickPick(
    models.sort((a, b) => a.name.localeCompare(b.name)).map((model) => ({ label: model.name, description: modelDescription(model) })),
    { title, placeHolder: 'Pick a registered model' },
  );
  return picked?.label;
}

export async function pickVersion(ctx: RegistryContext, name: string, title: string): Promise<string | undefined> {
  const versions = (await readSnapshot(ctx, (store) => store.searchModelVersions({ name }))).sort((a, b) => Number(b.version) - Number(a.version));
  if (versions.length === 0) throw new Error(`'${name}' has no model version.`);
  const picked = await vscode.window.showQuickPick(
    versions.map((v) => ({ label: `v${v.version}`, description: versionDescription(v), version: v.version })),
    { title, placeHolder: `Pick a version of ${name}` },
  );
  return picked?.version;
}

/** The target with its model, and its version when `needsVersion`, asked for where missing. */
export async function completeTarget(ctx: RegistryContext, target: RegistryTarget | undefined, title: string, needsVersion: boolean): Promise<RegistryTarget | undefined> {
  const name = target?.name ?? (await pickModel(ctx, title));
  if (name === undefined) return undefined;
  if (!needsVersion || target?.version !== undefined) return { ...target, name };
  const version = await pickVersion(ctx, name, title);
  return version === undefined ? undefined : { ...target, name, version };
}
