import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range } from '../../../src/core/config/diagnostic';
import { parsePipelineDocument } from '../../../src/core/config/document';
import { maxNesting } from '../../../src/core/config/nestingGuard';

const text = `version: 1
experiment: churn
params: params.yaml
stages:
  train:
    cmd: python3 train.py
    deps: [train.py, "data/x.csv"]
    outs:
      - models/model.json
    params: train.lr
    env: {SEED: 7, MODE: fast}
    wdir: src
    always_run: true
    after: [prepare]
  prepare: {cmd: "true"}
gates:
  g:
    after: train
    require:
      - {metric: auc, op: ">=", baseline: "models:/churn@champion", margin: 0.01}
      - metric: loss
        op: "<"
        baseline: 0.5
register: {model: churn, artifact: models/model.json, when: g, alias: challenger}
protect:
  aliases: {champion: [g]}
  stages:
    Production: [g]
monitor:
  reference: data/raw.csv
  current: data/incoming/*.csv
  features: [a, b]
  method: ks
  threshold: 0.05
  labels: y
  predictions: p
  metric: auc
  metric_threshold: 0.7
  on_drift: [prepare]
`;

const at = (r: Range | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('parsePipelineDocument', () => {
  const doc = parsePipelineDocument(text);

  it('reads every key with the range it is written at', () => {
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.version!.value, 1);
    assert.equal(at(doc.experiment!.range), 'churn');
    assert.equal(at(doc.paramsFile!.range), 'params.yaml');
    const [train, prepare] = doc.stages;
    assert.equal(train!.name, 'train');
    assert.equal(at(train!.nameRange), 'train');
    assert.equal(at(train!.cmd!.range), 'python3 train.py');
    assert.deepEqual(train!.deps.map((d) => [d.value, at(d.range)]), [['train.py', 'train.py'], ['data/x.csv', '"data/x.csv"']]);
    assert.deepEqual(train!.outs.map((d) => at(d.range)), ['models/model.json']);
    assert.deepEqual(train!.params.map((d) => d.value), ['train.lr'], 'one string is a list of one');
    assert.deepEqual(train!.env.map((e) => [e.name.value, e.value.value, at(e.value.range)]), [['SEED', '7', '7'], ['MODE', 'fast', 'fast']]);
    assert.equal(train!.wdir!.value, 'src');
    assert.equal(train!.alwaysRun!.value, true);
    assert.deepEqual(train!.after.map((a) => a.value), ['prepare']);
    assert.equal(at(train!.entries.get('outs')!.keyRange), 'outs');
    assert.equal(prepare!.cmd!.value, 'true');
  });

  it('reads gates, register, protect and monitor', () => {
    const [g] = doc.gates;
    assert.equal(at(g!.after!.range), 'train');
    assert.deepEqual(
      g!.require.map((r) => [r.metric?.value, r.op?.value, r.baseline?.value, r.margin?.value]),
      [
        ['auc', '>=', 'models:/churn@champion', 0.01],
        ['loss', '<', 0.5, undefined],
      ],
    );
    assert.equal(at(g!.require[1]!.op!.range), '"<"');
    assert.equal(at(doc.register!.keyRange), 'register');
    assert.deepEqual([doc.register!.model!.value, doc.register!.artifact!.value, doc.register!.when.map((w) => w.value), doc.register!.alias!.value], ['churn', 'models/model.json', ['g'], 'challenger']);
    assert.deepEqual(doc.protect!.aliases.map((a) => [a.name.value, a.gates.map((x) => x.value)]), [['champion', ['g']]]);
    assert.equal(at(doc.protect!.stages[0]!.name.range), 'Production');
    const m = doc.monitor!;
    assert.deepEqual([m.reference!.value, m.current!.value, m.features.map((f) => f.value), m.method!.value, m.threshold!.value], ['data/raw.csv', 'data/incoming/*.csv', ['a', 'b'], 'ks', 0.05]);
    assert.deepEqual([m.labels!.value, m.predictions!.value, m.metric!.value, m.metricThreshold!.value, m.onDrift.map((s) => s.value)], ['y', 'p', 'auc', 0.7, ['prepare']]);
  });

  it('leaves values of the wrong type out of the model and keeps the rest', () => {
    const d = parsePipelineDocument('version: 1\nexperiment: [a]\nstages:\n  s:\n    cmd: go\n    deps: [ok, {no: 1}]\n    always_run: maybe\n');
    assert.equal(d.experiment, undefined);
    assert.deepEqual(d.stages[0]!.deps.map((x) => x.value), ['ok']);
    assert.equal(d.stages[0]!.alwaysRun, undefined);
    assert.deepEqual(d.problems.map((p) => p.code), ['wrong-type', 'wrong-type', 'wrong-type']);
  });

  it('numbers and booleans where a string is expected keep their written text', () => {
    const d = parsePipelineDocument('version: 1\nexperiment: 2024.10\nstages:\n  s: {cmd: "true", outs: [1.50, true]}\n');
    assert.equal(d.experiment!.value, '2024.10');
    assert.deepEqual(d.stages[0]!.outs.map((o) => o.value), ['1.50', 'true']);
  });

  it('never throws, and tells an empty file what it needs', () => {
    const empty = parsePipelineDocument('');
    assert.deepEqual(empty.problems.map((p) => [p.code, p.range]), [
      ['missing-key', { start: 0, end: 0 }],
      ['missing-key', { start: 0, end: 0 }],
    ]);
    for (const tooDeep of ['['.repeat(maxNesting * 5), `\n\t${'- '.repeat(maxNesting * 5)}x\n`]) {
      const deep = parsePipelineDocument(tooDeep);
      assert.equal(deep.yaml, undefined);
      assert.deepEqual(deep.problems.map((p) => p.code), ['too-deep']);
    }
    for (const odd of ['\u0000\uFFFF\uD800', ': :', '- [', 'a: &x [*x]\n', '? [a]\n: 1\n', 'stages: 3\n', 'stages:\n  s: 1\n', 'gates: {g: {require: 5}}\n', 'protect: {aliases: [x]}\n']) {
      assert.doesNotThrow(() => parsePipelineDocument(odd), JSON.stringify(odd));
    }
  });

  it('parses nesting up to its limit, and refuses deeper nesting without parsing', () => {
    const shapes: Record<string, (depth: number) => string> = {
      'flow sequences': (n) => '['.repeat(n) + ']'.repeat(n),
      'flow mappings': (n) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
      'block mappings': (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n',
      'compact sequences': (n) => '- '.repeat(n) + 'x\n',
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const codes = parsePipelineDocument(make(maxNesting - 1)).problems.map((p) => p.code);
      assert.ok(!codes.includes('too-deep') && !codes.includes('yaml-resource-exhaustion'), `${shape}: ${codes.join()}`);
      assert.deepEqual(parsePipelineDocument(make(maxNesting * 10)).problems.map((p) => p.code), ['too-deep'], shape);
    }
  });

  it('does not count brackets inside quotes or comments as nesting', () => {
    const brackets = '['.repeat(maxNesting * 2);
    const d = parsePipelineDocument(`experiment: "${brackets}"\nversion: 1 # ${brackets}\nparams: '${brackets}'\n`);
    assert.deepEqual(d.problems, []);
    assert.equal(d.experiment!.value, brackets);
  });

  it('reports YAML syntax errors with the parser\'s code, inside the text', () => {
    const t = 'version: 1\nexperiment: "churn';
    const [p] = parsePipelineDocument(t).problems;
    assert.equal(p!.code, 'yaml-missing-char');
    assert.ok(p!.range.start <= t.length && p!.range.end <= t.length);
  });
});

describe('the nesting guard', () => {
  // Each of these nests one level per repetition; unguarded, `yaml` recurses until the stack ends.
  for (const unit of ['\t- ', '-\t', ': ', '- a: ', '- &a ', '- !t ', '? ', '[']) {
    it(`stops ${JSON.stringify(unit)} repeated 3,000 times before the parser`, () => {
      const text = `version: 1\nstages:\n  x: ${unit.repeat(3000)}v\n`;
      const doc = parsePipelineDocument(text);
      const tooDeep = doc.problems.filter((p) => p.code === 'too-deep');
      assert.equal(tooDeep.length, 1);
      assert.ok(tooDeep[0].range.start > text.indexOf('x:'), 'the range points into the deep part');
      assert.ok(!/could not be parsed/.test(tooDeep[0].message), 'the guard, not the parser, caught it');
    });
  }
});
