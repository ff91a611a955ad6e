// Where an mlops.yaml lives: its URI, the folder paths in it are relative to, and back.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const configFileName = 'mlops.yaml';

export function isConfigFile(uri: string): boolean {
  try {
    return path.posix.basename(new URL(uri).pathname) === configFileName;
  } catch {
    return false;
  }
}

/** The folder holding the config (its pipeline root), or undefined for a URI that is no local file. */
export function pipelineRoot(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? path.dirname(fileURLToPath(url)) : undefined;
  } catch {
    return undefined;
  }
}

/** The URI of a path relative to the pipeline root. */
export function projectFileUri(root: string, relPath: string): string {
  return pathToFileURL(path.resolve(root, relPath)).href;
}

/** A file event's URI as a path relative to `root`, with `/` separators (it may climb out with `..`). */
export function relativeToRoot(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

export function uriToPath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}
