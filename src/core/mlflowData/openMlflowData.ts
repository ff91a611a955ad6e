import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrackingStore } from '../store/types';
import { MlflowDataError } from './errors';
import { isSqliteHeader, openMlflowDb } from './openMlflowDb';
import { openMlruns } from './openMlruns';
import { SUPPORTED_RELEASES } from './revisions';

// Existing MLflow data, read only: what `target` is decides how it opens.
//   a file with an SQLite header              an mlflow.db (openMlflowDb.ts)
//   a folder that is an mlruns tree           MLflow's file store (openMlruns.ts)
//   a folder holding mlflow.db, else mlruns/  that
// A store folder of MLOps Workbench (`.mlops`, with its journal) is not MLflow data: it opens as
// the embedded store. The user's files are never written: both kinds are copied into memory.

export type MlflowDataKind = 'mlflow.db' | 'mlruns';

/** Opens `target` read-only; every write on the result throws. Throws MlflowDataError when `target` is not MLflow data. */
export async function openMlflowData(target: string): Promise<TrackingStore> {
  const found = findMlflowData(target);
  return found.kind === 'mlflow.db' ? openMlflowDb(found.path) : openMlruns(found.path);
}

/**
 * What `target` holds, without opening it: the mlflow.db file or the mlruns folder to read.
 * Throws MlflowDataError (naming the path and what was expected) for anything else.
 */
export function findMlflowData(target: string): { kind: MlflowDataKind; path: string } {
  const full = path.resolve(target);
  const stat = statOf(full);
  if (!stat) throw new MlflowDataError(full, `${full} does not exist. Expected an mlflow.db file or an mlruns/ folder.`, 'RESOURCE_DOES_NOT_EXIST');
  if (stat.isFile()) {
    if (!isSqliteHeader(readHead(full))) {
      throw new MlflowDataError(full, `${full} is not an SQLite database. Expected an mlflow.db written by ${SUPPORTED_RELEASES}, or an mlruns/ folder.`);
    }
    if (isWorkbenchStore(path.dirname(full))) {
      throw new MlflowDataError(full, `${full} is the database of an MLOps Workbench store: open its folder as the store (\`--store ${path.dirname(full)}\`), which adds the writes in its journal.`);
    }
    return { kind: 'mlflow.db', path: full };
  }
  if (!stat.isDirectory()) throw new MlflowDataError(full, `${full} is neither a file nor a folder. Expected an mlflow.db file or an mlruns/ folder.`);
  if (isWorkbenchStore(full)) {
    throw new MlflowDataError(full, `${full} is an MLOps Workbench store folder, not MLflow data: open it as the store (\`--store ${full}\`), which keeps its journal.`);
  }
  if (isMlrunsTree(full)) return { kind: 'mlruns', path: full };
  const db = path.join(full, 'mlflow.db');
  if (statOf(db)?.isFile()) return findMlflowData(db);
  const mlruns = path.join(full, 'mlruns');
  if (statOf(mlruns)?.isDirectory()) {
    if (!isMlrunsTree(mlruns)) {
      throw new MlflowDataError(mlruns, `${mlruns} is not an MLflow file store: expected experiment folders holding meta.yaml (such as 0/meta.yaml), or .trash/ beside models/.`);
    }
    return { kind: 'mlruns', path: mlruns };
  }
  throw new MlflowDataError(
    full,
    `${full} holds no MLflow data: expected an mlflow.db file, an mlruns/ folder, or to be an mlruns folder itself (experiment folders with meta.yaml, such as 0/meta.yaml).`,
  );
}

/** An MLOps Workbench store folder: `.mlops`, or a folder with the store's journal or lock beside its mlflow.db. */
export function isWorkbenchStore(dir: string): boolean {
  if (path.basename(dir) === '.mlops') return true;
  return statOf(path.join(dir, 'mlflow.db')) !== undefined && ['journal', 'lock'].some((f) => statOf(path.join(dir, f)) !== undefined);
}

/** MLflow's file store layout: experiment folders (numeric names) with meta.yaml, or its .trash/ beside models/. */
export function isMlrunsTree(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  if ([...folders].some((name) => /^\d+$/.test(name) && statOf(path.join(dir, name, 'meta.yaml'))?.isFile())) return true;
  return folders.has('.trash') && folders.has('models');
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
