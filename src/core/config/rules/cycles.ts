import { diagnostic } from '../diagnostic';
import type { StageNode } from '../document';
import type { Rule } from './rule';
import { upstreamEdges, type Edge } from './stageGraph';

// Depth-first search over "runs after" edges, without recursion (a 10,000-stage chain must not
// overflow the stack). Each edge that closes a cycle is reported where it is written.

export const cycleRule: Rule = {
  codes: ['cycle'],
  check({ doc, stages, report }) {
    const upstream = upstreamEdges(doc.stages, stages);
    const state = new Map<StageNode, 'open' | 'done'>();
    for (const start of doc.stages) {
      if (state.has(start)) continue;
      const path: { stage: StageNode; next: number; via?: Edge }[] = [{ stage: start, next: 0 }];
      state.set(start, 'open');
      while (path.length > 0) {
        const top = path[path.length - 1]!;
        const edges = upstream.get(top.stage)!;
        if (top.next >= edges.length) {
          state.set(top.stage, 'done');
          path.pop();
          continue;
        }
        const edge = edges[top.next++]!;
        const seen = state.get(edge.from);
        if (seen === undefined) {
          state.set(edge.from, 'open');
          path.push({ stage: edge.from, next: 0, via: edge });
        } else if (seen === 'open') {
          const at = path.findIndex((p) => p.stage === edge.from);
          // The path runs downstream to upstream; the cycle reads better in running order.
          const names = path.slice(at).map((p) => p.stage.name).reverse();
          const cycle = describeCycle(names);
          report(diagnostic('cycle', 'error', edge.cause, `The stages form a cycle: ${cycle}. Stage '${edge.to.name}' runs after '${edge.from.name}' through ${edge.via}, so each of them would have to run before itself: remove one of the links.`));
        }
      }
    }
  },
};

/** `a → b → a`; a very long cycle keeps its first and last stages and says how many it leaves out. */
function describeCycle(names: string[]): string {
  const loop = [...names, names[0]!];
  if (loop.length <= 25) return loop.join(' → ');
  return [...loop.slice(0, 12), `… (${loop.length - 24} more) …`, ...loop.slice(-12)].join(' → ');
}
