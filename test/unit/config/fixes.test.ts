import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ConfigDiagnostic, ConfigEdit } from '../../../src/core/config/diagnostic';
import { parsePipelineDocument } from '../../../src/core/config/document';
import { diskProjectFiles, type ProjectFiles } from '../../../src/core/config/projectFiles';
import { validatePipeline } from '../../../src/core/config/validate';
import { fixtureProject, ruleFixtures } from '../../fixtures/config/ruleFixtures';

// Quick fixes do what they say: applied, the problem they were offered for is gone.

function apply(text: string, edits: ConfigEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  return text;
}

/** The project's files, with some replaced by the given texts. */
function withFiles(overrides: Record<string, string>): ProjectFiles {
  const disk = diskProjectFiles(fixtureProject);
  return { ...disk, readText: (p) => overrides[p] ?? disk.readText(p), exists: (p) => p in overrides || disk.exists(p) };
}

const at = (text: string, d: ConfigDiagnostic) => `${d.code}@${text.slice(d.range.start, d.range.end)}`;

describe('quick fixes', () => {
  it('every fix of the same document removes its diagnostic and adds no error', () => {
    let applied = 0;
    for (const fixture of ruleFixtures()) {
      const files = diskProjectFiles(fixtureProject);
      const before = validatePipeline(parsePipelineDocument(fixture.text), files);
      for (const d of before) {
        for (const fix of d.fixes ?? []) {
          if (fix.edits.some((e) => e.file)) continue;
          const fixed = apply(fixture.text, fix.edits);
          const after = validatePipeline(parsePipelineDocument(fixed), files);
          assert.equal(after.filter((x) => x.code === d.code).length, before.filter((x) => x.code === d.code).length - 1, `${fixture.name}: "${fix.title}" left ${at(fixture.text, d)}`);
          assert.ok(after.filter((x) => x.severity === 'error').length < before.filter((x) => x.severity === 'error').length || d.severity !== 'error', `${fixture.name}: "${fix.title}"`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 10, `only ${applied} fixes were tried`);
  });

  it('"did you mean" replaces exactly the misspelt key', () => {
    const text = 'version: 1\nexperiment: x\nstages:\n  a:\n    cmd: "true"\n    dpes: [a.txt]\n';
    const [d] = validatePipeline(parsePipelineDocument(text), withFiles({ 'a.txt': '' }));
    assert.equal(d!.code, 'unknown-key');
    assert.match(d!.message, /Did you mean "deps"\?/);
    assert.deepEqual(d!.fixes, [{ title: 'Change to "deps"', edits: [{ range: { start: 58, end: 62 }, newText: 'deps' }] }]);
  });

  it('"create the missing params key" edits the params file, into the right section or a new one', () => {
    const params = readFileSync(path.join(fixtureProject, 'params.yaml'), 'utf8');
    const text = 'version: 1\nexperiment: x\nstages:\n  t:\n    cmd: "true"\n    params: [train.l2, prepare.split.ratio, evaluate.threshold]\n';
    const found = validatePipeline(parsePipelineDocument(text), withFiles({}));
    assert.deepEqual(found.map((d) => at(text, d)), ['missing-param@train.l2', 'missing-param@prepare.split.ratio', 'missing-param@evaluate.threshold']);
    let edited = params;
    for (const d of found) {
      const [fix] = d.fixes!;
      assert.equal(fix!.title, `Add '${text.slice(d.range.start, d.range.end)}' to params.yaml`);
      assert.ok(fix!.edits.every((e) => e.file === 'params.yaml'));
      // Each fix is computed against the file as it is; apply them one by one, re-validating in between.
      const current = validatePipeline(parsePipelineDocument(text), withFiles({ 'params.yaml': edited })).find((x) => x.range.start === d.range.start)!;
      edited = apply(edited, current.fixes![0]!.edits);
    }
    assert.equal(edited, 'prepare:\n  seed: 7\n  split:\n    ratio: null\ntrain:\n  lr: 0.5\n  epochs: 40\n  l2: null\nevaluate:\n  threshold: null\n');
    assert.deepEqual(validatePipeline(parsePipelineDocument(text), withFiles({ 'params.yaml': edited })), []);
  });

  it('adds the key to an empty params file, and offers no edit it cannot make cleanly', () => {
    const text = 'version: 1\nexperiment: x\nparams: p.yaml\nstages:\n  t:\n    cmd: "true"\n    params: [train.lr]\n';
    const [empty] = validatePipeline(parsePipelineDocument(text), withFiles({ 'p.yaml': '' }));
    assert.deepEqual(empty!.fixes![0]!.edits, [{ file: 'p.yaml', range: { start: 0, end: 0 }, newText: 'train:\n  lr: null\n' }]);
    const [flow] = validatePipeline(parsePipelineDocument(text), withFiles({ 'p.yaml': 'train: {epochs: 3}\n' }));
    assert.equal(flow!.code, 'missing-param');
    assert.equal(flow!.fixes, undefined);
  });
});
