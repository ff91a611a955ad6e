import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// Writes one artifact of a run into its artifact location (RunInfo.artifactUri), which the embedded
// store makes a `file://` URI (a plain absolute path, as older MLflow stores wrote, works too).
// Other schemes (`mlflow-artifacts:`, `s3://`, …) are refused with an error saying so: those go
// through the server. The artifact path is confined as MLflow confines it: relative, `/`-separated,
// no `..`; a folder on the way that is a symbolic link leading outside the location, or a symbolic
// link at the file itself, is refused. Missing folders are created.

/** Writes `content` at `relPath` under the run's artifact location; returns the file's absolute path. */
export async function writeRunArtifact(artifactUri: string, relPath: string, content: string | Uint8Array): Promise<string> {
  const root = localArtifactRoot(artifactUri);
  const segments = artifactSegments(relPath);
  await fs.mkdir(root, { recursive: true });
  const realRoot = await fs.realpath(root);
  let folder = realRoot;
  for (const segment of segments.slice(0, -1)) {
    const next = path.join(folder, segment);
    await fs.mkdir(next).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    folder = await fs.realpath(next);
    if (folder !== realRoot && !folder.startsWith(realRoot + path.sep)) {
      throw new Error(`The artifact path ${JSON.stringify(relPath)} leads outside the run's artifact location ${root} (through a symbolic link).`);
    }
  }
  const file = path.join(folder, segments[segments.length - 1] as string);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`The artifact ${JSON.stringify(relPath)} is a symbolic link in ${root}: not written through it.`);
    throw err;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return file;
}

/** The local folder of a `file://` artifact location (or a plain absolute path). */
export function localArtifactRoot(artifactUri: string): string {
  if (path.isAbsolute(artifactUri)) return path.normalize(artifactUri);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(artifactUri)?.[1]?.toLowerCase();
  if (scheme !== 'file') {
    const where = scheme ? `a ${scheme}: URI` : 'neither a file:// URI nor an absolute path';
    throw new Error(`Cannot write artifacts to ${JSON.stringify(artifactUri)}: it is ${where}; only local (file://) artifact locations are written directly.`);
  }
  try {
    return fileURLToPath(artifactUri);
  } catch (err) {
    throw new Error(`Cannot write artifacts to ${JSON.stringify(artifactUri)}: ${(err as Error).message}`);
  }
}

/** The path's segments, refusing what MLflow's validate_path_is_safe refuses. */
function artifactSegments(relPath: string): string[] {
  const unsafe = relPath.includes('\0') || relPath.includes('\\') || relPath.startsWith('/') || /^[a-z]:/i.test(relPath) || relPath.split('/').includes('..');
  if (unsafe) throw new Error(`Invalid artifact path ${JSON.stringify(relPath)}: it must be relative, use '/', and may not contain '..'.`);
  const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) throw new Error(`Invalid artifact path ${JSON.stringify(relPath)}: it names no file.`);
  return segments;
}
