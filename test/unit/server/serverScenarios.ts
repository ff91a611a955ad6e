// What the mlops.yaml language server does, checked the same way in-process and as its own process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { LspTestClient } from './lspClient';

export const configUri = 'file:///work/churn/mlops.yaml';

/** A config with one syntax error (`@` cannot start a plain value) and one misspelt top-level key. */
export const brokenConfig = [
  'version: 1', //
  'experiment: @churn',
  'stages:',
  '  train:',
  '    cmd: python train.py',
  'monitr:',
  '  method: psi',
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
        { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 6 } }, severity: DiagnosticSeverity.Warning, code: 'unknown-key', source: 'mlops' },
      ],
    );
    assert.match(published.diagnostics[1]!.message, /"monitr"/);
  });

  it('follows incremental edits until the file is clean, and clears on close', async () => {
    const uri = 'file:///work/edits/mlops.yaml';
    await client().open(uri, brokenConfig);
    const withoutAt = await client().change(uri, 2, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, text: '' }]);
    assert.deepEqual(withoutAt.diagnostics.map((d) => d.code), ['unknown-key']);
    const fixed = await client().change(uri, 3, [{ range: { start: { line: 5, character: 5 }, end: { line: 5, character: 5 } }, text: 'o' }]);
    assert.deepEqual(fixed.diagnostics, []);
    const broken = await client().change(uri, 4, [{ text: 'stages:\n  train:\n    deps: [a, b\n  evaluate:\n    cmd: x\n' }]);
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.range.start.line]), [['yaml-bad-indent', 3]]);
    assert.deepEqual((await client().close(uri)).diagnostics, []);
  });

  it('leaves YAML files that are not mlops.yaml alone', async () => {
    const other = 'file:///work/churn/params.yaml';
    client().sendOpen(other, 'lr: [0.1\n');
    // The server handles notifications in order: once this one is answered, the other was seen.
    await client().open('file:///work/order/mlops.yaml', 'version: 1\n');
    assert.ok(!client().diagnostics.some((published) => published.uri === other));
  });

  it('answers every input with diagnostics, and keeps working afterwards', async () => {
    const nasty = ['', '---', '--- a\n--- b\n', '\u0000\u0001\uFFFF\uD800', '['.repeat(50_000), '{a: '.repeat(10_000), 'a: &a [*a, *a]\nb: *a\nc: *nope\n', '- 1\n- 2\n', '? [a, b]\n: 1\n', '\t- x\n'];
    for (const [index, text] of nasty.entries()) {
      const published = await client().open(`file:///work/nasty${index}/mlops.yaml`, text);
      assert.ok(Array.isArray(published.diagnostics), `input ${index}`);
    }
    const after = await client().open('file:///work/after/mlops.yaml', 'version: 1\nexperiment: churn\n');
    assert.deepEqual(after.diagnostics, []);
    assert.deepEqual(client().logs.filter((log) => log.type === 1), [], 'no errors logged');
  });
}
