import * as path from 'node:path';
import { deltaTableVersion, isDeltaTable } from './delta';

/**
 * The content digest of a dep or out, given its path as declared in mlops.yaml (relative to the
 * pipeline root); undefined when it does not exist. `DigestCache.digest` fits.
 */
export type DigestOf = (declaredPath: string) => string | undefined | Promise<string | undefined>;

/** A dep or out as lineage records it. */
export interface DescribedPath {
  /** As declared in mlops.yaml. */
  path: string;
  /** The full content digest, as `digestOf` gave it. */
  digest: string;
  /** Set when the path is a Delta table (a folder holding `_delta_log/`). */
  deltaVersion?: number;
}

export async function describePath(root: string, declared: string, digestOf: DigestOf, role: 'dep' | 'out'): Promise<DescribedPath> {
  const digest = await digestOf(declared);
  if (digest === undefined) throw new Error(`Cannot record lineage of ${role} ${declared}: it does not exist under ${root}.`);
  const full = path.resolve(root, declared);
  return isDeltaTable(full) ? { path: declared, digest, deltaVersion: deltaTableVersion(full) } : { path: declared, digest };
}

export async function describePaths(root: string, declared: string[], digestOf: DigestOf, role: 'dep' | 'out'): Promise<DescribedPath[]> {
  const described: DescribedPath[] = [];
  for (const p of declared) described.push(await describePath(root, p, digestOf, role));
  return described;
}
