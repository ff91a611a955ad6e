import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { lineageTag } from './tags';

// The git state of a pipeline root, as MLflow's tags describe it (commit, branch, remote URL, dirty)
// plus the working tree's patch. Not a repository, or no git installed: no tags and a note, never
// an error, because a pipeline runs fine outside git.
//
// The patch is `git diff HEAD --binary`: staged and unstaged changes to tracked files, whole
// repository, as bytes (so files in any encoding apply again), with fixed `a/` `b/` prefixes and no
// external diff or textconv drivers, so `git apply` on a checkout of the commit restores the
// tracked files. Untracked files are not inlined (they may be data of any size): they are counted
// in a tag and listed in the patch's header, which `git apply` skips like a mail's preamble.

export interface GitLineage {
  tags: Record<string, string>;
  /** Present when tracked files differ from HEAD or untracked files exist. */
  patch?: Buffer;
  /** Why something is missing: not a repository, no git, no commit yet, detached HEAD, patch too large. */
  notes: string[];
}

export interface DescribeGitOptions {
  /** The git executable; default `git` on PATH. */
  gitBinary?: string;
  /** Folders whose untracked files are not listed (the store, e.g. `<root>/.mlops`). */
  ignore?: string[];
  /** A larger patch is not kept (a note says so); default 64 MiB. */
  maxPatchBytes?: number;
}

const DEFAULT_MAX_PATCH = 64 * 2 ** 20;
const DIFF_ARGS = ['diff', 'HEAD', '--binary', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/'];

export async function describeGit(root: string, opts: DescribeGitOptions = {}): Promise<GitLineage> {
  const notes: string[] = [];
  const git = (handler?: (stdout: NodeJS.ReadableStream) => void): SimpleGit => {
    const g = simpleGit({ baseDir: root, binary: opts.gitBinary ?? 'git', timeout: { block: 60_000 } });
    return handler ? g.outputHandler((_cmd, stdout) => handler(stdout)) : g;
  };
  let toplevel: string;
  try {
    toplevel = (await git().raw(['rev-parse', '--show-toplevel'])).trim();
  } catch (err) {
    return { tags: {}, notes: [whyNoGit(root, err)] };
  }

  const tags: Record<string, string> = {};
  try {
    return await readState(git, toplevel, tags, notes, opts);
  } catch (err) {
    notes.push(`git failed in ${root}: ${firstLine(err)}`);
    return { tags, notes };
  }
}

async function readState(
  git: (handler?: (stdout: NodeJS.ReadableStream) => void) => SimpleGit, toplevel: string, tags: Record<string, string>, notes: string[], opts: DescribeGitOptions,
): Promise<GitLineage> {
  const commit = (await git().raw(['rev-parse', '--verify', '-q', 'HEAD^{commit}'])).trim();
  const branch = (await git().raw(['symbolic-ref', '-q', '--short', 'HEAD'])).trim();
  if (commit) tags[lineageTag.gitCommit] = commit;
  if (branch) tags[lineageTag.gitBranch] = branch;
  else notes.push('detached HEAD: no branch recorded');
  const remote = await remoteUrl(git());
  if (remote) tags[lineageTag.gitRepoUrl] = stripCredentials(remote);

  if (!commit) {
    notes.push(`no commit yet on ${branch || 'HEAD'}: no commit, dirty flag or patch recorded`);
    return { tags, notes };
  }

  const chunks: Buffer[] = [];
  // simple-git decodes output as UTF-8; the output handler sees the raw bytes of the diff.
  await git((stdout) => stdout.on('data', (c: Buffer) => chunks.push(c))).raw(DIFF_ARGS);
  const diff = Buffer.concat(chunks);
  tags[lineageTag.gitDirty] = String(diff.length > 0);
  const untracked = await untrackedFiles(git(), toplevel, opts.ignore ?? []);
  if (untracked.length > 0) tags[lineageTag.gitUntracked] = String(untracked.length);
  if (diff.length === 0 && untracked.length === 0) return { tags, notes };

  const patch = Buffer.concat([Buffer.from(patchHeader(commit, branch, untracked)), diff]);
  const max = opts.maxPatchBytes ?? DEFAULT_MAX_PATCH;
  if (patch.length > max) {
    notes.push(`the working tree's patch is ${patch.length} bytes, over the ${max}-byte limit: not kept`);
    return { tags, notes };
  }
  return { tags, patch, notes };
}

/** The URL of `origin`, else of the first remote in `git remote`'s order; undefined without remotes. */
async function remoteUrl(git: SimpleGit): Promise<string | undefined> {
  const names = (await git.raw(['remote'])).split('\n').map((n) => n.trim()).filter(Boolean);
  const name = names.includes('origin') ? 'origin' : names[0];
  if (!name) return undefined;
  return (await git.raw(['remote', 'get-url', name])).trim() || undefined;
}

/**
 * A remote URL without its user name and password, as MLflow's `_strip_credentials_from_url`:
 * `https://user:token@host/repo` → `https://host/repo`. URLs without a scheme (scp-like
 * `git@host:org/repo.git`) carry no password and are kept.
 */
export function stripCredentials(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url;
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  return at < 0 ? url : scheme + authority.slice(at + 1) + rest;
}

async function untrackedFiles(git: SimpleGit, toplevel: string, ignore: string[]): Promise<string[]> {
  const listed = (await git.raw(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ':(top)'])).split('\0').filter(Boolean);
  const prefixes = ignore.map((dir) => relativeToTop(toplevel, dir)).filter((p): p is string => p !== undefined);
  return listed.filter((file) => !prefixes.some((p) => p === '' || file === p || file.startsWith(`${p}/`)));
}

function relativeToTop(toplevel: string, dir: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = path.resolve(dir);
  }
  const rel = path.relative(toplevel, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

function patchHeader(commit: string, branch: string, untracked: string[]): string {
  const lines = [
    `# The working tree against ${commit}${branch ? ` (${branch})` : ''}, recorded by MLOps Workbench.`,
    '# Restore it on a checkout of that commit: git apply <this file>',
  ];
  if (untracked.length > 0) {
    lines.push(`# ${untracked.length} untracked file(s), not included:`);
    for (const file of untracked) lines.push(`#   ${/[\n\r]/.test(file) ? JSON.stringify(file) : file}`);
  }
  return `${lines.join('\n')}\n`;
}

function whyNoGit(root: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/ENOENT/.test(message)) return `git is not available (${firstLine(err)}): no git lineage recorded`;
  if (/not a git repository/i.test(message)) return `${root} is not in a git repository: no git lineage recorded`;
  return `git failed in ${root}: ${firstLine(err)}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
