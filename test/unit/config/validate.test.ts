import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePipelineDocument } from '../../../src/core/config/document';
import type { ProjectFiles } from '../../../src/core/config/projectFiles';
import { validatePipeline } from '../../../src/core/config/validate';

const noFiles: ProjectFiles = { exists: () => false, readText: () => undefined, readHeader: () => undefined, glob: () => [] };

describe('validatePipeline', () => {
  it('turns a failing rule into one internal-error diagnostic and still runs the other rules', () => {
    const broken: ProjectFiles = { ...noFiles, readText: () => { throw new Error('disk on fire'); } };
    const text = 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true", params: [lr], deps: [in.csv]}\n  b: {cmd: ""}\n';
    const found = validatePipeline(parsePipelineDocument(text), broken);
    assert.deepEqual(found.map((d) => d.code), ['internal-error', 'missing-dep', 'empty-cmd']);
    assert.match(found[0]!.message, /disk on fire/);
    assert.deepEqual(found[0]!.range, { start: 0, end: 0 });
  });

  it('with YAML syntax errors, reports them and the shape problems, not the rules\' guesses', () => {
    const text = 'version: 1\nexperiment: @x\nstages:\n  a: {cmd: "", colour: red}\n';
    assert.deepEqual(validatePipeline(parsePipelineDocument(text), noFiles).map((d) => d.code), ['yaml-bad-scalar-start', 'unknown-key']);
  });

  it('sorts diagnostics by position', () => {
    const text = 'version: 3\nexperiment: ""\nstages:\n  "b c": {cmd: ""}\n';
    const found = validatePipeline(parsePipelineDocument(text), noFiles);
    assert.deepEqual(found.map((d) => d.code), ['unsupported-version', 'empty-experiment', 'stage-name', 'empty-cmd']);
    assert.ok(found.every((d, i) => i === 0 || found[i - 1]!.range.start <= d.range.start));
  });

  it('finds a cycle through a 10,000-stage chain without overflowing the stack', () => {
    const n = 10_000;
    let text = 'version: 1\nexperiment: x\nstages:\n';
    for (let i = 0; i < n; i++) text += `  s${i}: {cmd: "true", deps: [f${(i + 1) % n}], outs: [f${i}]}\n`;
    const found = validatePipeline(parsePipelineDocument(text), noFiles);
    assert.deepEqual(found.map((d) => d.code), ['cycle']);
    assert.match(found[0]!.message, /^The stages form a cycle: (s\d+ → ){12}… \(9977 more\) …( → s\d+){12}\./);
  });
});
