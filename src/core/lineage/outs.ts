import { describePaths, type DescribedPath, type DigestOf } from './describePath';
import { lineageArtifact, lineageTag, MAX_TAG_VALUE } from './tags';

// A stage's outputs with their digests, recorded on the stage's run two ways: the artifact
// `lineage/outs.json` (always, complete) and the tag `mlops.outs` (the same JSON, when it fits in
// MLflow's 8000-character tag value), so a remote MLflow server without the workbench's tables still
// shows what a run produced. JSON: `[{"path": "models/model.json", "digest": "…", "deltaVersion": 3}]`
// in declaration order, `deltaVersion` only for Delta tables.

export interface DescribedOuts {
  /** For `logBatch` on the stage's run. */
  tags: Record<string, string>;
  /** For `writeRunArtifact(run.artifactUri, artifact.path, artifact.content)`. */
  artifact: { path: string; content: string };
  files: DescribedPath[];
}

export async function describeOuts(root: string, outs: string[], opts: { digestOf: DigestOf }): Promise<DescribedOuts> {
  const files = await describePaths(root, outs, opts.digestOf, 'out');
  const json = JSON.stringify(files);
  const tags: Record<string, string> = json.length <= MAX_TAG_VALUE ? { [lineageTag.outs]: json } : {};
  return { tags, artifact: { path: lineageArtifact.outs, content: `${JSON.stringify(files, null, 2)}\n` }, files };
}
