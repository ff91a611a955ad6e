import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parsePipelineDocument } from '../../../src/core/config/document';
import { LineIndex } from '../../../src/core/config/positions';
import { diskProjectFiles } from '../../../src/core/config/projectFiles';
import { validatePipeline } from '../../../src/core/config/validate';
import { fixtureProject, ruleFixtures } from '../../fixtures/config/ruleFixtures';
import { churnCopy, cliPath, projectWith } from '../../fixtures/pipelines';

// `mlops validate` as a real process (dist/cli.js, built by `npm test`), against the validator the
// editor runs in process: the same problems at the same places, in the CLI contract's shape.

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mlops validate', () => {
  it('--json agrees with the in-process validator on every fixture, and exits 1 exactly when there are errors', () => {
    for (const fixture of ruleFixtures()) {
      const r = mlops(fixtureProject, 'validate', '--json', fixture.name);
      const lines = new LineIndex(fixture.text);
      const expected = validatePipeline(parsePipelineDocument(fixture.text), diskProjectFiles(fixtureProject)).map((d) => {
        const s = lines.positionAt(d.range.start);
        const e = lines.positionAt(d.range.end);
        return { file: fixture.name, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message };
      });
      assert.deepEqual(JSON.parse(r.out), expected, fixture.name);
      assert.equal(r.code, expected.some((d) => d.severity === 'error') ? 1 : 0, `${fixture.name}: ${r.err}`);
    }
  });

  it('prints FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE, then a count', () => {
    const r = mlops(fixtureProject, 'validate', 'missing-dep.bad.yaml');
    assert.equal(r.code, 0, 'warnings only');
    assert.deepEqual(r.out.trimEnd().split('\n'), [
      "missing-dep.bad.yaml:6:26: warning missing-dep: 'data/raw/custmers.csv' does not exist and no stage writes it: fix the path, create the file, or add it to the `outs` of the stage that writes it.",
      "missing-dep.bad.yaml:6:49: warning missing-dep: 'data/prepared/' does not exist and no stage writes it: fix the path, create the file, or add it to the `outs` of the stage that writes it.",
      'missing-dep.bad.yaml: 0 errors, 2 warnings',
    ]);
    assert.equal(mlops(fixtureProject, 'validate', 'cycle.good.yaml').out, 'cycle.good.yaml: no problems\n');
  });

  it('finds the nearest mlops.yaml, and names it relative to the current folder', () => {
    const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: ""}\n', 'src/.keep': '' });
    try {
      const r = mlops(path.join(p.dir, 'src'), 'validate', '--json');
      assert.equal(r.code, 1);
      assert.deepEqual(JSON.parse(r.out), [{ file: '../mlops.yaml', line: 4, column: 12, endLine: 4, endColumn: 14, severity: 'error', code: 'empty-cmd', message: "stage 'a' needs a non-empty `cmd`, the command it runs, e.g. `cmd: python src/a.py`." }]);
    } finally {
      p.cleanup();
    }
  });

  it('examples/churn has no errors; only its monitor\'s batches have not arrived yet', () => {
    const churn = churnCopy();
    try {
      const r = mlops(churn.dir, 'validate', '--json');
      assert.equal(r.code, 0, r.err);
      const currentLine = readFileSync(path.join(churn.dir, 'mlops.yaml'), 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith('current:')) + 1;
      assert.deepEqual((JSON.parse(r.out) as { code: string; line: number }[]).map((d) => `${d.code}@${d.line}`), [`no-matching-files@${currentLine}`]);
    } finally {
      churn.cleanup();
    }
  });

  it('usage errors exit 2; a file that cannot be read exits 1', () => {
    const p = projectWith({ 'notes.txt': '' });
    try {
      assert.equal(mlops(p.dir, 'validate').code, 2, 'no mlops.yaml here or above');
      assert.equal(mlops(fixtureProject, 'validate', 'a.yaml', 'b.yaml').code, 2);
      assert.equal(mlops(fixtureProject, 'validate', '--strict').code, 2);
      const missing = mlops(p.dir, 'validate', 'nope.yaml');
      assert.equal(missing.code, 1);
      assert.match(missing.err, /nope\.yaml is not a valid pipeline:\n {2}cannot be read: ENOENT/);
      assert.doesNotMatch(missing.err, /at .*\.js/, 'no stack trace');
    } finally {
      p.cleanup();
    }
  });
});
