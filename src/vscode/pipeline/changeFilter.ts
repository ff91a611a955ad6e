// Which file changes can change the pipeline's status: mlops.yaml, the params file, any stage's
// deps and outs (a file, or anything inside a folder), and stages.json, where each successful
// stage execution is recorded. Everything else (the store's journal, the digest cache the status
// check itself writes, bytecode) is left out, so a status check never triggers the next one.
// Plain logic, no `vscode`.
import * as path from 'node:path';
import type { PipelineConfig } from '../../core/config/pipelineConfig';
import { STAGES_FILE } from '../../core/pipeline/stageHistory';

export interface WatchedPaths {
  /** Absolute paths whose own change matters. */
  files: Set<string>;
  /** Absolute paths of deps and outs: a change at or under one matters. */
  trees: string[];
}

export function watchedPaths(config: Pick<PipelineConfig, 'file' | 'root' | 'paramsFile' | 'stages'>, stateDir: string): WatchedPaths {
  const files = new Set([path.resolve(config.file), path.join(stateDir, STAGES_FILE)]);
  if (config.paramsFile) files.add(path.resolve(config.root, config.paramsFile));
  const trees = [...new Set(config.stages.flatMap((stage) => [...stage.deps, ...stage.outs]).map((p) => path.resolve(config.root, p)))];
  return { files, trees };
}

export function changeMatters(watched: WatchedPaths, changed: string): boolean {
  const full = path.resolve(changed);
  if (watched.files.has(full)) return true;
  if (full.split(path.sep).includes('__pycache__')) return false;
  return watched.trees.some((tree) => full === tree || full.startsWith(tree + path.sep));
}
