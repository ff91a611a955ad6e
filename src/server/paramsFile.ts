// The keys of a params file (YAML or JSON) as stages name them, dotted (`train.lr` is `lr` under
// `train`), with where each key is written and its value as written.
import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import type { Range } from '../core/config/diagnostic';

export interface ParamEntry {
  key: string;
  keyRange: Range;
  /** The value's text as written in the file (a section's is its whole block). */
  valueText: string;
  /** A section holds further keys; a leaf holds a value. */
  leaf: boolean;
}

/** Deeper than any params file; bounds the walk on a hostile file. */
const maxDepth = 32;

let lastText: string | undefined;
let lastEntries: Map<string, ParamEntry> | undefined;

/** Every key of the params file, sections and leaves, by dotted name; empty when it is no mapping. */
export function paramEntries(text: string): Map<string, ParamEntry> {
  if (text === lastText && lastEntries) return lastEntries;
  const entries = new Map<string, ParamEntry>();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const walk = (node: Node | null, prefix: string, depth: number): void => {
    if (!isMap(node) || depth > maxDepth) return;
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      if (!isScalar(pair.key) || pair.key.value === null || !pair.key.range) continue;
      const key = `${prefix}${String(pair.key.value)}`;
      if (entries.has(key)) continue;
      const value = pair.value;
      const valueText = value?.range ? text.slice(value.range[0], value.range[1]).trim() : '';
      entries.set(key, { key, keyRange: { start: pair.key.range[0], end: pair.key.range[1] }, valueText, leaf: !isMap(value) });
      walk(value, `${key}.`, depth + 1);
    }
  };
  walk(doc.contents as Node | null, '', 0);
  lastText = text;
  lastEntries = entries;
  return entries;
}
