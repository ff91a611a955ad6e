// One status check of a pipeline, as `mlops status` makes it, in the editor's process: the config
// loaded and validated, then for each stage up to date or will run and why. The digest cache is
// the project's own (`.mlops/digests.json`, warm after a run), so a check stats files and reads
// none that did not change. Plain logic, no `vscode`.
import { ConfigError, loadPipelineConfig, type PipelineConfig } from '../../core/config/pipelineConfig';
import { CycleError } from '../../core/pipeline/dag';
import { DigestCache } from '../../core/pipeline/digests';
import type { LedgerReader } from '../../core/pipeline/stageHistory';
import { pipelineStatus, type StageStatus } from '../../core/pipeline/status';
import type { TrackingStore } from '../../core/store/types';

export type StatusCheck =
  | { kind: 'ready'; file: string; stateDir: string; config: PipelineConfig; statuses: StageStatus[] }
  /** mlops.yaml does not validate (the Problems panel lists why); nothing would run. */
  | { kind: 'invalid'; file: string; message: string }
  | { kind: 'error'; file: string; message: string };

/**
 * `ledger`: the embedded store's snapshot, when it is the store of `stateDir` (its stage ledger is the
 * record; stages.json in `stateDir` is read either way). A snapshot closed while the check reads it
 * (the store watcher reopens it after each write) makes the check fall back to stages.json alone.
 */
export async function checkStatus(file: string, stateDir: string, ledger?: TrackingStore & Partial<LedgerReader>): Promise<StatusCheck> {
  let config: PipelineConfig;
  try {
    config = loadPipelineConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'invalid', file, message: error.problems.join('\n') };
    return { kind: 'error', file, message: messageOf(error) };
  }
  const check = (store: (TrackingStore & Partial<LedgerReader>) | undefined) => pipelineStatus(config, store, { stateDir, digests: DigestCache.forProject(config.root) });
  try {
    let statuses: StageStatus[];
    try {
      statuses = await check(ledger);
    } catch (error) {
      if (ledger === undefined || error instanceof CycleError) throw error;
      statuses = await check(undefined);
    }
    return { kind: 'ready', file, stateDir, config, statuses };
  } catch (error) {
    if (error instanceof CycleError) return { kind: 'invalid', file, message: error.message };
    return { kind: 'error', file, message: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
