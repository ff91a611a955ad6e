import { formatGateResult } from '../../core/pipeline/gateReport';
import { runPipeline, type PipelineResult, type RunnerEvent } from '../../core/pipeline/runner';
import { pipelineStatus } from '../../core/pipeline/status';
import type { TrackingEnv } from '../../core/pipeline/stageProcess';
import { serveStoreForRun } from '../../core/pipeline/trackingServer';
import { EmbeddedStore } from '../../core/store/embeddedStore';
import { ownerAddress } from '../../core/mlflow/client/ownerServer';
import { flagValue, parseArgs, UsageError } from '../args';
import { storeDir, withStore, type CliContext } from '../context';
import { openEventsPipe } from '../eventsPipe';
import { formatNumber, jsonNumber, table } from '../format';
import { pipelineConfigFor, printStatus, stateDirOf } from './status';

export const runUsage = `mlops run [STAGE...] [--downstream] [--dry-run] [--force] [--jobs N] [--file mlops.yaml]
  Runs the pipeline's stages (or the named ones; with --downstream, also what depends on them),
  each after the stages it depends on, up to N at a time (default: the number of CPUs). Stages
  that are up to date are skipped and recorded as cached; --force runs them anyway; --dry-run
  only says which stages would run and why. After a gate's stage, the gate is checked and its table
  printed; a failed gate stops the pipeline. When the run finishes, mlops.yaml's \`register\` model is
  registered (once per artifact) with its alias. Exit code 1 when a stage fails or registering
  fails, 3 when a gate fails (and no stage did).`;

export async function runCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['file', 'jobs'], switches: ['downstream', 'dry-run', 'force'] });
  const config = pipelineConfigFor(args, ctx);
  const downstream = args.flags.has('downstream');
  const force = args.flags.has('force');
  const jobs = jobsFlag(flagValue(args, 'jobs'));
  const stateDir = stateDirOf(config, ctx);

  if (args.flags.has('dry-run')) {
    const statuses = await withStore(ctx, { readOnly: true }, (store) => pipelineStatus(config, store, { stages: args.positionals, downstream, force, stateDir }));
    printStatus(statuses, ctx, new Map(config.stages.map((s) => [s.name, s.cmd])));
    return 0;
  }

  const events = openEventsPipe(); // MLOPS_EVENTS_FD: the editor follows the run through it
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const output = new StageOutput((text) => (ctx.json ? process.stderr : process.stdout).write(text));
  try {
    const result = await withStore(ctx, { readOnly: false }, async (store) => {
      const served = store instanceof EmbeddedStore ? await serveStoreForRun(store) : undefined;
      try {
        return await runPipeline(config, store, {
          stages: args.positionals, downstream, force, jobs, stateDir, signal: abort.signal,
          tracking: served?.tracking ?? ownerTracking(ctx),
          onOutput: (stage, chunk) => output.write(stage, chunk),
          onEvent: (e) => {
            if (e.kind === 'stageEnded') output.flush(e.stage);
            events?.write(e);
            if (!ctx.json) describe(e, ctx);
          },
        });
      } finally {
        await served?.close();
      }
    });
    if (ctx.json) {
      ctx.out(JSON.stringify({ ...result, stages: result.stages.map((s) => ({ ...s, metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, jsonNumber(v)])) })) }, null, 2));
    } else {
      ctx.out('');
      ctx.out(table(['stage', 'status', 'metrics'], result.stages.map((s) => [s.stage, s.cachedFrom ? 'cached' : s.status, Object.entries(s.metrics).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')])));
      if (result.notRun.length > 0) ctx.out(`not run: ${result.notRun.join(', ')}`);
      if (result.failedGate) ctx.out(`gate ${result.failedGate} failed${result.stopReason ? `: ${result.stopReason}` : ''}`);
      if (result.registration) ctx.out(result.registration.message);
      ctx.out(`pipeline run ${result.runId} in experiment '${config.experiment}': ${result.status.toLowerCase()}`);
    }
    return exitCode(result);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** 1 when a stage failed or was killed, or registering failed; else 3 when a gate failed; else 0. */
export function exitCode(result: PipelineResult): number {
  if (result.status === 'KILLED' || result.stages.some((s) => s.status !== 'FINISHED') || result.registration?.error) return 1;
  if (result.failedGate) return 3;
  return result.status === 'FINISHED' ? 0 : 1;
}

function jobsFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--jobs ${text}: give a whole number of stages to run at once, at least 1.`);
  return Number(text);
}

/** The live owner's server, when the store is reached through it: stages log there too. */
function ownerTracking(ctx: CliContext): TrackingEnv | undefined {
  const owner = ownerAddress(storeDir(ctx));
  return owner && { uri: owner.url, token: owner.token };
}

function describe(e: RunnerEvent, ctx: CliContext): void {
  if (e.kind === 'stageStarted') ctx.out(`── ${e.stage} ── ${e.reasons.join('; ')}`);
  if (e.kind === 'stageSkipped') ctx.out(`── ${e.stage}: up to date, outputs of run ${e.cachedFrom} ──`);
  if (e.kind === 'stageEnded') ctx.out(`── ${e.stage}: ${e.status.toLowerCase()}${e.exitCode ? ` (exit code ${e.exitCode})` : ''}, ${e.metrics} metrics ──`);
  if (e.kind === 'gateChecked') ctx.out(`${formatGateResult(e.result)}${e.reusedFrom ? `\n  (recorded by run ${e.reusedFrom}, whose outputs ${e.stage} reused)` : ''}`);
  if (e.kind === 'warning') ctx.err(`warning: ${e.stage ? `${e.stage}: ` : ''}${e.message}`);
}

/** Stage output, each line prefixed with its stage; a line is written only once whole, so parallel stages never mix within a line. */
class StageOutput {
  private readonly partial = new Map<string, string>();

  constructor(private readonly sink: (text: string) => void) {}

  write(stage: string, chunk: string): void {
    const text = (this.partial.get(stage) ?? '') + chunk;
    const end = text.lastIndexOf('\n') + 1;
    this.partial.set(stage, text.slice(end));
    if (end > 0) this.sink(text.slice(0, end).replace(/^(?=.)/gm, `[${stage}] `));
  }

  flush(stage: string): void {
    const rest = this.partial.get(stage);
    this.partial.delete(stage);
    if (rest) this.sink(`[${stage}] ${rest}\n`);
  }
}
