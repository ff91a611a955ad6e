// A run's commit (`mlflow.source.git.commit`) against the working tree, through git itself
// (simple-git): which files differ, and a file's text at the commit. Plain code, no `vscode`.
import { simpleGit } from 'simple-git';

export interface CommitChange {
  /** git's letter: A added since the commit, M modified, D deleted, R renamed, T type changed. */
  status: string;
  /** In the working tree, relative to the repository root, `/`-separated. */
  path: string;
  /** At the commit; differs from `path` for a rename. */
  originalPath: string;
}

/** The repository holding `dir`, or undefined when it is none. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    return (await simpleGit({ baseDir: dir }).revparse(['--show-toplevel'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The commit's full id, or undefined when the repository does not have it (another clone, a shallow one). */
export async function resolveCommit(root: string, commit: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{4,40}$/i.test(commit)) return undefined;
  try {
    return (await simpleGit({ baseDir: root }).revparse(['--verify', '--quiet', `${commit}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Tracked files that differ between the commit and the working tree. */
export async function changesSince(root: string, commit: string): Promise<CommitChange[]> {
  const out = await simpleGit({ baseDir: root }).raw(['diff', '--name-status', '-z', '--find-renames', commit, '--']);
  return parseNameStatus(out);
}

/** `git diff --name-status -z` output: status NUL path NUL, renames and copies with two paths. */
export function parseNameStatus(out: string): CommitChange[] {
  const fields = out.split('\0');
  const changes: CommitChange[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++];
    if (status === '') continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const originalPath = fields[i++];
      const path = fields[i++];
      changes.push({ status: letter, path, originalPath });
    } else {
      const path = fields[i++];
      changes.push({ status: letter, path, originalPath: path });
    }
  }
  return changes;
}

/** The file's text at the commit; '' when it did not exist there. */
export async function fileAtCommit(root: string, commit: string, path: string): Promise<string> {
  try {
    return await simpleGit({ baseDir: root }).show([`${commit}:${path}`]);
  } catch {
    return '';
  }
}

/** How many files the working tree has changed or untracked (0: clean). */
export async function dirtyFileCount(root: string): Promise<number> {
  const status = await simpleGit({ baseDir: root }).status();
  return status.files.length;
}

export async function checkoutCommit(root: string, commit: string): Promise<void> {
  await simpleGit({ baseDir: root }).checkout(commit);
}
