// In-host tier on machines that can run desktop VS Code: the same mocha suite via @vscode/test-electron.
// Usage: node --import tsx test/host/runInElectron.ts [--workspace DIR]
// VSCODE_EXECUTABLE=<path to code> uses an installed VS Code; otherwise VSCODE_TEST_VERSION (default
// "stable") is downloaded from update.code.visualstudio.com.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { parseArgs } from 'node:util';
import { bundleHostSuite } from '../harness/hostSuite';
import { startHostMlflow } from '../harness/hostMlflow';
import { exitWith, summaryFrom } from '../harness/hostSummary';
import { repoRoot } from '../harness/tools';
import { makeWorkDir, removeUnlessKept } from '../harness/workDir';
import { prepareChurnWorkspace } from '../harness/workspace';

const { values } = parseArgs({ options: { workspace: { type: 'string' } } });

/** runTests pipes VS Code's stdout into ours; keep a copy to read the suite's summary line. */
function teeStdout(): () => string[] {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  return () => chunks.join('').split(/\r?\n/);
}

function explain(error: Error): string {
  const unreachable = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|Failed to get|download/i.test(`${error.message}${error.stack}`);
  if (!unreachable) return error.stack ?? error.message;
  return [
    `could not download desktop VS Code: ${error.message}`,
    'This machine cannot reach update.code.visualstudio.com. Run the same suite in code-server instead:',
    '  npm run test:host',
    'or point VSCODE_EXECUTABLE at an installed VS Code binary.',
  ].join('\n');
}

async function main(): Promise<number> {
  const extensionTestsPath = await bundleHostSuite();
  const work = makeWorkDir('electron');
  const mlflow = startHostMlflow(work.root);
  const captured = teeStdout();
  try {
    const workspace = values.workspace ?? prepareChurnWorkspace(work.root);
    const mlflowEnv = (await mlflow).env;
    const exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      cachePath: `${repoRoot}/.vscode-test`,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { HOME: work.home, TMPDIR: work.tmp, ...mlflowEnv },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', work.userData,
        '--extensions-dir', work.extensions,
      ],
    });
    const summary = summaryFrom(captured());
    console.log(`host: ${summary.passed} passed, ${summary.failed} failed`);
    return exitCode === 0 && summary.passed > 0 ? 0 : 1;
  } catch (error) {
    const summary = summaryFrom(captured());
    if (error instanceof TestRunFailedError) {
      console.log(`host: ${summary.passed} passed, ${summary.failed} failed (VS Code exited with ${error.code ?? error.signal})`);
      return 1;
    }
    console.error(explain(error as Error));
    console.log(`host: ${summary.passed} passed, ${summary.failed} failed (VS Code did not run the suite to the end)`);
    return 1;
  } finally {
    await (await mlflow).stop();
    removeUnlessKept(work);
  }
}

exitWith(main);
