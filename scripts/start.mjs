// `npm start`: the main job. The whitepaper's loop on a fresh copy of examples/churn, with the
// embedded store and the built CLI, each step as a user would type it:
//   1. run the pipeline: prepare, train, evaluate; the gate checks the candidate against the
//      champion (none yet: it passes with a note); the model is registered with alias `challenger`;
//   2. list the registry; 3. run again: nothing changed, every stage is skipped as up to date;
//   4. a person promotes the challenger to champion (the audit trail records it);
//   5. retrain with another learning rate: the new candidate is gated against the champion.
// The copy is a git repository with one commit, so the runs record it as their source.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = path.join(mkdtempSync(path.join(tmpdir(), 'mlops-start-')), 'churn');
cpSync(path.join(repo, 'examples/churn'), work, { recursive: true, filter: (src) => !/[\\/](\.mlops|__pycache__|metrics|models|prepared)$/.test(src) });
const cli = path.join(repo, 'dist/cli.js');

/** Runs `mlops ARGS` in the copy, its output shown; returns its exit code. */
function mlops(...args) {
  console.log(`\n$ mlops ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const { status, error } = spawnSync(process.execPath, [cli, ...args], { cwd: work, stdio: 'inherit' });
  if (error) throw error;
  return status;
}

function step(title) {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 96 - title.length))}`);
}

function expect(code, wanted, what) {
  if (code === wanted) return;
  console.error(`\nnpm start: ${what} exited ${code}, expected ${wanted}.`);
  process.exit(code || 1);
}

function commitCopy() {
  const git = (...args) => execFileSync('git', ['-c', 'user.name=MLOps Workbench demo', '-c', 'user.email=demo@example.invalid', ...args], { cwd: work, stdio: 'ignore' });
  try {
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'examples/churn');
    return true;
  } catch {
    return false; // no git: the runs say so in a warning and record no commit
  }
}

console.log(`MLOps Workbench: the whole loop on examples/churn, in ${work}`);
if (commitCopy()) console.log('(a git repository with one commit, so every run records its commit)');

step('1. Run the pipeline: every stage runs, the gate checks the candidate, the model is registered');
expect(mlops('run'), 0, 'the first run');

step('2. The registry: version 1 holds the alias challenger');
expect(mlops('models'), 0, 'mlops models');

step('3. Run again: nothing changed, so every stage is skipped as up to date and nothing new is registered');
expect(mlops('run'), 0, 'the second run');

step('4. A person promotes the challenger to champion (allowed: it passed beats_champion)');
expect(mlops('models', 'promote', 'churn', '1', '--alias', 'champion', '--reason', 'reviewed the evaluation'), 0, 'mlops models promote');
expect(mlops('models', 'history', 'churn'), 0, 'mlops models history');

step('5. Retrain with train.lr 0.25: prepare is up to date, train and evaluate run, the gate compares with the champion');
const params = path.join(work, 'params.yaml');
writeFileSync(params, readFileSync(params, 'utf8').replace(/^(\s+lr:) 0\.5$/m, '$1 0.25'));
const code = mlops('run');
if (code === 3) console.log('\nExit code 3: the candidate does not beat the champion, so it was not registered (CI fails here).');
else expect(code, 0, 'the retraining run');

console.log(`\nThe store is ${path.join(work, '.mlops')}. Try: cd ${work} && node ${cli} runs --filter "metrics.auc > 0.8"`);
