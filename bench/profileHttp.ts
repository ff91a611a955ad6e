import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { startMlflowServer } from '../src/core/mlflow/server/httpServer';
import { openEmbeddedStore, STORE_FILES } from '../src/core/store/embeddedStore';
import { removeScratch, scratchDir } from './measure';
import { historyAll, historyBatches, searchAll, searchRunsData } from './mlflowHttpWorkload';

// `node --import tsx bench/profileHttp.ts [search|history|both] [repetitions] [profile.cpuprofile]`:
// figures 8 and 9 on our server alone, for quick timing while tuning (CPU time beside wall time,
// since a loaded machine inflates it less) and, with a file name, a CPU profile of the repetitions
// alone (seeding left out). Not part of `npm run bench`.

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'both';
  const reps = Number(process.argv[3] ?? 10);
  const store = await openEmbeddedStore(path.join(scratchDir('profile'), '.mlops'));
  const server = await startMlflowServer({ store, token: store.token, artifactRoot: path.join(store.dir, STORE_FILES.artifacts) });
  const client = { url: server.url, headers: { authorization: `Bearer ${store.token}` } };
  try {
    const experiment = await store.createExperiment('bench-search');
    for (const run of searchRunsData()) {
      const { runId } = await store.createRun({ experimentId: experiment, runName: run.runName });
      await store.logBatch(runId, { params: run.params, metrics: run.metrics });
    }
    const { runId } = await store.createRun({ experimentId: '0', runName: 'bench-history' });
    for (const metrics of historyBatches()) await store.logBatch(runId, { metrics });
    const profile = process.argv[4];
    const session = new Session();
    if (profile) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    for (let rep = 0; rep < reps; rep++) {
      const line: string[] = [];
      if (which !== 'history') {
        const cpu = process.cpuUsage();
        const [took, names] = await searchAll(client, experiment);
        line.push(`search ${took.toFixed(1)} ms, cpu ${cpuMs(cpu).toFixed(1)} ms (${names.length} runs)`);
      }
      if (which !== 'search') {
        const cpu = process.cpuUsage();
        const [took, points] = await historyAll(client, runId);
        line.push(`history ${took.toFixed(1)} ms, cpu ${cpuMs(cpu).toFixed(1)} ms (${points} points)`);
      }
      console.log(line.join('; '));
    }
    if (profile) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(profile, JSON.stringify(taken));
      session.disconnect();
    }
  } finally {
    await server.close();
    await store.close();
    removeScratch();
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

main().catch((err: unknown) => {
  process.exitCode = 1;
  console.error(err);
});
