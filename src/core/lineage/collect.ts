import * as path from 'node:path';
import { describeEnvironment } from './environment';
import { describeGit } from './git';
import { lineageArtifact, lineageTag } from './tags';

// What lineage the runner records, and when:
// 1. Before the pipeline run is created, and before any stage runs (a stage may change tracked
//    files): `collectLineage(root)`. Its `pipelineTags` go on the pipeline run (createRun's tags),
//    its `stageTags` on every stage run, its `artifacts` into the pipeline run's artifact location
//    (`writeRunArtifact(run.artifactUri, a.path, a.content)`), its `notes` to the user as warnings.
// 2. For each stage that ran and FINISHED: `describeDeps(root, stage.deps, {digestOf, stage})` →
//    `logInputs(run, inputs)`; `describeOuts(root, stage.outs, {digestOf})` → `logBatch(run, {tags})`
//    and `writeRunArtifact(run.artifactUri, artifact.path, artifact.content)`; then
//    `stageEdges(run, deps.files, outs.files)` → the store's lineage edges. Digests are taken after
//    the stage ended, so they describe what it read and wrote.
// Nothing here throws for a missing git or python3; describeDeps/describeOuts throw, naming the
// path, when a declared path does not exist or a Delta log holds no version.

export interface CollectLineageOptions {
  /** The store folder (`.mlops`): its untracked files are not listed. Default `<root>/.mlops`. */
  storeDir?: string;
  gitBinary?: string;
  /** The interpreter whose version is recorded; default `python3` on PATH. */
  python?: string;
}

export interface PipelineLineage {
  pipelineTags: Record<string, string>;
  /** The git commit, branch, remote, dirty flag and environment, without the patch's pointer. */
  stageTags: Record<string, string>;
  artifacts: { path: string; content: string | Uint8Array }[];
  notes: string[];
}

export async function collectLineage(root: string, opts: CollectLineageOptions = {}): Promise<PipelineLineage> {
  const storeDir = opts.storeDir ?? path.join(root, '.mlops');
  const [git, environment] = await Promise.all([
    describeGit(root, { gitBinary: opts.gitBinary, ignore: [storeDir] }),
    describeEnvironment(root, { python: opts.python }),
  ]);
  const stageTags = { ...git.tags, ...environment.tags };
  const pipelineTags = { ...stageTags };
  const artifacts: PipelineLineage['artifacts'] = [];
  if (git.patch) {
    pipelineTags[lineageTag.gitPatch] = lineageArtifact.gitPatch;
    artifacts.push({ path: lineageArtifact.gitPatch, content: git.patch });
  }
  return { pipelineTags, stageTags, artifacts, notes: [...git.notes, ...environment.notes] };
}
