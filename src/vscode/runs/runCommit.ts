// "Open Run's Commit" and "Checkout Run's Commit". The diff goes through git itself rather than the
// built-in git extension (which may be disabled, or not have opened the repository yet): the files
// that differ come from `git diff --name-status <commit>`, each file's text at the commit from
// `git show <commit>:<path>` into a read-only virtual document (scheme `mlops-commit`), beside the
// working-tree file, all in one multi-file diff editor (`vscode.changes`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runTag } from '../../core/pipeline/runTags';
import type { Run } from '../../core/store/types';
import { runNameOf } from '../trees/runLabels';
import { changesSince, checkoutCommit, dirtyFileCount, fileAtCommit, repositoryRoot, resolveCommit } from './commitDiff';

export const commitScheme = 'mlops-commit';

interface CommitFile {
  root: string;
  commit: string;
  /** '' for a file that did not exist at the commit. */
  path: string;
}

export type CommitOutcome = { ok: true; commit: string; files: string[] } | { ok: false; message: string };

export class RunCommits implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(commitScheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = JSON.parse(uri.query) as CommitFile;
    return file.path === '' ? Promise.resolve('') : fileAtCommit(file.root, file.commit, file.path);
  }

  /** The run's commit against the working tree, in the diff editor. */
  async open(run: Run): Promise<CommitOutcome> {
    const found = await this.commitOf(run);
    if (!found.ok) return this.tell(found);
    const { root, commit } = found;
    const changes = await changesSince(root, commit);
    const short = commit.slice(0, 8);
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(`The working tree matches commit ${short} of run ${runNameOf(run)}.`);
      return { ok: true, commit, files: [] };
    }
    const working = (relative: string): vscode.Uri => vscode.Uri.file(path.join(root, ...relative.split('/')));
    const atCommit = (relative: string, exists: boolean): vscode.Uri =>
      vscode.Uri.from({ scheme: commitScheme, path: `/${relative}`, query: JSON.stringify({ root, commit, path: exists ? relative : '' } satisfies CommitFile) });
    const resources = changes.map((change) => [
      working(change.path),
      atCommit(change.originalPath, change.status !== 'A'),
      change.status === 'D' ? atCommit(change.path, false) : working(change.path),
    ]);
    await vscode.commands.executeCommand('vscode.changes', `Run ${runNameOf(run)} (${short}) ↔ Working Tree`, resources);
    return { ok: true, commit, files: changes.map((change) => change.path) };
  }

  /** Checks the run's commit out (detached HEAD), after a confirmation that warns of local changes. */
  async checkout(run: Run, confirmed = false): Promise<CommitOutcome> {
    const found = await this.commitOf(run);
    if (!found.ok) return this.tell(found);
    const { root, commit } = found;
    const short = commit.slice(0, 8);
    if (!confirmed) {
      const dirty = await dirtyFileCount(root);
      const detail = [
        `HEAD will be detached at ${commit}, the commit run ${runNameOf(run)} ran at.`,
        dirty > 0
          ? `The working tree has ${dirty} changed or untracked file${dirty === 1 ? '' : 's'}: git keeps them where it can and refuses the checkout where they would be overwritten. Commit or stash them first to keep them safe.`
          : 'The working tree is clean.',
      ].join('\n\n');
      const action = dirty > 0 ? 'Checkout Anyway' : 'Checkout';
      const answer = await vscode.window.showWarningMessage(`Check out commit ${short}?`, { modal: true, detail }, action);
      if (answer !== action) return { ok: false, message: 'Cancelled.' };
    }
    try {
      await checkoutCommit(root, commit);
    } catch (error) {
      return this.tell({ ok: false, message: `git could not check out ${short}: ${error instanceof Error ? error.message : String(error)}` }, 'error');
    }
    void vscode.window.showInformationMessage(`Checked out ${short} (detached HEAD), the commit of run ${runNameOf(run)}.`);
    return { ok: true, commit, files: [] };
  }

  private async commitOf(run: Run): Promise<{ ok: true; root: string; commit: string } | { ok: false; message: string }> {
    const commit = run.data.tags[runTag.gitCommit];
    if (commit === undefined) return { ok: false, message: `Run ${runNameOf(run)} has no git commit (tag ${runTag.gitCommit}): it did not run in a git repository.` };
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) {
      const root = await repositoryRoot(folder.uri.fsPath);
      const full = root === undefined ? undefined : await resolveCommit(root, commit);
      if (root !== undefined && full !== undefined) return { ok: true, root, commit: full };
    }
    return { ok: false, message: `Commit ${commit.slice(0, 8)} of run ${runNameOf(run)} is not in this workspace's git repositories (fetch it, or open the repository it ran in).` };
  }

  private tell(outcome: { ok: false; message: string }, severity: 'info' | 'error' = 'info'): CommitOutcome {
    if (severity === 'error') void vscode.window.showErrorMessage(outcome.message);
    else void vscode.window.showInformationMessage(outcome.message);
    return outcome;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
