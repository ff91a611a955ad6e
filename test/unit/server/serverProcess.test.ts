// The bundled language server (dist/server.js, from `node scripts/build.mjs`) as its own process
// over stdio, as an editor runs it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { churnProject, type ChurnProject } from './churnProject';
import { featureScenarios } from './featureScenarios';
import { LspTestClient } from './lspClient';
import { serverScenarios } from './serverScenarios';

const serverModule = join(__dirname, '..', '..', '..', 'dist', 'server.js');

describe('dist/server.js as a child process', () => {
  let server: ChildProcessWithoutNullStreams;
  let client: LspTestClient;
  let stderr = '';
  let project: ChurnProject;

  before(async () => {
    project = churnProject();
    assert.ok(existsSync(serverModule), `${serverModule} is missing: run \`node scripts/build.mjs\` first`);
    server = spawn(process.execPath, [serverModule, '--stdio'], { stdio: 'pipe' });
    server.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    client = new LspTestClient(server.stdout, server.stdin);
    await client.initialize(process.pid);
  });

  after(() => {
    client.dispose();
    if (server.exitCode === null) server.kill();
    project.cleanup();
  });

  serverScenarios(() => client);
  featureScenarios(() => client, () => project);

  it('is still running after all of that, and exits cleanly when asked', async () => {
    assert.equal(server.exitCode, null, stderr);
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    await client.shutdown();
    assert.equal(await exited, 0, stderr);
  });
});
