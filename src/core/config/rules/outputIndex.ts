import type { Spanned, StageNode } from '../document';
import { normalizePath, parentsOf } from '../paths';

// The stages' outputs sorted by path, so "who writes this path" and "which outputs lie inside this
// folder" cost a map lookup per parent folder or a binary search, never a pass over all pairs.

export interface Output {
  path: string;
  stage: StageNode;
  item: Spanned<string>;
}

export class OutputIndex {
  /** Every output, sorted by path (file order among equal paths). */
  readonly sorted: Output[];
  /** The first output of each path. */
  private readonly byPath = new Map<string, Output>();

  constructor(stages: StageNode[]) {
    const all: Output[] = [];
    for (const stage of stages) for (const item of stage.outs) all.push({ path: normalizePath(item.value), stage, item });
    this.sorted = all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const out of this.sorted) if (!this.byPath.has(out.path)) this.byPath.set(out.path, out);
  }

  /** The output that is `path` or a folder holding it, nearest first. */
  producerOf(path: string): Output | undefined {
    const exact = this.byPath.get(path);
    if (exact) return exact;
    const parents = parentsOf(path);
    for (let i = parents.length - 1; i >= 0; i--) {
      const out = this.byPath.get(parents[i]!);
      if (out) return out;
    }
    return undefined;
  }

  /** Outputs strictly inside the folder `path`. */
  inside(path: string): Output[] {
    const prefix = path === '' ? '' : `${path}/`;
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid]!.path < prefix) low = mid + 1;
      else high = mid;
    }
    const found: Output[] = [];
    for (let i = low; i < this.sorted.length && this.sorted[i]!.path.startsWith(prefix); i++) if (this.sorted[i]!.path !== path) found.push(this.sorted[i]!);
    return found;
  }
}

const cache = new WeakMap<object, OutputIndex>();

/** One index per document, shared by the rules of one validation. */
export function outputIndex(stages: StageNode[]): OutputIndex {
  let index = cache.get(stages);
  if (!index) cache.set(stages, (index = new OutputIndex(stages)));
  return index;
}
