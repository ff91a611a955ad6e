import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Reads the values of dotted keys (`train.lr`) from a YAML or JSON params file, as strings. */
export function readParams(file: string, keys: string[]): { key: string; value: string }[] {
  const root = parse(readFileSync(file, 'utf8')) as unknown;
  return keys.map((key) => {
    let node: unknown = root;
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (node === undefined) throw new Error(`Param '${key}' is not in ${file}.`);
    return { key, value: typeof node === 'string' ? node : JSON.stringify(node) };
  });
}
