import { userInfo } from 'node:os';
import { simpleGit } from 'simple-git';

/**
 * Who acts, as the audit trail records it: git's `user.name <user.email>` as configured for the
 * repository at `cwd` (either part alone when only one is set), else the operating system's user.
 */
export async function currentActor(cwd: string): Promise<string> {
  const [name, email] = await Promise.all([gitConfig(cwd, 'user.name'), gitConfig(cwd, 'user.email')]);
  if (name && email) return `${name} <${email}>`;
  if (name || email) return (name || email)!;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function gitConfig(cwd: string, key: string): Promise<string | undefined> {
  try {
    const value = (await simpleGit({ baseDir: cwd }).raw(['config', '--get', key])).trim();
    return value || undefined;
  } catch {
    return undefined; // git missing, not a repository, or the key unset
  }
}
