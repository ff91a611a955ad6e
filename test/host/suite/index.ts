// extensionTestsPath entry: VS Code's extension host calls run() and ends with its outcome.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** Runners (runInCodeServer, runInElectron) look for these lines in the host's output. */
export const startLine = 'host: suite starting';
export const summaryPrefix = 'host: ';

export async function run(): Promise<void> {
  // Hosts forward console.log's arguments without applying printf formats; format them here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  console.log(`${startLine} (${files.join(', ')})`);
  const stats = await new Promise<{ passes: number; failures: number; tests: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, tests: runner.stats?.tests ?? 0 }));
    } catch (error) {
      reject(error);
    }
  });
  console.log(`${summaryPrefix}${stats.passes} passed, ${stats.failures} failed`);
  if (stats.tests === 0) throw new Error(`no tests ran from ${files.join(', ') || 'an empty suite dir'}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} in-host test(s) failed`);
}
