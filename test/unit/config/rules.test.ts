import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePipelineDocument } from '../../../src/core/config/document';
import { LineIndex } from '../../../src/core/config/positions';
import { diskProjectFiles } from '../../../src/core/config/projectFiles';
import { shapeCodes } from '../../../src/core/config/shape';
import { rules, validatePipeline } from '../../../src/core/config/validate';
import { fixtureProject, ruleFixtures } from '../../fixtures/config/ruleFixtures';

const fixtures = ruleFixtures();

/** The diagnostics of a config in the fixtures' notation. */
function found(text: string): string[] {
  const lines = new LineIndex(text);
  return validatePipeline(parsePipelineDocument(text), diskProjectFiles(fixtureProject)).map((d) => {
    const s = lines.positionAt(d.range.start);
    const e = lines.positionAt(d.range.end);
    return `${d.severity} ${d.code} ${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
  });
}

describe('rule fixtures', () => {
  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.expected.length === 0 ? 'clean' : fixture.expected.join('; ')}`, () => {
      assert.deepEqual(found(fixture.text), fixture.expected);
    });
  }

  it('every rule code has a failing fixture, and every failing fixture a passing one', () => {
    const codes = new Set([...rules.flatMap((r) => r.codes), ...shapeCodes, 'root-not-mapping']);
    const covered = new Set(fixtures.flatMap((f) => f.expected.map((e) => e.split(' ')[1])));
    assert.deepEqual([...codes].filter((c) => !covered.has(c)), []);
    const names = new Set(fixtures.map((f) => f.name));
    for (const f of fixtures.filter((x) => x.name.endsWith('.bad.yaml'))) {
      assert.ok(f.expected.length > 0, `${f.name} expects nothing`);
      assert.ok(names.has(f.name.replace('.bad.', '.good.')), `${f.name} has no .good.yaml`);
    }
  });

  it('a good fixture differs from its bad one only where the problem was', () => {
    // Guards against a passing fixture that is clean merely because it leaves the checked section out.
    for (const bad of fixtures.filter((x) => x.name.endsWith('.bad.yaml'))) {
      const good = fixtures.find((x) => x.name === bad.name.replace('.bad.', '.good.'))!;
      const keys = (t: string) => new Set([...t.matchAll(/^(\w+):/gm)].map((m) => m[1]));
      const badKeys = keys(bad.text);
      const missing = [...badKeys].filter((k) => !keys(good.text).has(k) && !['stagess'].includes(k!));
      assert.deepEqual(missing, [], `${good.name} drops sections of ${bad.name}`);
    }
  });
});
