import { loadPipelineConfig, findPipelineConfig } from '../../core/config/pipelineConfig';
import { selectStages } from '../../core/pipeline/dag';
import { runPipeline } from '../../core/pipeline/runner';
import { flagValue, parseArgs, UsageError } from '../args';
import { withStore, type CliContext } from '../context';
import { formatNumber, jsonNumber, table } from '../format';

export const runUsage = `mlops run [STAGE...] [--downstream] [--dry-run] [--force] [--file mlops.yaml]
  Runs the pipeline's stages (or the named ones; with --downstream, also what depends on them)
  in dependency order, recording a pipeline run with a run per stage. --force runs stages even
  if nothing changed (this version always runs them).`;

export async function runCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['file'], switches: ['downstream', 'dry-run', 'force'] });
  const file = flagValue(args, 'file') ?? findPipelineConfig(ctx.cwd);
  if (!file) throw new UsageError(`No mlops.yaml in ${ctx.cwd} or any folder above it. Give one with --file.`);
  const config = loadPipelineConfig(file);
  const downstream = args.flags.has('downstream');
  const plan = selectStages(config.stages, args.positionals, downstream);

  if (args.flags.has('dry-run')) {
    if (ctx.json) ctx.out(JSON.stringify({ stages: plan.map((s) => ({ stage: s.name, cmd: s.cmd, reason: 'always runs (no cache yet)' })) }, null, 2));
    else ctx.out(plan.map((s, i) => `${i + 1}. ${s.name}: ${s.cmd}`).join('\n'));
    return 0;
  }

  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await withStore(ctx, { readOnly: false }, (store) =>
      runPipeline(config, store, {
        stages: args.positionals,
        downstream,
        signal: abort.signal,
        onOutput: (stage, chunk) => (ctx.json ? process.stderr : process.stdout).write(prefixLines(stage, chunk)),
        onEvent: (e) => {
          if (ctx.json) return;
          if (e.kind === 'stageStarted') ctx.out(`── ${e.stage} ──`);
          if (e.kind === 'stageEnded') ctx.out(`── ${e.stage}: ${e.status.toLowerCase()}${e.exitCode ? ` (exit code ${e.exitCode})` : ''}, ${e.metrics} metrics ──`);
          if (e.kind === 'warning') ctx.err(`warning: ${e.stage}: ${e.message}`);
        },
      }),
    );
    if (ctx.json) {
      ctx.out(JSON.stringify({ ...result, stages: result.stages.map((s) => ({ ...s, metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, jsonNumber(v)])) })) }, null, 2));
    } else {
      ctx.out('');
      ctx.out(table(['stage', 'status', 'metrics'], result.stages.map((s) => [s.stage, s.status, Object.entries(s.metrics).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')])));
      if (result.notRun.length > 0) ctx.out(`not run: ${result.notRun.join(', ')}`);
      ctx.out(`pipeline run ${result.runId} in experiment '${config.experiment}': ${result.status.toLowerCase()}`);
    }
    return result.status === 'FINISHED' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function prefixLines(stage: string, chunk: string): string {
  return chunk.replace(/^(?=.)/gm, `[${stage}] `);
}
