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
  for (const consumer of stages) {
    for (const producer of stages) {
      if (producer === consumer) continue;
      if (consumer.deps.some((dep) => producer.outs.some((out) => overlaps(dep, out)))) upstream.get(consumer.name)!.add(producer.name);
    }
    for (const name of consumer.after ?? []) if (upstream.has(name) && name !== consumer.name) upstream.get(consumer.name)!.add(name);
  }
  return upstream;
}

/** All stages in an order where each comes after everything it depends on; file order breaks ties. */
export function executionOrder(stages: Stage[]): Stage[] {
  const upstream = upstreamOf(stages);
  const ordered: Stage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byName = new Map(stages.map((s) => [s.name, s]));
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new CycleError([...trail.slice(trail.indexOf(name)), name]);
    state.set(name, 'visiting');
    for (const dep of [...upstream.get(name)!].sort((a, b) => stages.indexOf(byName.get(a)!) - stages.indexOf(byName.get(b)!))) visit(dep, [...trail, name]);
    state.set(name, 'done');
    ordered.push(byName.get(name)!);
  };
  for (const s of stages) visit(s.name, []);
  return ordered;
}

/** The named stages, plus everything downstream of them when asked, in execution order. */
export function selectStages(stages: Stage[], names: string[], downstream: boolean): Stage[] {
  const order = executionOrder(stages);
  if (names.length === 0) return order;
  const unknown = names.filter((n) => !stages.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`Unknown stage${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Stages: ${stages.map((s) => s.name).join(', ')}.`);
  const chosen = new Set(names);
  if (downstream) {
    const upstream = upstreamOf(stages);
    for (const s of order) if ([...upstream.get(s.name)!].some((u) => chosen.has(u))) chosen.add(s.name);
  }
  return order.filter((s) => chosen.has(s.name));
}

function overlaps(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

function normalize(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
}
