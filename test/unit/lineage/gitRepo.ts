import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Real git repositories in temp folders for the lineage tests, with a fixed identity and no user
// or system config, so a developer's ~/.gitconfig (diff drivers, noprefix, signing) cannot leak in.

const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Lineage Test',
  GIT_AUTHOR_EMAIL: 'lineage@example.com',
  GIT_COMMITTER_NAME: 'Lineage Test',
  GIT_COMMITTER_EMAIL: 'lineage@example.com',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
}

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `mlops-lineage-${prefix}-`));
  made.push(dir);
  return dir;
}

export function write(dir: string, file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** A repository on branch `main` with one commit of `files`. */
export function repoWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir('repo');
  git(dir, 'init', '-q', '-b', 'main');
  for (const [file, content] of Object.entries(files)) write(dir, file, content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}
