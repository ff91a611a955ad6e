import type { ProjectFiles } from '../../../src/core/config/projectFiles';

/** Disk reads through `files`, counted per call. */
export function countingFiles(files: ProjectFiles): { files: ProjectFiles; reads: string[] } {
  const reads: string[] = [];
  const count = <A extends unknown[], R>(name: string, read: (...args: A) => R) => (...args: A): R => {
    reads.push(`${name} ${String(args[0])}`);
    return read(...args);
  };
  return {
    reads,
    files: { exists: count('exists', files.exists), readText: count('readText', files.readText), readHeader: count('readHeader', files.readHeader), glob: count('glob', files.glob) },
  };
}
