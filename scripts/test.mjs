// Runs node's test runner on every `*.test.ts` under the given folders (Node 20 has no globs).
// Usage: node scripts/test.mjs test/unit [more folders]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const files = process.argv.slice(2).flatMap((dir) => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.test.ts')).map((f) => path.join(dir, String(f)))).sort();
if (files.length === 0) {
  console.error(`No *.test.ts files under ${process.argv.slice(2).join(', ')}.`);
  process.exit(1);
}
const { status } = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(status ?? 1);
