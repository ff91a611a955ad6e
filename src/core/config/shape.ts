import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { diagnostic, type ConfigDiagnostic, type Range } from './diagnostic';
import { keyInfo, sectionKeys, type SectionName } from './keys';
import { closest } from './suggest';

// Reading YAML nodes into the model while checking their shape against the key table: each
// problem of shape becomes a diagnostic, and the value is left out of the model.

export const shapeCodes = ['wrong-type', 'unknown-key', 'missing-key'] as const;

/** A value as written, with the range of its node. */
export interface Spanned<T> {
  value: T;
  range: Range;
}

/** One key of a mapping as written: the key's range, the value's range and its YAML node. */
export interface Entry {
  key: string;
  keyRange: Range;
  valueRange: Range;
  node: Node | null;
}

/** A mapping as written: its range and its entries with string keys, known or not. */
export interface Mapping {
  range: Range;
  entries: Map<string, Entry>;
}

export class ShapeReader {
  readonly problems: ConfigDiagnostic[] = [];

  constructor(readonly text: string) {}

  rangeOf(node: Node | null | undefined, fallback: Range): Range {
    const r = node?.range;
    return r ? { start: r[0], end: r[1] } : fallback;
  }

  /** A mapping's entries, reporting unknown keys when `section` names its allowed keys. */
  mapping(node: Node | null, where: string, at: Range, section?: SectionName): Mapping | undefined {
    if (node === null || (isScalar(node) && node.value === null)) {
      // An empty section is an empty mapping: it still lacks its required keys.
      if (section) this.missingKeys(section, new Map(), where, at);
      return { range: this.rangeOf(node, at), entries: new Map() };
    }
    if (!isMap(node)) {
      this.problems.push(diagnostic('wrong-type', 'error', this.rangeOf(node, at), `${where} must be a mapping of keys to values${section ? `, such as ${sectionKeys[section].slice(0, 3).map((k) => k.name).join(', ')}` : ''}.`));
      return undefined;
    }
    const entries = new Map<string, Entry>();
    const unknown: Entry[] = [];
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const key = pair.key;
      const keyRange = this.rangeOf(key, this.rangeOf(node, at));
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        this.problems.push(diagnostic('unknown-key', 'error', keyRange, `A key in ${where} must be a plain name, not ${isMap(key) ? 'a mapping' : isSeq(key) ? 'a list' : 'empty'}.`));
        continue;
      }
      const name = String(key.value);
      const valueRange = pair.value ? this.rangeOf(pair.value, { start: keyRange.end, end: keyRange.end }) : { start: keyRange.end, end: keyRange.end };
      entries.set(name, { key: name, keyRange, valueRange, node: pair.value });
      if (section && !keyInfo(section, name)) unknown.push(entries.get(name)!);
    }
    if (section) {
      for (const e of unknown) this.unknownKey(section, e.key, e.keyRange, where, entries);
      this.missingKeys(section, entries, where, at);
    }
    return { range: this.rangeOf(node, at), entries };
  }

  private missingKeys(section: SectionName, entries: Map<string, Entry>, where: string, at: Range): void {
    for (const k of sectionKeys[section]) {
      if (k.required && !entries.has(k.name)) this.problems.push(diagnostic('missing-key', 'error', at, `${where} needs \`${k.name}\`: ${lowerFirst(k.doc)}`));
    }
  }

  private unknownKey(section: SectionName, name: string, keyRange: Range, where: string, present: Map<string, Entry>): void {
    const allowed = sectionKeys[section].map((k) => k.name);
    // A key already written is no suggestion: renaming to it would make a duplicate.
    const suggestion = closest(name, allowed.filter((k) => !present.has(k)));
    const message = suggestion
      ? `Unknown key "${name}" in ${where}. Did you mean "${suggestion}"?`
      : `Unknown key "${name}" in ${where}. Allowed: ${allowed.join(', ')}.`;
    const fixes = suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ range: keyRange, newText: suggestion }] }] : undefined;
    this.problems.push(diagnostic('unknown-key', 'error', keyRange, message, fixes));
  }

  string(entry: Entry | undefined, where: string): Spanned<string> | undefined {
    if (!entry) return undefined;
    const node = entry.node;
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return { value: this.scalarText(node), range: entry.valueRange };
    this.wrongType(entry, where, isScalar(node) || node === null ? 'needs a value' : 'must be a single value, not a list or mapping');
    return undefined;
  }

  number(entry: Entry | undefined, where: string): Spanned<number> | undefined {
    if (!entry) return undefined;
    const node = entry.node;
    if (isScalar(node) && typeof node.value === 'number') return { value: node.value, range: entry.valueRange };
    this.wrongType(entry, where, 'must be a number');
    return undefined;
  }

  boolean(entry: Entry | undefined, where: string): Spanned<boolean> | undefined {
    if (!entry) return undefined;
    const node = entry.node;
    if (isScalar(node) && typeof node.value === 'boolean') return { value: node.value, range: entry.valueRange };
    this.wrongType(entry, where, 'must be true or false');
    return undefined;
  }

  /** A string or a number, as a gate's baseline is. */
  scalar(entry: Entry | undefined, where: string): Spanned<string | number> | undefined {
    if (!entry) return undefined;
    const node = entry.node;
    if (isScalar(node) && typeof node.value === 'number') return { value: node.value, range: entry.valueRange };
    return this.string(entry, where);
  }

  /** A list of strings; one string stands for a list of one, and an empty value for an empty list. */
  strings(entry: Entry | undefined, where: string): Spanned<string>[] {
    if (!entry) return [];
    const node = entry.node;
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (isScalar(node) && typeof node.value !== 'object') return [{ value: this.scalarText(node), range: entry.valueRange }];
    if (!isSeq(node)) {
      this.wrongType(entry, where, 'must be a list, e.g. [a, b]');
      return [];
    }
    const items: Spanned<string>[] = [];
    for (const item of node.items as (Node | null)[]) {
      if (isScalar(item) && item.value !== null && typeof item.value !== 'object') {
        items.push({ value: this.scalarText(item), range: this.rangeOf(item, entry.valueRange) });
      } else {
        const range = this.rangeOf(item, entry.valueRange);
        this.problems.push(diagnostic('wrong-type', 'error', range, `Each item of ${where} must be a single value${isScalar(item) ? ', not empty' : ', not a list or mapping'}.`));
      }
    }
    return items;
  }

  wrongType(entry: Entry, where: string, what: string): void {
    const range = entry.node && entry.valueRange.end > entry.valueRange.start ? entry.valueRange : entry.keyRange;
    this.problems.push(diagnostic('wrong-type', 'error', range, `${where} ${what}.`));
  }

  /** Numbers and booleans keep the text they were written as (`1.10` stays `1.10`). */
  private scalarText(node: Node): string {
    const value = (node as { value: unknown }).value;
    if (typeof value === 'string') return value;
    const r = node.range;
    return r ? this.text.slice(r[0], r[1]) : String(value);
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
