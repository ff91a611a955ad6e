import * as path from 'node:path';
import type { Stage } from '../config/pipelineConfig';

// Stage ordering: B depends on A when one of B's deps is one of A's outs, or lies inside an out
// folder of A, or holds one of A's outs (a dep folder containing an out), or B names A in `after`.

export class CycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`The stages form a cycle: ${cycle.join(' → ')}. A stage cannot depend, directly or not, on its own outputs.`);
    this.name = 'CycleError';
  }
}

export function upstreamOf(stages: Stage[]): Map<string, Set<string>> {
  const upstream = new Map<string, Set<string>>(stages.map((s) => [s.name, new Set<string>()]));
  // Outs by normalized path, and sorted, so each dep finds its producers without a scan of all stages.
  const producers = new Map<string, string[]>();
  for (const producer of stages) {
    for (const out of producer.outs) {
      const key = normalize(out);
      producers.set(key, [...(producers.get(key) ?? []), producer.name]);
    }
  }
  const sortedOuts = [...producers.keys()].sort();
  for (const consumer of stages) {
    const found = upstream.get(consumer.name)!;
    const add = (names: string[] | undefined) => names?.forEach((n) => n !== consumer.name && found.add(n));
    for (const dep of consumer.deps) {
      const d = normalize(dep);
      add(producers.get(d)); // the dep is an out
      for (let cut = d.lastIndexOf('/'); cut > 0; cut = d.lastIndexOf('/', cut - 1)) add(producers.get(d.slice(0, cut))); // inside an out folder
      for (let i = lowerBound(sortedOuts, `${d}/`); i < sortedOuts.length && sortedOuts[i].startsWith(`${d}/`); i++) add(producers.get(sortedOuts[i])); // holds an out
    }
    for (const name of consumer.after ?? []) if (upstream.has(name) && name !== consumer.name) found.add(name);
  }
  return upstream;
}

/** All stages in an order where each comes after everything it depends on; file order breaks ties. */
export function executionOrder(stages: Stage[], upstream: Map<string, Set<string>> = upstreamOf(stages)): Stage[] {
  const ordered: Stage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byName = new Map(stages.map((s) => [s.name, s]));
  const position = new Map(stages.map((s, i) => [s.name, i]));
  // Depth first without recursion (a long chain must not overflow the stack): `trail` holds the
  // stages being visited, `left` the upstream stages each has yet to visit, the next one last.
  const trail: string[] = [];
  const left: string[][] = [];
  const enter = (name: string) => {
    state.set(name, 'visiting');
    trail.push(name);
    left.push([...upstream.get(name)!].sort((a, b) => position.get(b)! - position.get(a)!));
  };
  for (const s of stages) {
    if (state.has(s.name)) continue;
    enter(s.name);
    while (trail.length > 0) {
      const next = left[left.length - 1]!.pop();
      if (next === undefined) {
        const name = trail.pop()!;
        left.pop();
        state.set(name, 'done');
        ordered.push(byName.get(name)!);
      } else if (state.get(next) === 'visiting') {
        throw new CycleError([...trail.slice(trail.indexOf(next)), next]);
      } else if (!state.has(next)) {
        enter(next);
      }
    }
  }
  return ordered;
}

/** The named stages, plus everything downstream of them when asked, in execution order. */
export function selectStages(stages: Stage[], names: string[], downstream: boolean, upstream: Map<string, Set<string>> = upstreamOf(stages)): Stage[] {
  const order = executionOrder(stages, upstream);
  if (names.length === 0) return order;
  const known = new Set(stages.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`Unknown stage${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Stages: ${stages.map((s) => s.name).join(', ')}.`);
  const chosen = new Set(names);
  if (downstream) {
    for (const s of order) if ([...upstream.get(s.name)!].some((u) => chosen.has(u))) chosen.add(s.name);
  }
  return order.filter((s) => chosen.has(s.name));
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Has a `\\`, `//`, a trailing `/`, or a `.` or `..` segment: what normalizing would change. */
const unnormalized = /\\|\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)/;

function normalize(p: string): string {
  if (p !== '' && !unnormalized.test(p)) return p;
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
}

/**
 * For each stage of `plan`, the stages of `plan` it must wait for: those upstream of it, directly or
 * through stages outside the plan (a stage not selected still passes its outputs along).
 */
export function waitsWithin(stages: Stage[], plan: Stage[]): Map<string, Set<string>> {
  const upstream = upstreamOf(stages);
  const inPlan = new Set(plan.map((s) => s.name));
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (name: string): Set<string> => {
    let found = ancestors.get(name);
    if (found) return found;
    found = new Set();
    ancestors.set(name, found);
    for (const u of upstream.get(name) ?? []) {
      found.add(u);
      for (const a of ancestorsOf(u)) found.add(a);
    }
    return found;
  };
  return new Map(plan.map((s) => [s.name, new Set([...ancestorsOf(s.name)].filter((a) => inPlan.has(a)))]));
}
