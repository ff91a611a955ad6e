import { parseArgs, UsageError } from '../args';
import { withStore, type CliContext } from '../context';
import { formatTime, table } from '../format';

export const modelsUsage = `mlops models
  Lists registered models and their versions, aliases and stages.`;

export async function modelsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, {});
  if (args.positionals.length > 0) {
    throw new UsageError(`Unknown models subcommand '${args.positionals[0]}'. This version lists models only: mlops models`);
  }
  return withStore(ctx, { readOnly: true }, async (store) => {
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
  });
}
