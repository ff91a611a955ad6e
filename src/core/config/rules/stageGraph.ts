import type { Range } from '../diagnostic';
import type { StageNode } from '../document';
import { normalizePath } from '../paths';
import { outputIndex } from './outputIndex';

// Which stage must run before which: B runs after A when one of B's deps is an output of A, lies
// inside an output folder of A, or is a folder holding an output of A; and when B names A in `after`.

export interface Edge {
  /** The stage that runs first. */
  from: StageNode;
  to: StageNode;
  /** Where `to` refers to `from`: the dep or the `after` item. */
  cause: Range;
  via: string;
}

/** For each stage, the edges to the stages it runs after, in the order of its deps and `after`. */
export function upstreamEdges(stages: StageNode[], byName: Map<string, StageNode>): Map<StageNode, Edge[]> {
  const index = outputIndex(stages);
  const edges = new Map<StageNode, Edge[]>();
  for (const stage of stages) {
    const own: Edge[] = [];
    const seen = new Set<StageNode>();
    const add = (from: StageNode, cause: Range, via: string) => {
      if (from === stage || seen.has(from)) return;
      seen.add(from);
      own.push({ from, to: stage, cause, via });
    };
    for (const dep of stage.deps) {
      const path = normalizePath(dep.value);
      const producer = index.producerOf(path);
      if (producer) add(producer.stage, dep.range, `'${dep.value}'`);
      for (const inner of index.inside(path)) add(inner.stage, dep.range, `'${dep.value}'`);
    }
    for (const before of stage.after) {
      const from = byName.get(before.value);
      if (from) add(from, before.range, '`after`');
    }
    edges.set(stage, own);
  }
  return edges;
}
