import * as fs from 'node:fs/promises';
import type { Stage } from '../config/pipelineConfig';
import { writeRunArtifact } from '../lineage/artifacts';
import type { PipelineLineage } from '../lineage/collect';
import { describeDeps } from '../lineage/datasets';
import type { DigestCache } from './digests';
import { stageEdges } from '../lineage/edges';
import { describeOuts } from '../lineage/outs';
import type { PipelineLedger } from '../store/embeddedStore';
import type { TrackingStore } from '../store/types';

// The runner's side of lineage (the contract is at the top of src/core/lineage/collect.ts). What
// cannot be recorded (an artifact location that is not a local folder, as a remote MLflow server's
// `mlflow-artifacts:` one; a dep a finished stage deleted; a Delta log without a version) is a
// warning: lineage never fails a stage that succeeded.

/** A stage's output as the artifact `logs/stage.log` of its run, stdout and stderr interleaved as they came. */
export const STAGE_LOG_ARTIFACT = 'logs/stage.log';

type Warn = (message: string) => void;

/** Writes each artifact into the run's artifact location; one that cannot be written is a warning. */
export async function writeArtifacts(artifactUri: string, artifacts: PipelineLineage['artifacts'], warn: Warn): Promise<void> {
  for (const a of artifacts) {
    try {
      await writeRunArtifact(artifactUri, a.path, a.content);
    } catch (err) {
      warn(`${a.path} is not kept as an artifact: ${(err as Error).message}`);
    }
  }
}

/**
 * After a stage ran and FINISHED: its deps as dataset inputs, its outs as a tag and an artifact,
 * and the lineage edges dep → run → out. Digests come from the runner's cache, taken now, after the
 * stage ended. Paths that do not exist now are left out, with a warning.
 */
export async function recordStageLineage(
  store: TrackingStore & Partial<PipelineLedger>, stage: Stage, run: { runId: string; artifactUri: string }, digests: DigestCache, warn: Warn,
): Promise<void> {
  const root = digests.root;
  const known = new Map<string, string | undefined>(); // a folder's digest stats every file in it: once is enough
  const digestOf = (p: string) => {
    if (!known.has(p)) known.set(p, digests.digest(p));
    return known.get(p);
  };
  const present = (paths: string[]) => paths.filter((p) => digestOf(p) !== undefined); // the runner warned of outs not written
  const gone = stage.deps.filter((d) => digestOf(d) === undefined);
  if (gone.length > 0) warn(`dep${gone.length > 1 ? 's' : ''} ${gone.join(', ')} did not exist when the stage ended: not recorded as inputs`);
  let deps: Awaited<ReturnType<typeof describeDeps>> | undefined;
  let outs: Awaited<ReturnType<typeof describeOuts>> | undefined;
  try {
    deps = await describeDeps(root, present(stage.deps), { digestOf, stage: stage.name });
    if (deps.inputs.length > 0) await store.logInputs(run.runId, deps.inputs);
  } catch (err) {
    warn(`its inputs are not recorded: ${(err as Error).message}`);
  }
  try {
    outs = await describeOuts(root, present(stage.outs), { digestOf });
    if (outs.files.length > 0) {
      if (Object.keys(outs.tags).length > 0) await store.logBatch(run.runId, { tags: Object.entries(outs.tags).map(([key, value]) => ({ key, value })) });
      await writeArtifacts(run.artifactUri, [outs.artifact], warn);
    }
  } catch (err) {
    warn(`its outputs are not recorded: ${(err as Error).message}`);
  }
  const edges = stageEdges(run.runId, deps?.files ?? [], outs?.files ?? []);
  if (edges.length > 0) await store.recordLineageEdges?.(edges).catch((err: Error) => warn(`its lineage edges are not recorded: ${err.message}`));
}

/**
 * The stage's output, appended to `logs/stage.log` in its run's artifacts as it comes. The file is
 * made at the first output (a silent stage has none); if it cannot be, one warning and no log.
 */
export class StageLog {
  private file: Promise<string | undefined> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly artifactUri: string,
    private readonly warn: Warn,
  ) {}

  write(chunk: string): void {
    this.file ??= writeRunArtifact(this.artifactUri, STAGE_LOG_ARTIFACT, '').catch((err: Error) => {
      this.warn(`its output is not kept as an artifact: ${err.message}`);
      return undefined;
    });
    const file = this.file;
    this.writes = this.writes.then(async () => {
      const target = await file;
      if (!target || this.failed) return;
      await fs.appendFile(target, chunk).catch((err: Error) => {
        this.failed = true;
        this.warn(`${STAGE_LOG_ARTIFACT} is incomplete: ${err.message}`);
      });
    });
  }

  /** Resolves once everything written so far is in the file. */
  close(): Promise<void> {
    return this.writes;
  }
}
