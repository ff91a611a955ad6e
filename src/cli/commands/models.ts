import * as path from 'node:path';
import { findPipelineConfig, loadPipelineConfig } from '../../core/config/pipelineConfig';
import { currentActor } from '../../core/pipeline/actor';
import { describeChange, entryJson, history } from '../../core/registry/history';
import { promote, type ProtectionRules } from '../../core/registry/promote';
import { RegistryError, registryStore } from '../../core/registry/registryStore';
import { rollback } from '../../core/registry/rollback';
import type { TrackingStore } from '../../core/store/types';
import { flagValue, parseArgs, UsageError } from '../args';
import { withStore, type CliContext } from '../context';
import { formatTime, table } from '../format';

export const modelsUsage = `mlops models [promote|rollback|history]
  Lists registered models and their versions, aliases and stages.

mlops models promote NAME VERSION (--alias A | --stage S) [--reason TEXT] [--archive-existing]
  Moves alias A to the version, or the version to stage S (None, Staging, Production, Archived);
  --archive-existing archives the versions already in Staging or Production. Where mlops.yaml
  protects A or S, a version whose required gates did not pass is refused (exit 1, naming the gate).

mlops models rollback NAME --alias A [--reason TEXT]
  Moves alias A back to its previous holder, as the audit trail records it.

mlops models history NAME [--json]
  The model's audit trail, oldest first: when, who, what changed, why, run and commit.`;

export async function modelsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'promote') return await promoteCommand(rest, ctx);
    if (sub === 'rollback') return await rollbackCommand(rest, ctx);
    if (sub === 'history') return await historyCommand(rest, ctx);
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    ctx.err(ctx.json ? JSON.stringify({ error: err.name, message: err.message }) : `mlops: ${err.message}`);
    return 1;
  }
  const args = parseArgs(argv, {});
  if (args.positionals.length > 0) throw new UsageError(`Unknown models subcommand '${args.positionals[0]}'. Subcommands: promote, rollback, history.`);
  return withStore(ctx, { readOnly: true }, (store) => listModels(store, ctx));
}

async function listModels(store: TrackingStore, ctx: CliContext): Promise<number> {
  const models = [];
  for (let page: string | undefined, first = true; first || page; first = false) {
    const result = await store.searchRegisteredModels({ maxResults: 100, pageToken: page });
    models.push(...result.items);
    page = result.nextPageToken;
  }
  const withVersions = await Promise.all(models.map(async (model) => ({ ...model, versions: await store.searchModelVersions({ name: model.name }) })));
  if (ctx.json) {
    ctx.out(JSON.stringify(withVersions, null, 2));
  } else if (withVersions.length === 0) {
    ctx.out('No registered models.');
  } else {
    const rows = withVersions.flatMap((m) =>
      m.versions.length === 0
        ? [[m.name, '', '', '', '', '']]
        : m.versions.map((v) => [m.name, v.version, v.aliases.map((a) => `@${a}`).join(' '), v.currentStage, v.runId.slice(0, 8), formatTime(v.creationTime)]),
    );
    ctx.out(table(['model', 'version', 'aliases', 'stage', 'run', 'created'], rows));
  }
  return 0;
}

async function promoteCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['alias', 'stage', 'reason'], switches: ['archive-existing'] });
  const [name, version, extra] = args.positionals;
  if (!name || !version || extra !== undefined) throw new UsageError('Usage: mlops models promote NAME VERSION (--alias A | --stage S) [--reason TEXT]');
  const alias = flagValue(args, 'alias');
  const stage = flagValue(args, 'stage');
  if ((alias === undefined) === (stage === undefined)) throw new UsageError('mlops models promote: give either --alias A or --stage S.');
  if (args.flags.has('archive-existing') && stage === undefined) throw new UsageError('--archive-existing goes with --stage Staging or --stage Production.');
  const project = projectRules(ctx);
  const actor = await currentActor(project.root);
  return withStore(ctx, { readOnly: false, remoteWrites: true }, async (store) => {
    const outcome = await promote(registryStore(store), project.rules, {
      name, version, alias, stage, reason: flagValue(args, 'reason') ?? null, actor, archiveExisting: args.flags.has('archive-existing'),
    });
    if (ctx.json) ctx.out(JSON.stringify(outcome, null, 2));
    else if (outcome.status === 'blocked') ctx.err(`mlops: ${outcome.message}`);
    else ctx.out(outcome.message);
    return outcome.status === 'blocked' ? 1 : 0;
  });
}

async function rollbackCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['alias', 'reason'] });
  const [name, extra] = args.positionals;
  const alias = flagValue(args, 'alias');
  if (!name || extra !== undefined || alias === undefined) throw new UsageError('Usage: mlops models rollback NAME --alias A [--reason TEXT]');
  const actor = await currentActor(projectRules(ctx).root);
  return withStore(ctx, { readOnly: false, remoteWrites: true }, async (store) => {
    const outcome = await rollback(registryStore(store), { name, alias, reason: flagValue(args, 'reason') ?? null, actor });
    ctx.out(ctx.json ? JSON.stringify(outcome, null, 2) : outcome.message);
    return 0;
  });
}

async function historyCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, {});
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('Usage: mlops models history NAME [--json]');
  return withStore(ctx, { readOnly: true }, async (store) => {
    const entries = await history(registryStore(store), name);
    if (ctx.json) ctx.out(JSON.stringify(entries.map(entryJson), null, 2));
    else if (entries.length === 0) ctx.out(`No history recorded for '${name}' yet.`);
    else {
      const rows = entries.map((e) => [formatTime(e.at), e.actor, describeChange(e), e.reason ?? '', e.runId?.slice(0, 8) ?? '', e.gitCommit?.slice(0, 8) ?? '']);
      ctx.out(table(['time (UTC)', 'who', 'change', 'why', 'run', 'commit'], rows));
    }
    return 0;
  });
}

/** The protection rules of the nearest mlops.yaml (none without one) and where the actor's git identity is read. An invalid mlops.yaml stops the command: its protection cannot be judged. */
function projectRules(ctx: CliContext): { rules: ProtectionRules; root: string } {
  const file = findPipelineConfig(ctx.cwd);
  if (!file) return { rules: undefined, root: ctx.cwd };
  const config = loadPipelineConfig(file);
  return { rules: config, root: path.dirname(file) };
}
