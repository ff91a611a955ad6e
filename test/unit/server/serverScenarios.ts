// What the mlops.yaml language server does with any text, checked the same way in-process and as
// its own process. The project-aware features are in featureScenarios.ts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { LspTestClient } from './lspClient';

/** Under a folder that does not exist: nothing on disk is read. */
export const configUri = 'file:///nonexistent-mlops-test/churn/mlops.yaml';

/** A config with one syntax error (`@` cannot start a plain value) and one misspelt top-level key. */
export const brokenConfig = [
  'version: 1', //
  'experiment: @churn',
  'stagse:',
  '  train:',
  '    cmd: python train.py',
  '',
].join('\n');

export function serverScenarios(client: () => LspTestClient): void {
  it('reports a YAML syntax error and an unknown top-level key at their exact ranges', async () => {
    const published = await client().open(configUri, brokenConfig);
    assert.equal(published.version, 1);
    assert.deepEqual(
      published.diagnostics.map(({ range, severity, code, source }) => ({ range, severity, code, source })),
      [
        { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, severity: DiagnosticSeverity.Error, code: 'yaml-bad-scalar-start', source: 'mlops' },
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, severity: DiagnosticSeverity.Error, code: 'unknown-key', source: 'mlops' },
      ],
    );
    assert.match(published.diagnostics[1]!.message, /"stagse".*Did you mean "stages"/);
  });

  it('follows incremental edits until the file is clean, and clears on close', async () => {
    const uri = 'file:///nonexistent-mlops-test/edits/mlops.yaml';
    await client().open(uri, brokenConfig);
    const withoutAt = await client().change(uri, 2, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, text: '' }]);
    assert.deepEqual(withoutAt.diagnostics.map((d) => d.code), ['unknown-key']);
    const fixed = await client().change(uri, 3, [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 6 } }, text: 'es' }]);
    assert.deepEqual(fixed.diagnostics, []);
    const broken = await client().change(uri, 4, [{ text: 'stages:\n  train:\n    deps: [a, b\n  evaluate:\n    cmd: x\n' }]);
    assert.deepEqual(
      broken.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['missing-key', 0], ['missing-key', 0], ['missing-key', 1], ['yaml-bad-indent', 3]],
    );
    assert.deepEqual((await client().close(uri)).diagnostics, []);
  });

  it('leaves YAML files that are not mlops.yaml alone', async () => {
    const other = 'file:///nonexistent-mlops-test/churn/params.yaml';
    client().sendOpen(other, 'lr: [0.1\n');
    // The server handles notifications in order: once this one is answered, the other was seen.
    await client().open('file:///nonexistent-mlops-test/order/mlops.yaml', 'version: 1\n');
    assert.ok(!client().diagnostics.some((published) => published.uri === other));
    assert.equal(await client().hover(other, { line: 0, character: 1 }), null);
    assert.deepEqual(await client().completion(other, { line: 0, character: 1 }), []);
  });

  it('answers every input, and every request at every place in it, and keeps working afterwards', async () => {
    const nasty = ['', '---', '--- a\n--- b\n', '\u0000\u0001\uFFFF\uD800', '['.repeat(50_000), '{a: '.repeat(10_000), 'a: &a [*a, *a]\nb: *a\nc: *nope\n', '- 1\n- 2\n', '? [a, b]\n: 1\n', '\t- x\n', brokenConfig];
    for (const [index, text] of nasty.entries()) {
      const uri = `file:///nonexistent-mlops-test/nasty${index}/mlops.yaml`;
      const published = await client().open(uri, text);
      assert.ok(Array.isArray(published.diagnostics), `input ${index}`);
      const lines = text.split('\n');
      const positions = lines.flatMap((line, lineNo) => [0, Math.floor(line.length / 2), line.length].map((character) => ({ line: lineNo, character }))).slice(0, 30);
      for (const position of positions) {
        await client().hover(uri, position);
        await client().completion(uri, position);
        await client().definition(uri, position);
      }
      await client().documentSymbols(uri);
      await client().codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, published.diagnostics);
      await client().close(uri);
    }
    const after = await client().open('file:///nonexistent-mlops-test/after/mlops.yaml', 'version: 1\nexperiment: churn\n');
    assert.deepEqual(after.diagnostics, []);
    assert.deepEqual(client().logs.filter((log) => log.type === 1), [], 'no errors logged');
  });
}
