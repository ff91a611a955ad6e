import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Gate, GateOp } from '../../../src/core/config/pipelineConfig';
import { parseBaseline } from '../../../src/core/config/modelUris';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';

// A real embedded store in a temp folder, with builders for the runs and model versions the gate,
// registration and protection tests compare against.

export interface World {
  dir: string;
  store: EmbeddedStore;
  experimentId: string;
  /** A finished run with these latest metric values (and tags). */
  run(metrics: Record<string, number>, tags?: Record<string, string>): Promise<string>;
  /** A version of `model` produced by `runId`, created with the model when missing; given `alias` when set. */
  version(model: string, runId: string, alias?: string): Promise<string>;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlops-registry-'));
  const store = await openEmbeddedStore(path.join(dir, '.mlops'));
  const experimentId = await store.createExperiment('churn');
  let clock = 1_700_000_000_000;
  return {
    dir,
    store,
    experimentId,
    async run(metrics, tags = {}) {
      const { runId } = await store.createRun({ experimentId, tags });
      const timestamp = clock++;
      await store.logBatch(runId, { metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step: 0 })) });
      await store.updateRun(runId, { status: 'FINISHED', endTime: timestamp });
      return runId;
    },
    async version(model, runId, alias) {
      await store.getRegisteredModel(model).catch(() => store.createRegisteredModel(model));
      const v = await store.createModelVersion({ name: model, source: `runs:/${runId}/model`, runId });
      if (alias) await store.setRegisteredModelAlias(model, alias, v.version);
      return v.version;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A gate as loadPipelineConfig builds it, from requirements written as in mlops.yaml. */
export function gate(name: string, after: string, require: { metric: string; op: GateOp; baseline: string | number; margin?: number }[]): Gate {
  return {
    name,
    after,
    require: require.map((r) => {
      const baseline = parseBaseline(r.baseline);
      if ('problem' in baseline) throw new Error(baseline.problem);
      return { metric: r.metric, op: r.op, baseline, baselineText: String(r.baseline), margin: r.margin ?? 0 };
    }),
  };
}
