import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { fixtureProject, ruleFixtures } from '../../fixtures/config/ruleFixtures';
import { cliPath } from '../../fixtures/pipelines';
import { LspTestClient } from './lspClient';

// The bar: `mlops validate --json` and the editor agree on every fixture. The editor's side
// is the real language server (dist/server.js) given each fixture as the project's mlops.yaml.

const serverModule = path.join(__dirname, '../../../dist/server.js');
const severities = ['', 'error', 'warning', 'info'];

interface Problem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

const byPlace = (a: Problem, b: Problem) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

describe('the editor and `mlops validate --json`', () => {
  let server: ChildProcessWithoutNullStreams;
  let client: LspTestClient;

  before(async () => {
    server = spawn(process.execPath, [serverModule, '--stdio'], { stdio: 'pipe' });
    client = new LspTestClient(server.stdout, server.stdin);
    await client.initialize(process.pid);
  });

  after(async () => {
    await client.shutdown();
  });

  it('report the same problems at the same places on every rule fixture', async () => {
    const uri = pathToFileURL(path.join(fixtureProject, 'mlops.yaml')).href;
    let version = 0;
    let compared = 0;
    for (const fixture of ruleFixtures()) {
      const cli = spawnSync(process.execPath, [cliPath, 'validate', '--json', fixture.name], { cwd: fixtureProject, encoding: 'utf8' });
      const fromCli = (JSON.parse(cli.stdout) as (Problem & { file: string })[]).map(({ file: _file, ...p }) => p).sort(byPlace);
      const published = await client.open(uri, fixture.text, ++version);
      await client.close(uri);
      const fromEditor = published.diagnostics
        .map((d): Problem => ({
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: severities[d.severity ?? 1]!,
          code: String(d.code),
          message: d.message,
        }))
        .sort(byPlace);
      assert.deepEqual(fromEditor, fromCli, fixture.name);
      compared += fromCli.length;
    }
    assert.ok(compared > 40, `only ${compared} problems compared: the fixtures went missing?`);
  });
});
