import type { DescribedPath } from './describePath';

// Rows for the workbench's `mlops_lineage_edges` table (src/core/store/workbenchSchema.ts) for one
// stage run: each dep → run ('input'), run → each out ('output'). Node ids:
//   run         the MLflow run id
//   file        `<path as declared>@<full digest>`: the same content at the same path is one node,
//               so one stage's output and the next stage's input meet when the bytes are the same
//   delta_table `<path as declared>@v<version>`
// The part after the last '@' is the digest or version; paths may hold '@', digests never do.

export type LineageNodeKind = 'run' | 'file' | 'delta_table';

export interface LineageEdge {
  fromKind: LineageNodeKind;
  fromId: string;
  toKind: LineageNodeKind;
  toId: string;
  relation: 'input' | 'output';
}

export function stageEdges(runId: string, deps: DescribedPath[], outs: DescribedPath[]): LineageEdge[] {
  return [
    ...deps.map((d): LineageEdge => ({ ...fromNode(d), toKind: 'run', toId: runId, relation: 'input' })),
    ...outs.map((o): LineageEdge => ({ fromKind: 'run', fromId: runId, ...toNode(o), relation: 'output' })),
  ];
}

export function pathNode(p: DescribedPath): { kind: LineageNodeKind; id: string } {
  return p.deltaVersion === undefined ? { kind: 'file', id: `${p.path}@${p.digest}` } : { kind: 'delta_table', id: `${p.path}@v${p.deltaVersion}` };
}

function fromNode(p: DescribedPath) {
  const { kind, id } = pathNode(p);
  return { fromKind: kind, fromId: id };
}

function toNode(p: DescribedPath) {
  const { kind, id } = pathNode(p);
  return { toKind: kind, toId: id };
}
