// A throwaway folder per test run, holding everything a real editor would write into ~.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WorkDir {
  root: string;
  home: string;
  tmp: string;
  userData: string;
  extensions: string;
  /** HOME, XDG_* and TMPDIR pointing inside `root`. */
  env: Record<string, string>;
  remove(): void;
}

export function makeWorkDir(prefix: string): WorkDir {
  const root = mkdtempSync(join(tmpdir(), `mlops-${prefix}-`));
  const sub = (name: string): string => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  };
  const home = sub('home');
  const tmp = sub('tmp');
  const env = {
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: sub('xdg/config'),
    XDG_DATA_HOME: sub('xdg/data'),
    XDG_CACHE_HOME: sub('xdg/cache'),
    XDG_STATE_HOME: sub('xdg/state'),
    XDG_RUNTIME_DIR: sub('xdg/runtime'),
  };
  return {
    root,
    home,
    tmp,
    userData: sub('user-data'),
    extensions: sub('extensions'),
    env,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Keep the folder when MLOPS_KEEP_WORK is set, so a failure can be looked at. */
export function removeUnlessKept(work: WorkDir): void {
  if (process.env.MLOPS_KEEP_WORK) {
    console.log(`work dir kept: ${work.root}`);
    return;
  }
  work.remove();
}
