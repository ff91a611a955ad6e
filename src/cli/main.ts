import { ConfigError } from '../core/config/pipelineConfig';
import { CycleError } from '../core/pipeline/dag';
import { StoreCorruptError, StoreOwnedError } from '../core/store/errors';
import { StoreError } from '../core/store/types';
import { SearchSyntaxError } from '../core/search/errors';
import { parseArgs, UsageError } from './args';
import { modelsCommand, modelsUsage } from './commands/models';
import { runCommand, runUsage } from './commands/run';
import { runsCommand, runsUsage } from './commands/runs';
import { serveCommand, serveUsage } from './commands/serve';
import { statusCommand, statusUsage } from './commands/status';
import { validateCommand, validateUsage } from './commands/validate';
import type { CliContext } from './context';
import { version } from '../../package.json';

// `mlops`: the workbench's command line. Exit codes: 0 ok; 1 error (invalid config, failed stage,
// bad store); 2 usage; 3 a gate failed or drift is over its threshold.

const commands: Record<string, { run: (argv: string[], ctx: CliContext) => Promise<number>; usage: string }> = {
  run: { run: runCommand, usage: runUsage },
  status: { run: statusCommand, usage: statusUsage },
  runs: { run: runsCommand, usage: runsUsage },
  models: { run: modelsCommand, usage: modelsUsage },
  validate: { run: validateCommand, usage: validateUsage },
  serve: { run: serveCommand, usage: serveUsage },
};

const usage = `mlops ${version}: MLOps Workbench on the command line

Usage: mlops [--store DIR|URL] [--json] COMMAND [ARGS]

Commands:
${Object.values(commands).map((c) => `  ${c.usage.split('\n')[0]}`).join('\n')}

Global options:
  --store DIR|URL  the store folder (default: .mlops beside the nearest mlops.yaml), or an MLflow
                   server's URL (token from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME/PASSWORD)
  --json           machine-readable output
  --help           this help; \`mlops COMMAND --help\` for a command's`;

export async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = { cwd: process.cwd(), json: false, storeOption: undefined, out: (t) => console.log(t), err: (t) => console.error(t) };
  try {
    // Global options may come before or after the command.
    const globals = parseArgs(argv.filter((_, i) => isGlobal(argv, i)), { values: ['store'], switches: ['json', 'help', 'version'] });
    const rest = argv.filter((_, i) => !isGlobal(argv, i));
    ctx.json = globals.flags.has('json');
    ctx.storeOption = globals.flags.get('store') as string | undefined;
    if (globals.flags.has('version')) {
      ctx.out(version);
      return 0;
    }
    const [name, ...args] = rest;
    if (!name) {
      (globals.flags.has('help') ? ctx.out : ctx.err)(usage);
      return globals.flags.has('help') ? 0 : 2;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`Unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}.`);
    if (globals.flags.has('help')) {
      ctx.out(command.usage);
      return 0;
    }
    return await command.run(args, ctx);
  } catch (err) {
    return report(err, ctx);
  }
}

function isGlobal(argv: string[], i: number): boolean {
  const a = argv[i];
  if (['--json', '--help', '--version'].includes(a) || a.startsWith('--store=')) return true;
  if (a === '--store') return true;
  return argv[i - 1] === '--store' && !argv[i - 1].includes('=');
}

function report(err: unknown, ctx: CliContext): number {
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.json) ctx.err(JSON.stringify({ error: err instanceof Error ? err.name : 'Error', message }));
  else ctx.err(`mlops: ${message}`);
  if (err instanceof UsageError) {
    if (!ctx.json) ctx.err('Run `mlops --help` for usage.');
    return 2;
  }
  const known = [ConfigError, CycleError, StoreError, StoreCorruptError, StoreOwnedError, SearchSyntaxError].some((k) => err instanceof k);
  if (!known && !ctx.json && err instanceof Error && err.stack) ctx.err(err.stack);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
