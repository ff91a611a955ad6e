import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../../store/types';
import { invalidParameter } from './errors';
import type { ServedStore } from './route';

// The checks MLflow 3.17.2's server makes on a new model version's `source` before it stores it
// (server/handlers.py: _validate_artifact_uri_scheme, _validate_source_run, _validate_source_model,
// _validate_non_local_source_contains_relative_paths), with its messages. They keep a client from
// registering files the server may later serve that do not belong to the run or logged model named:
// - a local path (or file: URI) must lie inside the artifact folder of the run (or logged model) given;
// - no `..`, NUL or non-canonical path in any other URI;
// - `runs:/<id>/...` needs that run_id, `models:/<model_id>` that model_id;
// - an mlflow-artifacts location must lie under the run's (or logged model's) artifact root;
// - URIs that would make the server connect to a host (http, ftp, s3-like endpoints) are refused:
//   this server's artifact root is a folder, so no host is ever trusted.
// `models:/<name>/<version>` sources (another registered version) are resolved by the store.

const HOST_ADDRESSED = new Set(['ftp', 'sftp', 'hdfs', 'viewfs', 'http', 'https', 'mlflow-artifacts', 'r2', 'b2', 'abfss']);

export async function validateModelVersionSource(store: ServedStore, source: string, runId: string, modelId: string): Promise<void> {
  const scheme = schemeOf(source);
  if (HOST_ADDRESSED.has(scheme) && !(scheme === 'mlflow-artifacts' && authority(source) === '')) {
    throw invalidParameter(
      `Invalid value for 'source': the '${scheme}' scheme addresses a host other than the tracking server's configured artifact storage, so the server would connect to the host named in the URI.`,
    );
  }
  if (scheme === 'models') {
    if (authority(source) !== '') throw invalidParameter(`Invalid model version source: '${source}'. Registered model sources must use the active model registry.`);
    if (!isModelIdUri(source)) return; // another registered version: the store resolves and checks it
  }
  if (modelId) await checkAgainstModel(store, source, modelId);
  else await checkAgainstRun(store, source, runId);
}

async function checkAgainstRun(store: ServedStore, source: string, runId: string): Promise<void> {
  if (isLocal(source)) {
    if (runId) {
      const root = await runArtifactUri(store, source, runId);
      if (isLocal(root) && contains(localPath(root), localPath(source))) return;
    }
    throw invalidParameter(
      `Invalid model version source: '${localPath(source)}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`,
    );
  }
  checkNoRelativePaths(source);
  const scheme = schemeOf(source);
  if (scheme === 'runs') {
    if (authority(source) !== '' || !runId || runsUriRunId(source) !== runId) throw notIdentified(source, 'run_id');
    return;
  }
  if (scheme === 'models' && isModelIdUri(source)) throw notIdentified(source, 'model_id');
  if (isMlflowArtifactSource(source)) {
    if (runId && withinRoot(source, await runArtifactUri(store, source, runId))) return;
    throw notIdentified(source, 'run_id');
  }
}

async function checkAgainstModel(store: ServedStore, source: string, modelId: string): Promise<void> {
  if (isLocal(source)) {
    const root = await modelArtifactUri(store, source, modelId);
    if (isLocal(root) && contains(localPath(root), localPath(source))) return;
    throw invalidParameter(
      `Invalid model version source: '${localPath(source)}'. To use a local path as a model version source, the model_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the model_id.`,
    );
  }
  checkNoRelativePaths(source);
  const scheme = schemeOf(source);
  if (scheme === 'models' && isModelIdUri(source)) {
    if (source.replace(/^models:\/+/, '') === modelId) return;
    throw notIdentified(source, 'model_id');
  }
  if (scheme === 'runs') throw notIdentified(source, 'model_id');
  if (isMlflowArtifactSource(source)) {
    if (withinRoot(source, await modelArtifactUri(store, source, modelId))) return;
    throw notIdentified(source, 'model_id');
  }
}

function notIdentified(source: string, idName: 'run_id' | 'model_id'): Error {
  return invalidParameter(`Invalid model version source: '${source}'. The ${idName} request parameter must identify the resource that contains the source.`);
}

async function runArtifactUri(store: ServedStore, source: string, runId: string): Promise<string> {
  try {
    return (await store.getRun(runId)).info.artifactUri;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') throw notIdentified(source, 'run_id');
    throw err;
  }
}

async function modelArtifactUri(store: ServedStore, source: string, modelId: string): Promise<string> {
  try {
    return (await store.getLoggedModel(modelId)).artifactLocation;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') throw notIdentified(source, 'model_id');
    throw err;
  }
}

function schemeOf(uri: string): string {
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1].toLowerCase() ?? '';
}

function authority(uri: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1] ?? '';
}

/** `models:/<model_id>`: one path segment and no alias (MLflow's _parse_model_uri). */
function isModelIdUri(uri: string): boolean {
  const rest = uri.replace(/^models:\/+/, '');
  return rest !== '' && !rest.includes('/') && !rest.includes('@');
}

/** MLflow's is_local_uri: no scheme, or file: naming no remote host. */
function isLocal(uri: string): boolean {
  const scheme = schemeOf(uri);
  if (scheme === '') return true;
  if (scheme !== 'file') return false;
  const host = authority(uri).replace(/:\d+$/, '').toLowerCase();
  if (host === '' || host === '.' || host.startsWith('localhost') || host.startsWith('127.0.0.1')) return true;
  throw invalidParameter(`${uri} is not a valid remote uri. For remote access on windows, please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).`);
}

/** The path a local URI names, resolved as pathlib's resolve() does: absolute, `..` applied, links followed where they exist. */
function localPath(uri: string): string {
  let p = uri;
  if (schemeOf(uri) === 'file') {
    try {
      p = fileURLToPath(uri.replace(/^file:\/\/(localhost|127\.0\.0\.1)(:\d+)?/i, 'file://'));
    } catch {
      p = decodeURIComponent(uri.replace(/^file:(\/\/[^/]*)?/, ''));
    }
  }
  let resolved = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(resolved), ...rest.reverse());
    } catch {
      const parent = path.dirname(resolved);
      if (parent === resolved) return path.join(resolved, ...rest.reverse());
      rest.push(path.basename(resolved));
      resolved = parent;
    }
  }
}

function contains(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function iterativelyUnquote(s: string, plus: boolean): string {
  for (;;) {
    let next: string;
    try {
      next = decodeURIComponent(plus ? s.replace(/\+/g, ' ') : s);
    } catch {
      return s;
    }
    if (next === s) return s;
    s = next;
  }
}

function checkNoRelativePaths(source: string): void {
  const message = `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`;
  const unquoted = iterativelyUnquote(source, true);
  const afterScheme = unquoted.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:/, '');
  const rawPath = (afterScheme.startsWith('//') ? afterScheme.replace(/^\/\/[^/?#]*/, '') : afterScheme).split(/[?#]/)[0];
  const sourcePath = rawPath.replace(/\/+$/, '').replace(/\/+/g, '/');
  if (sourcePath.includes('\0') || unquoted.split('/').includes('..')) throw invalidParameter(message);
  if (sourcePath !== '' && (!sourcePath.startsWith('/') || path.posix.normalize(sourcePath) !== sourcePath)) throw invalidParameter(message);
}

function runsUriRunId(uri: string): string {
  const p = uri.replace(/^runs:/, '');
  return p.startsWith('/') ? p.split('/')[1] ?? '' : '';
}

function uriParts(uri: string): { scheme: string; authority: string; parts: string[] } {
  const scheme = schemeOf(uri);
  const auth = authority(uri).toLowerCase();
  const rest = uri.slice(scheme.length + 1).replace(/^\/\/[^/?#]*/, '').split(/[?#]/)[0];
  return { scheme, authority: auth, parts: rest.split('/').filter((p) => p !== '').map((p) => iterativelyUnquote(p, false)) };
}

function withinRoot(source: string, root: string): boolean {
  const s = uriParts(source);
  const r = uriParts(root);
  return s.scheme === r.scheme && s.authority === r.authority && r.parts.length > 0 && r.parts.every((p, i) => s.parts[i] === p);
}

function isMlflowArtifactSource(source: string): boolean {
  const { scheme, parts } = uriParts(source);
  if (scheme === 'mlflow-artifacts') return true;
  if (scheme !== 'http' && scheme !== 'https') return false;
  const route = ['api', '2.0', 'mlflow-artifacts', 'artifacts'];
  return parts.some((_, i) => route.every((r, j) => parts[i + j] === r));
}
