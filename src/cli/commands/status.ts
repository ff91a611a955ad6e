import * as path from 'node:path';
import { findPipelineConfig, loadPipelineConfig, type LoadOptions, type PipelineConfig } from '../../core/config/pipelineConfig';
import { readLedgerEnds, saveLedgerEnds, stampStore } from '../../core/pipeline/ledgerEnds';
import { StageHistory, type LedgerReader } from '../../core/pipeline/stageHistory';
import { pipelineStatus, type StageStatus } from '../../core/pipeline/status';
import type { TrackingStore } from '../../core/store/types';
import { flagValue, parseArgs, UsageError, type ParsedArgs } from '../args';
import { mlflowDataPath, storeDir, storeUrl, withStore, type CliContext } from '../context';
import { table } from '../format';

export const statusUsage = `mlops status [STAGE...] [--downstream] [--file mlops.yaml]
  Says for each stage whether it is up to date or will run on \`mlops run\`, and why: never run,
  cmd changed, params changed, deps changed or missing, outs missing or changed, always_run, or an
  upstream stage that will run. Reads no file whose size, mtime and inode are as last hashed.`;

export async function statusCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['file'], switches: ['downstream'] });
  const config = pipelineConfigFor(args, ctx, { remember: true });
  const opts = { stages: args.positionals, downstream: args.flags.has('downstream') };
  // A store folder is loaded only when needed: the ledger's ends, saved with the stamps of its files
  // each time it is loaded (ledgerEnds.ts), show whether stages.json holds every stage's latest
  // record; when it does, the answer is the one loading the store gives.
  const dir = storeUrl(ctx) || mlflowDataPath(ctx) ? undefined : storeDir(ctx);
  const history = dir === undefined ? undefined : StageHistory.load(dir);
  const savedEnds = dir === undefined ? undefined : readLedgerEnds(dir);
  if (history && savedEnds && config.stages.every((s) => history.fileIsCurrent(s.name, savedEnds))) {
    printStatus(await pipelineStatus(config, undefined, { ...opts, stateDir: dir, history }), ctx);
    return 0;
  }
  const stamp = dir === undefined ? undefined : stampStore(dir);
  const statuses = await withStore(ctx, { readOnly: true }, async (store) => {
    const stateDir = stateDirOf(config, ctx);
    if (!history) return pipelineStatus(config, store, { ...opts, stateDir });
    const withLedger = history.withLedger(store as TrackingStore & Partial<LedgerReader>);
    const ledgerEnds = await withLedger.ledgerEnds();
    if (ledgerEnds && stamp) saveLedgerEnds(stateDir, stamp, ledgerEnds);
    return pipelineStatus(config, store, { ...opts, stateDir, history: withLedger, ledgerEnds });
  });
  printStatus(statuses, ctx);
  return 0;
}

/** The pipeline named by --file, else the nearest mlops.yaml. */
export function pipelineConfigFor(args: ParsedArgs, ctx: CliContext, opts?: LoadOptions): PipelineConfig {
  const file = flagValue(args, 'file') ?? findPipelineConfig(ctx.cwd);
  if (!file) throw new UsageError(`No mlops.yaml in ${ctx.cwd} or any folder above it. Give one with --file.`);
  return loadPipelineConfig(path.resolve(ctx.cwd, file), opts);
}

/** Where stages.json lives: the store folder (for a remote store, `.mlops` beside mlops.yaml). */
export function stateDirOf(config: PipelineConfig, ctx: CliContext): string {
  return storeUrl(ctx) ? path.join(config.root, '.mlops') : storeDir(ctx);
}

export function printStatus(statuses: StageStatus[], ctx: CliContext, cmds?: Map<string, string>): void {
  if (ctx.json) {
    ctx.out(JSON.stringify({ stages: statuses.map((s) => ({ ...s, ...(cmds ? { cmd: cmds.get(s.name) } : {}) })) }, null, 2));
    return;
  }
  if (statuses.length === 0) {
    ctx.out('No stages.');
    return;
  }
  ctx.out(table(['stage', 'state', 'why'], statuses.map((s) => [s.name, s.state === 'up-to-date' ? 'up to date' : 'will run', s.reasons.join('; ')])));
}
