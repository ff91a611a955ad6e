// A server that fails inside: the failure is logged and shown as a diagnostic, the server answers on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver/node';
import { diskProjectFiles } from '../../../src/core/config/projectFiles';
import { churnProject, positionOf, type ChurnProject } from './churnProject';
import { startInProcess } from './inProcessServer';
import type { LspTestClient } from './lspClient';

describe('failures inside the server', () => {
  let project: ChurnProject;

  before(() => {
    project = churnProject();
  });
  after(() => project.cleanup());

  it('a validator that throws: an internal-error diagnostic and a logged error, and the next edit is checked again', async () => {
    let failing = true;
    const client = startInProcess({
      validate: () => {
        if (failing) throw new Error('rule exploded');
        return [];
      },
    });
    try {
      await client.initialize(null);
      const { diagnostics } = await client.open(project.configUri, project.config);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['internal-error', DiagnosticSeverity.Error, 0]]);
      assert.match(diagnostics[0]!.message, /failed to check this file \(rule exploded\)/);
      assert.ok(client.logs.some((log) => log.type === MessageType.Error && /rule exploded/.test(log.message) && /at /.test(log.message)), 'the stack is logged');
      failing = false;
      assert.deepEqual((await client.change(project.configUri, 2, [{ text: project.config }])).diagnostics, []);
    } finally {
      client.dispose();
    }
  });

  it('a request that throws: an empty answer, a logged error, an internal-error diagnostic beside the others', async () => {
    const disk = diskProjectFiles(project.dir);
    let failing = false;
    const client: LspTestClient = startInProcess({
      projectFiles: () => ({
        ...disk,
        readText: (rel) => {
          if (failing) throw new Error(`cannot read ${rel}`);
          return disk.readText(rel);
        },
      }),
    });
    try {
      await client.initialize(null);
      const text = project.config.replace('- train.l2', '- train.l9');
      const opened = await client.open(project.configUri, text);
      assert.deepEqual(opened.diagnostics.filter((d) => d.code === 'missing-param').length, 1);
      failing = true;
      // params.yaml is cached since the first check: announcing a change sends the next read to the failing disk.
      client.filesChanged([{ uri: project.uri('params.yaml'), type: FileChangeType.Changed }]);
      const afterChange = await client.nextDiagnostics(project.configUri);
      assert.ok(afterChange.diagnostics.some((d) => d.code === 'internal-error'), 'the validator reports its own failure');
      const shown = client.nextDiagnostics(project.configUri);
      assert.equal(await client.hover(project.configUri, positionOf(text, 'train.lr', 2)), null);
      const withFailure = await shown;
      const failure = withFailure.diagnostics.find((d) => d.code === 'internal-error' && /hover request \(cannot read params\.yaml\)/.test(d.message));
      assert.ok(failure, JSON.stringify(withFailure.diagnostics));
      assert.ok(withFailure.diagnostics.length >= 2, 'the file\'s own diagnostics stay');
      assert.ok(client.logs.some((log) => log.type === MessageType.Error && /The hover request on .* failed: Error: cannot read params\.yaml/.test(log.message)));
      // Other requests still answer.
      assert.ok((await client.documentSymbols(project.configUri)).length > 0);
    } finally {
      client.dispose();
    }
  });
});
