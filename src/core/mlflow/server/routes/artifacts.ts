import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { invalidParameter, RestError } from '../errors';

// MLflow's proxied artifact endpoints (mlflow-artifacts), confined to the store's artifact folder:
//   PUT  /api/2.0/mlflow-artifacts/artifacts/<path>   upload one file (the body), answers {}
//   GET  /api/2.0/mlflow-artifacts/artifacts/<path>   download one file
//   GET  /api/2.0/mlflow-artifacts/artifacts?path=<dir>  list a folder: {files: [{path, is_dir, file_size}]}
// A path that is absolute or climbs with `..` is refused (400); one that leaves the folder through a
// symbolic link is refused (403). Uploads are written without following a link at the file itself.

export const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/** Uploads larger than this are refused (413). */
export const MAX_ARTIFACT_BYTES = 2 * 2 ** 30;

/** `pathname`: the request's path as sent, with no `..` resolved. */
export async function serveArtifacts(req: IncomingMessage, res: ServerResponse, root: string, pathname: string, query: URLSearchParams): Promise<void> {
  const rest = pathname.slice(ARTIFACTS_PREFIX.length);
  if (rest === '' || rest === '/') {
    if (req.method !== 'GET') throw new RestError(405, 'BAD_REQUEST', `${req.method} is not allowed on ${ARTIFACTS_PREFIX}.`);
    return listFolder(res, root, query.get('path') ?? '');
  }
  const relative = decodePath(rest.slice(1));
  if (req.method === 'GET') return download(res, root, relative);
  if (req.method === 'PUT') return upload(req, res, root, relative);
  throw new RestError(405, 'BAD_REQUEST', `${req.method} is not allowed on artifacts; use GET or PUT.`);
}

function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw invalidParameter(`Invalid path: ${JSON.stringify(encoded)} is not valid URL encoding.`);
  }
}

/** The path's segments, refusing what MLflow's validate_path_is_safe refuses. */
function safeSegments(relative: string): string[] {
  const unsafe =
    relative.includes('\0') || relative.includes('\\') || relative.startsWith('/') || /^[a-z]:/i.test(relative) || relative.split('/').some((s) => s === '..');
  if (unsafe) throw invalidParameter(`Invalid path: ${JSON.stringify(relative)} must be relative and may not contain '..'.`);
  return relative.split('/').filter((s) => s !== '' && s !== '.');
}

function inside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot + path.sep);
}

function denied(relative: string): RestError {
  return new RestError(403, 'PERMISSION_DENIED', `The artifact path ${JSON.stringify(relative)} leads outside the artifact root.`);
}

/** The real location of an existing artifact, or undefined if it does not exist. */
function resolveExisting(root: string, relative: string): string | undefined {
  const segments = safeSegments(relative);
  const realRoot = fs.realpathSync(root);
  let real: string;
  try {
    real = fs.realpathSync(path.join(realRoot, ...segments));
  } catch {
    return undefined;
  }
  if (!inside(realRoot, real)) throw denied(relative);
  return real;
}

async function download(res: ServerResponse, root: string, relative: string): Promise<void> {
  const file = resolveExisting(root, relative);
  const stat = file ? fs.statSync(file) : undefined;
  if (!file || !stat?.isFile()) throw new RestError(404, 'RESOURCE_DOES_NOT_EXIST', `Artifact ${JSON.stringify(relative)} not found.`);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': stat.size });
  await pipeline(fs.createReadStream(file), res);
}

function listFolder(res: ServerResponse, root: string, relative: string): void {
  const folder = resolveExisting(root, relative);
  const files: object[] = [];
  if (folder && fs.statSync(folder).isDirectory()) {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const isDir = entry.isDirectory();
      files.push(isDir ? { path: entry.name, is_dir: true } : { path: entry.name, is_dir: false, file_size: fs.statSync(path.join(folder, entry.name)).size });
    }
  }
  const body = JSON.stringify(files.length > 0 ? { files } : {});
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function upload(req: IncomingMessage, res: ServerResponse, root: string, relative: string): Promise<void> {
  const segments = safeSegments(relative);
  if (segments.length === 0) throw invalidParameter('Invalid path: an upload needs a file name.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_ARTIFACT_BYTES) throw tooLarge();
  const realRoot = fs.realpathSync(root);
  // Check the deepest existing folder before creating any below it, so mkdir cannot follow a link out.
  let existing = path.join(realRoot, ...segments.slice(0, -1));
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!inside(realRoot, fs.realpathSync(existing))) throw denied(relative);
  const folder = path.join(realRoot, ...segments.slice(0, -1));
  fs.mkdirSync(folder, { recursive: true });
  if (!inside(realRoot, fs.realpathSync(folder))) throw denied(relative);
  let fd: number;
  try {
    fd = fs.openSync(path.join(folder, segments[segments.length - 1]), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw denied(relative);
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw invalidParameter(`Invalid path: ${JSON.stringify(relative)} is a folder.`);
    throw err;
  }
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_ARTIFACT_BYTES) req.destroy(tooLarge());
  });
  await pipeline(req, fs.createWriteStream('', { fd }));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
  res.end('{}');
}

function tooLarge(): RestError {
  return new RestError(413, 'BAD_REQUEST', `An artifact upload may hold at most ${MAX_ARTIFACT_BYTES} bytes.`);
}
