// `npm start`: the main job. Runs the example pipeline end to end on a fresh copy of examples/churn
// with the embedded store, then prints what was recorded.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = path.join(mkdtempSync(path.join(tmpdir(), 'mlops-start-')), 'churn');
cpSync(path.join(repo, 'examples/churn'), work, { recursive: true, filter: (src) => !/[\\/](\.mlops|__pycache__|metrics|models|prepared)$/.test(src) });
const cli = path.join(repo, 'dist/cli.js');
const mlops = (...args) => execFileSync(process.execPath, [cli, ...args], { cwd: work, stdio: 'inherit' });

console.log(`MLOps Workbench: running examples/churn in ${work}\n`);
try {
  mlops('run');
} catch (err) {
  process.exit(err.status ?? 1);
}
console.log('\nRecorded runs:');
mlops('runs');
console.log(`\nThe store is ${path.join(work, '.mlops')}. Try: cd ${work} && node ${cli} runs --filter "metrics.auc > 0.8"`);
