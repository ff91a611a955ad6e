import type { PipelineConfig } from '../config/pipelineConfig';
import type { TrackingStore } from '../store/types';
import { selectStages, upstreamOf } from './dag';
import { DigestCache } from './digests';
import type { LedgerEnds } from './ledgerEnds';
import { StageHistory, stateDirFor, type LedgerReader } from './stageHistory';
import { stageState } from './stageState';

// The pipeline's status without running anything: for each stage, up to date or will run, and why.
// It predicts: a stage downstream of one that will run is said to run too ("upstream stage prepare
// will run"), though at run time it is skipped if the upstream stage writes the same outputs again.
// With a warm digest cache this stats every dep and out and reads none.

export interface StageStatus {
  name: string;
  state: 'up-to-date' | 'will-run';
  /** Why it will run; empty when up to date. */
  reasons: string[];
}

export interface PipelineStatusOptions {
  stages?: string[];
  downstream?: boolean;
  force?: boolean;
  /** Where stages.json lives (default: the embedded store's folder, else `.mlops` beside mlops.yaml). */
  stateDir?: string;
  /** A digest cache to reuse, e.g. one the editor keeps between checks (default: the project's). */
  digests?: DigestCache;
  /** The stage history, already loaded with the store's ledger (default: loaded from `stateDir` and `store`). */
  history?: StageHistory;
  /** The ledger's ends, already read (see ledgerEnds.ts; default: read from the history's ledger). */
  ledgerEnds?: LedgerEnds;
}

export async function pipelineStatus(config: PipelineConfig, store?: TrackingStore & Partial<LedgerReader>, opts: PipelineStatusOptions = {}): Promise<StageStatus[]> {
  const upstream = upstreamOf(config.stages);
  const plan = selectStages(config.stages, opts.stages ?? [], opts.downstream ?? false, upstream);
  const digests = opts.digests ?? DigestCache.forProject(config.root);
  const history = opts.history ?? StageHistory.load(opts.stateDir ?? stateDirFor(config.root, store), store);
  const willRun = new Set<string>();
  const statuses: StageStatus[] = [];
  try {
    const last = await history.lastOfEach(plan.map((s) => s.name), opts.ledgerEnds);
    for (const stage of plan) {
      const upstreamWillRun = [...upstream.get(stage.name)!].filter((u) => willRun.has(u));
      const { reasons } = stageState(config, stage, last.get(stage.name), digests, { force: opts.force, upstreamWillRun });
      if (reasons.length > 0) willRun.add(stage.name);
      statuses.push({ name: stage.name, state: reasons.length > 0 ? 'will-run' : 'up-to-date', reasons });
    }
  } finally {
    digests.save();
  }
  return statuses;
}
