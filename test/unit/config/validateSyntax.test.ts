import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxNesting } from '../../../src/core/config/nestingGuard';
import { validateSyntax, type ConfigIssue } from '../../../src/core/config/validateSyntax';

/** Each issue as `code@text-it-covers`, which reads better than offsets. */
const at = (text: string, issues: ConfigIssue[]): string[] => issues.map((issue) => `${issue.code}@${text.slice(issue.start, issue.end)}`);

describe('validateSyntax', () => {
  it('accepts the config of the product brief', () => {
    const text = [
      'version: 1',
      'experiment: churn',
      'params: params.yaml',
      'stages:',
      '  train:',
      '    cmd: python src/train.py',
      '    deps: [src/train.py, data/prepared/]',
      'gates:',
      '  beats_champion:',
      '    require:',
      '      - {metric: auc, op: ">=", baseline: "models:/churn@champion", margin: 0.005}',
      'register: {model: churn, artifact: models/model.json}',
      'monitor: {reference: data/prepared/train.csv, method: psi, threshold: 0.2}',
      '',
    ].join('\n');
    assert.deepEqual(validateSyntax(text), []);
  });

  it('accepts an empty file and a comment-only file', () => {
    assert.deepEqual(validateSyntax(''), []);
    assert.deepEqual(validateSyntax('# nothing yet\n'), []);
  });

  it('reports YAML errors where the parser found them', () => {
    const text = 'version: 1\nexperiment: @churn\n';
    const issues = validateSyntax(text);
    assert.deepEqual(at(text, issues), ['yaml-bad-scalar-start@@']);
    assert.equal(issues[0]!.severity, 'error');
    assert.deepEqual(at('version: 1\nversion: 2\n', validateSyntax('version: 1\nversion: 2\n')), ['yaml-duplicate-key@v']);
    assert.deepEqual(at('version: 1\n\tstages: {}\n', validateSyntax('version: 1\n\tstages: {}\n')), ['yaml-tab-as-indent@\t']);
  });

  it('keeps ranges inside the text when the parser points past its end', () => {
    const text = 'version: 1\nexperiment: "churn';
    const [issue] = validateSyntax(text);
    assert.equal(issue?.code, 'yaml-missing-char');
    assert.ok(issue.start <= text.length && issue.end <= text.length && issue.start <= issue.end);
  });

  it('warns about unknown top-level keys, on the key', () => {
    const text = 'version: 1\nstagess: {}\n? [a, b]\n: 1\n';
    const issues = validateSyntax(text);
    assert.deepEqual(at(text, issues), ['unknown-key@stagess', 'unknown-key@[a, b]']);
    assert.ok(issues.every((issue) => issue.severity === 'warning'));
    assert.match(issues[0]!.message, /"stagess".*version, experiment, params, stages, gates, register, monitor/);
  });

  it('requires a mapping at the root of a clean file', () => {
    assert.deepEqual(validateSyntax('- a\n- b\n').map((issue) => issue.code), ['root-not-mapping']);
    assert.deepEqual(validateSyntax('just words').map((issue) => issue.code), ['root-not-mapping']);
  });

  it('parses nesting up to its limit, and refuses deeper nesting without parsing', () => {
    const shapes: Record<string, (depth: number) => string> = {
      'flow sequences': (n) => '['.repeat(n) + ']'.repeat(n),
      'flow mappings': (n) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
      'block mappings': (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n',
      'compact sequences': (n) => '- '.repeat(n) + 'x\n',
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const codes = validateSyntax(make(maxNesting - 1)).map((issue) => issue.code);
      assert.ok(!codes.includes('too-deep') && !codes.includes('yaml-resource-exhaustion'), `${shape}: ${codes.join()}`);
      assert.deepEqual(validateSyntax(make(maxNesting * 10)).map((issue) => issue.code), ['too-deep'], shape);
    }
  });

  it('does not count brackets inside quotes or comments as nesting', () => {
    const brackets = '['.repeat(maxNesting * 2);
    assert.deepEqual(validateSyntax(`experiment: "${brackets}"\nversion: 1 # ${brackets}\nparams: '${brackets}'\n`), []);
  });
});
