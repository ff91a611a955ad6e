import * as path from 'node:path';
import { findPipelineConfig, loadPipelineConfig, type PipelineConfig } from '../../core/config/pipelineConfig';
import { pipelineStatus, type StageStatus } from '../../core/pipeline/status';
import { flagValue, parseArgs, UsageError, type ParsedArgs } from '../args';
import { storeDir, storeUrl, withStore, type CliContext } from '../context';
import { table } from '../format';

export const statusUsage = `mlops status [STAGE...] [--downstream] [--file mlops.yaml]
  Says for each stage whether it is up to date or will run on \`mlops run\`, and why: never run,
  cmd changed, params changed, deps changed or missing, outs missing or changed, always_run, or an
  upstream stage that will run. Reads no file whose size, mtime and inode are as last hashed.`;

export async function statusCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['file'], switches: ['downstream'] });
  const config = pipelineConfigFor(args, ctx);
  const statuses = await withStore(ctx, { readOnly: true }, (store) =>
    pipelineStatus(config, store, { stages: args.positionals, downstream: args.flags.has('downstream'), stateDir: stateDirOf(config, ctx) }),
  );
  printStatus(statuses, ctx);
  return 0;
}

/** The pipeline named by --file, else the nearest mlops.yaml. */
export function pipelineConfigFor(args: ParsedArgs, ctx: CliContext): PipelineConfig {
  const file = flagValue(args, 'file') ?? findPipelineConfig(ctx.cwd);
  if (!file) throw new UsageError(`No mlops.yaml in ${ctx.cwd} or any folder above it. Give one with --file.`);
  return loadPipelineConfig(path.resolve(ctx.cwd, file));
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
