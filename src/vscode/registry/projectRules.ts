// The workspace's mlops.yaml as the registry needs it: its protection rules (which gates guard an
// alias or stage) and its folder, where the actor's git identity is read. The rules apply on every
// backend: a team sharing an MLflow server keeps them in the repository.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigError, loadPipelineConfig } from '../../core/config/pipelineConfig';
import type { ProtectionRules } from '../../core/registry/promote';
import { RegistryError } from '../../core/registry/registryStore';
import { configFileGlob } from '../store/storeLocation';

export interface ProjectRules {
  rules: ProtectionRules;
  /** Where git's user is read: the folder of mlops.yaml, else the first workspace folder. */
  root: string | undefined;
}

/** Throws RegistryError when mlops.yaml has errors: its protection cannot be judged, so nothing is promoted. */
export async function loadProjectRules(): Promise<ProjectRules> {
  const files = await vscode.workspace.findFiles(configFileGlob, '**/{node_modules,.git}/**', 100);
  const file = files.map((uri) => uri.fsPath).sort(byDepthThenName)[0];
  if (file === undefined) return { rules: undefined, root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
  try {
    return { rules: loadPipelineConfig(file), root: path.dirname(file) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new RegistryError(`${file} has errors, so the registry's protection cannot be checked; fix them first (see the Problems panel): ${error.problems.slice(0, 3).join('; ')}${error.problems.length > 3 ? '; …' : ''}`);
  }
}

function byDepthThenName(a: string, b: string): number {
  const depth = (p: string): number => p.split(path.sep).length;
  return depth(a) - depth(b) || a.localeCompare(b);
}
