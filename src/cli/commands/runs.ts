import type { Run } from '../../core/store/types';
import { flagValue, parseArgs, UsageError } from '../args';
import { withStore, type CliContext } from '../context';
import { formatDuration, formatNumber, formatTime, jsonNumber, table } from '../format';

export const runsUsage = `mlops runs [--experiment NAME] [--filter EXPR] [--order-by EXPR] [--max N]
  Lists runs, newest first, with MLflow's search syntax, e.g.
  --filter "metrics.auc > 0.8 AND params.lr = '0.1'" --order-by "metrics.auc DESC"`;

export async function runsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['experiment', 'filter', 'order-by', 'max'] });
  if (args.positionals.length > 0) throw new UsageError(`mlops runs takes no arguments (got ${args.positionals.join(' ')}).`);
  const max = Number(flagValue(args, 'max') ?? 100);
  if (!Number.isInteger(max) || max < 1) throw new UsageError('--max must be a positive integer.');
  return withStore(ctx, { readOnly: true }, async (store) => {
    const name = flagValue(args, 'experiment');
    const experiments = name ? [await store.getExperimentByName(name)] : await store.searchExperiments();
    if (experiments[0] === undefined) throw new UsageError(`No experiment named '${name}'.`);
    const orderBy = flagValue(args, 'order-by');
    const { items } = await store.searchRuns({
      experimentIds: experiments.map((e) => e!.experimentId),
      filter: flagValue(args, 'filter'),
      orderBy: orderBy ? [orderBy] : undefined,
      maxResults: max,
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(items.map(runJson), null, 2));
    } else if (items.length === 0) {
      ctx.out('No runs.');
    } else {
      const experimentName = new Map(experiments.map((e) => [e!.experimentId, e!.name]));
      ctx.out(table(['run id', 'experiment', 'name', 'status', 'started', 'duration', 'metrics'], items.map((r) => runRow(r, experimentName.get(r.info.experimentId) ?? ''))));
    }
    return 0;
  });
}

function runRow(r: Run, experiment: string): string[] {
  const duration = r.info.endTime ? formatDuration(r.info.endTime - r.info.startTime) : '';
  const metrics = r.data.metrics.map((m) => `${m.key}=${formatNumber(m.value)}`).join(' ');
  return [r.info.runId.slice(0, 8), experiment, r.info.runName, r.info.status, formatTime(r.info.startTime), duration, metrics];
}

function runJson(r: Run): unknown {
  return { ...r, data: { ...r.data, metrics: r.data.metrics.map((m) => ({ ...m, value: jsonNumber(m.value) })) } };
}
