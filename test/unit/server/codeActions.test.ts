// Fixes travel in a diagnostic's `data` and come back as code actions with workspace edits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeActionKind, DiagnosticSeverity, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { diagnostic } from '../../../src/core/config/diagnostic';
import type { ProjectFiles } from '../../../src/core/config/projectFiles';
import { quickFixes } from '../../../src/server/codeActions';
import { toLspDiagnostic, type ConfigLocation } from '../../../src/server/lspDiagnostics';
import { positionsOf } from '../../../src/server/lspPositions';

/** A lone \r ends a line for LSP (and for YAML). */
const text = 'version: 1\nexperimnt: churn\rstages: {}\n';
const files = (existing: Record<string, string>): ProjectFiles => ({
  exists: (rel) => rel in existing,
  readText: (rel) => existing[rel],
  readHeader: () => undefined,
  glob: () => [],
});
const location = (existing: Record<string, string>): ConfigLocation => ({ uri: 'file:///p/mlops.yaml', root: '/p', lines: positionsOf(text), files: files(existing) });

function params(diagnostics: Diagnostic[], only?: string[]): CodeActionParams {
  return { textDocument: { uri: 'file:///p/mlops.yaml' }, range: diagnostics[0]!.range, context: { diagnostics, only } };
}

describe('quick fixes', () => {
  it('a fix of the config itself: one preferred quick fix with its edit, positions counted the way LSP counts lines', () => {
    const typo = toLspDiagnostic(location({}), diagnostic('unknown-key', 'error', { start: 11, end: 20 }, 'Unknown key', [{ title: 'Change to "experiment"', edits: [{ range: { start: 11, end: 20 }, newText: 'experiment' }] }]));
    const after = toLspDiagnostic(location({}), diagnostic('x', 'warning', { start: 28, end: 34 }, 'on the line after the \\r'));
    assert.deepEqual(after.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
    assert.equal(typo.severity, DiagnosticSeverity.Error);
    const [action, ...rest] = quickFixes(params([typo]));
    assert.deepEqual(rest, []);
    assert.equal(action!.kind, CodeActionKind.QuickFix);
    assert.equal(action!.isPreferred, true);
    assert.deepEqual(action!.edit, { changes: { 'file:///p/mlops.yaml': [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } }, newText: 'experiment' }] } });
  });

  it('a fix of another file edits that file at positions in its own text', () => {
    const paramsText = 'train:\n  lr: 0.1\n';
    const found = diagnostic('missing-param', 'error', { start: 0, end: 7 }, 'missing', [{ title: "Add 'train.l2' to params.yaml", edits: [{ file: 'params.yaml', range: { start: 16, end: 16 }, newText: '\n  l2: null' }] }]);
    const [action] = quickFixes(params([toLspDiagnostic(location({ 'params.yaml': paramsText }), found)]));
    assert.deepEqual(action!.edit, { changes: { 'file:///p/params.yaml': [{ range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } }, newText: '\n  l2: null' }] } });
  });

  it('a fix that writes a file that does not exist yet creates it first', () => {
    const found = diagnostic('params-file-missing', 'error', { start: 0, end: 7 }, 'missing', [{ title: 'Create params.yaml', edits: [{ file: 'params.yaml', range: { start: 0, end: 0 }, newText: 'train:\n  lr: null\n' }] }]);
    const [action] = quickFixes(params([toLspDiagnostic(location({}), found)]));
    assert.deepEqual(action!.edit, {
      documentChanges: [
        { kind: 'create', uri: 'file:///p/params.yaml', options: { ignoreIfExists: true } },
        { textDocument: { uri: 'file:///p/params.yaml', version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'train:\n  lr: null\n' }] },
      ],
    });
  });

  it('nothing for diagnostics of other sources, without fixes, or when other kinds are asked for', () => {
    const withFix = toLspDiagnostic(location({}), diagnostic('unknown-key', 'error', { start: 11, end: 20 }, 'x', [{ title: 't', edits: [{ range: { start: 11, end: 20 }, newText: 'y' }] }]));
    assert.deepEqual(quickFixes(params([{ ...withFix, source: 'yaml' }])), []);
    assert.deepEqual(quickFixes(params([toLspDiagnostic(location({}), diagnostic('x', 'error', { start: 0, end: 1 }, 'x'))])), []);
    assert.deepEqual(quickFixes(params([withFix], [CodeActionKind.Refactor])), []);
    assert.equal(quickFixes(params([withFix], [CodeActionKind.QuickFix])).length, 1);
  });
});
