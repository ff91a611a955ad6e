import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envFileTag, lineageTag } from './tags';

// The Python environment a pipeline ran in: `python3 --version` (the interpreter on PATH, as the
// stages' shell finds it) as `mlops.python.version`, and one tag per requirements or lock file at
// the pipeline root, `mlops.env.<file>.sha256` = the hex SHA-256 of its bytes. One tag per file, so
// MLflow's search and the compare view show which file changed between two runs. No python3: no
// version tag and a note.

const ENV_FILES = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'environment.yml', 'environment.yaml', 'conda-lock.yml', 'conda-lock.yaml'];
const REQUIREMENTS = /^requirements.*\.txt$/;
/** MLflow's tag keys: letters, digits, `_ - . / :` and spaces (mlflow/utils/validation.py). */
const TAG_KEY = /^[\w.\- :/]+$/;

export interface EnvironmentLineage {
  tags: Record<string, string>;
  notes: string[];
}

export async function describeEnvironment(root: string, opts: { python?: string } = {}): Promise<EnvironmentLineage> {
  const tags: Record<string, string> = {};
  const notes: string[] = [];
  const python = opts.python ?? 'python3';
  try {
    tags[lineageTag.pythonVersion] = await pythonVersion(python, root);
  } catch (err) {
    notes.push(`${python} --version failed (${(err as Error).message.split('\n')[0]}): no Python version recorded`);
  }
  for (const file of environmentFiles(root)) {
    if (!TAG_KEY.test(file)) {
      notes.push(`${file}: its name cannot be part of an MLflow tag key, its hash is not recorded`);
      continue;
    }
    tags[envFileTag(file)] = createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest('hex');
  }
  return { tags, notes };
}

/** The requirements and lock files at the root, sorted. */
export function environmentFiles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => (ENV_FILES.includes(e.name) || REQUIREMENTS.test(e.name)) && isFile(path.join(root, e.name)))
    .map((e) => e.name)
    .sort();
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `3.11.7` from `Python 3.11.7` (stdout since Python 3.4, stderr before). */
function pythonVersion(python: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, ['--version'], { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(err);
      const m = /Python\s+(\S+)/.exec(`${stdout}\n${stderr}`);
      if (!m?.[1]) return reject(new Error(`unexpected output: ${JSON.stringify(`${stdout}${stderr}`.trim())}`));
      resolve(m[1]);
    });
  });
}
