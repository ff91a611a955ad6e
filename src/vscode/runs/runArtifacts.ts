// A run's artifacts, one folder at a time. A `file://` artifact location (the embedded store, a
// local MLflow server, an mlruns/ tree) is listed from disk; elsewhere (mlflow-artifacts:, s3:, ...)
// through the store when it can list artifacts (MLflow's artifacts/list), else not at all, with
// the reason. Plain code, no `vscode`.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Run, TrackingStore } from '../../core/store/types';

export interface ArtifactFile {
  /** Relative to the run's artifact root, `/`-separated. */
  path: string;
  isDir: boolean;
  size?: number;
}

export type ArtifactListing = { kind: 'files'; files: ArtifactFile[] } | { kind: 'unavailable'; reason: string };

/** What a store offers when it can list a run's artifacts itself (MLflow's GET artifacts/list). */
export interface ArtifactLister {
  listArtifacts(runId: string, path?: string): Promise<ArtifactFile[]>;
}

const canList = (store: TrackingStore): store is TrackingStore & ArtifactLister => typeof (store as Partial<ArtifactLister>).listArtifacts === 'function';

/** The folder holding the run's artifacts on this machine, when its location is a `file://` URI. */
export function localArtifactRoot(run: Run): string | undefined {
  if (!run.info.artifactUri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(run.info.artifactUri);
  } catch {
    return undefined;
  }
}

/** The files and folders directly in `folder` (a path from an earlier listing, '' for the root): folders first, then by name. */
export async function listRunArtifacts(store: TrackingStore, run: Run, folder = ''): Promise<ArtifactListing> {
  const root = localArtifactRoot(run);
  let files: ArtifactFile[];
  if (root !== undefined) files = listFolder(root, folder);
  else if (canList(store)) files = await store.listArtifacts(run.info.runId, folder || undefined);
  else return { kind: 'unavailable', reason: `The artifacts are at ${run.info.artifactUri}: the workbench lists artifacts kept in a folder (file://) only.` };
  return { kind: 'files', files: files.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path)) };
}

/** The artifact's path on this machine, confined to the run's artifact root; undefined when not local. */
export function localArtifactPath(run: Run, relative = ''): string | undefined {
  const root = localArtifactRoot(run);
  if (root === undefined) return undefined;
  const full = path.resolve(root, ...relative.split('/').filter((part) => part !== ''));
  const inside = path.relative(root, full);
  if (inside.startsWith('..') || path.isAbsolute(inside)) throw new Error(`The artifact path '${relative}' leads outside the run's artifact folder.`);
  return full;
}

function listFolder(root: string, folder: string): ArtifactFile[] {
  const full = path.join(root, ...folder.split('/').filter((part) => part !== '' && part !== '..'));
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch (error) {
    // A run that logged nothing has no folder yet.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.map((entry) => {
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) return { path: relative, isDir: true };
    let size: number | undefined;
    try {
      size = statSync(path.join(full, entry.name)).size;
    } catch {
      size = undefined;
    }
    return { path: relative, isDir: false, ...(size !== undefined && { size }) };
  });
}
