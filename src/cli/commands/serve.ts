import * as path from 'node:path';
import { startMlflowServer } from '../../core/mlflow/server/httpServer';
import { openEmbeddedStore, STORE_FILES } from '../../core/store/embeddedStore';
import { flagValue, parseArgs, UsageError } from '../args';
import { storeDir, type CliContext } from '../context';

export const serveUsage = `mlops serve [--port N]
  Owns the store and serves MLflow's REST API on 127.0.0.1 (port N, default a free one), so mlflow
  code and other processes log into it. Every request needs the token from the store's lock file.
  Stops on Ctrl+C (SIGINT) or SIGTERM, checkpointing the store.`;

export async function serveCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, { values: ['port'] });
  if (args.positionals.length > 0) throw new UsageError(`mlops serve takes no arguments, got '${args.positionals[0]}'.`);
  const portText = flagValue(args, 'port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port ${portText}: give a port number from 0 to 65535 (0: a free one).`);

  const dir = storeDir(ctx);
  const store = await openEmbeddedStore(dir);
  let server;
  try {
    server = await startMlflowServer({ store, token: store.token, artifactRoot: path.join(store.dir, STORE_FILES.artifacts), port });
    store.recordServerPort(server.port);
  } catch (err) {
    await store.close();
    throw err;
  }
  const lockFile = path.join(store.dir, STORE_FILES.lock);
  if (ctx.json) {
    ctx.out(JSON.stringify({ trackingUri: server.url, port: server.port, store: store.dir, lockFile }));
  } else {
    ctx.out(`Serving the store ${store.dir} as an MLflow tracking server at ${server.url}`);
    ctx.out(`Log into it with (the token is in ${lockFile}):`);
    ctx.out(`  export MLFLOW_TRACKING_URI=${server.url} MLFLOW_TRACKING_TOKEN=$(node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).token" ${shellQuote(lockFile)})`);
    ctx.out('Press Ctrl+C to stop.');
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (!ctx.json) ctx.out(`${signal}: stopping.`);
  try {
    await server.close();
  } finally {
    await store.close();
  }
  return 0;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
