import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';

// The params file is parsed once per change: kept by its (size, mtime, inode), so checking a
// thousand stages that read it parses it once, and an editor checking again parses nothing. As in
// digests.ts, a file changed less than two seconds before it was parsed is not kept (an edit in
// the same timestamp tick would leave its stat unchanged).
const parsed = new Map<string, { stamp: string; root: unknown }>();

/** Reads the values of dotted keys (`train.lr`) from a YAML or JSON params file, as strings. */
export function readParams(file: string, keys: string[]): { key: string; value: string }[] {
  const root = parsedParams(file);
  return keys.map((key) => {
    let node: unknown = root;
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (node === undefined) throw new Error(`Param '${key}' is not in ${file}.`);
    return { key, value: typeof node === 'string' ? node : JSON.stringify(node) };
  });
}

function parsedParams(file: string): unknown {
  const s = statSync(file, { bigint: true });
  const stamp = `${s.size}:${s.mtimeNs}:${s.ino}`;
  const known = parsed.get(file);
  if (known?.stamp === stamp) return known.root;
  const root = parse(readFileSync(file, 'utf8')) as unknown;
  if (s.mtimeMs < BigInt(Date.now() - 2000)) parsed.set(file, { stamp, root });
  return root;
}
