// In-host tier on machines without desktop VS Code: the mocha suite in code-server's extension host.
// Usage: node --import tsx test/host/runInCodeServer.ts [--vscode latest|min] [--workspace DIR] [--extension DIR] [--suite DIR]
// --vscode min (or MLOPS_CODE_SERVER=min): code-server 4.100.3, VS Code 1.100, the minimum engines.vscode.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleHostSuite } from '../harness/hostSuite';
import { launchChromium, newPage, recordConsole, screenshot } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { runExtensionTests, type ExtensionTestRun } from '../harness/extensionTests';
import { startHostMlflow } from '../harness/hostMlflow';
import { codeServerChoice, repoRoot } from '../harness/tools';
import { makeWorkDir, removeUnlessKept } from '../harness/workDir';
import { prepareChurnWorkspace } from '../harness/workspace';
import { exitWith, suiteLines, summaryFrom } from '../harness/hostSummary';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    extension: { type: 'string', default: repoRoot },
    suite: { type: 'string' },
    timeout: { type: 'string', default: '180000' },
    vscode: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const choice = codeServerChoice(values.vscode ?? process.env.MLOPS_CODE_SERVER);
  const entry = join(values.extension, 'dist', 'extension.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing; run npm run build`);
  const suiteDir = values.suite ? await bundleHostSuite(values.suite, `${values.suite}-out`) : await bundleHostSuite();
  const work = makeWorkDir('host');
  // The real MLflow server boots (several seconds of imports) while the workspace's pipeline runs.
  const mlflow = startHostMlflow(work.root);
  let exitCode: number | null = null;
  let output: string[] = [];
  try {
    const workspace = values.workspace ?? prepareChurnWorkspace(work.root);
    // No installed copy of the extension: the development path is the only one the host sees.
    const server = await startCodeServer(work, { codeServer: choice, env: (await mlflow).env });
    // Its own line: .ci/run reads the summary line exactly as `host: N passed, N failed`.
    console.log(`in-host suite in ${server.version}`);
    try {
      ({ exitCode, output } = await runSuite(server, workspace, suiteDir));
    } finally {
      await server.stop();
    }
  } finally {
    await (await mlflow).stop();
    removeUnlessKept(work);
  }
  const summary = summaryFrom(output);
  console.log(`host: ${summary.passed} passed, ${summary.failed} failed${exitCode === 0 ? '' : ` (extension host exit code ${exitCode})`}`);
  return exitCode === 0 && summary.passed > 0 && summary.failed === 0 ? 0 : 1;
}

async function runSuite(server: CodeServer, workspace: string, suiteDir: string): Promise<ExtensionTestRun> {
  const browser = await launchChromium();
  try {
    const page = await newPage(browser);
    const browserConsole = recordConsole(page);
    const run = await runExtensionTests(page, {
      serverUrl: server.url,
      port: server.port,
      workspace,
      extensionDevelopmentPath: values.extension,
      extensionTestsPath: suiteDir,
      timeoutMs: Number(values.timeout),
    });
    const ownLines = suiteLines(run.output);
    // The suite's own summary line is restated last, with the exit code.
    for (const line of ownLines.filter((l) => !/^host: \d+ passed/.test(l))) console.log(line);
    if (run.exitCode !== 0 || ownLines.length === 0) {
      const own = new Set(ownLines);
      console.error(`--- workbench log ---\n${run.output.filter((line) => !own.has(line)).join('\n')}`);
    }
    if (run.exitCode === null) {
      console.error(`the suite did not finish within ${values.timeout} ms (is the smoke-test driver on?)`);
      console.error(`screenshot: ${await screenshot(page, 'host-timeout')}`);
      console.error(`--- browser console ---\n${browserConsole.join('\n')}`);
    }
    if (run.exitCode !== 0) console.error(`--- code-server log ---\n${server.log()}`);
    return run;
  } finally {
    await browser.close();
  }
}

exitWith(main);
