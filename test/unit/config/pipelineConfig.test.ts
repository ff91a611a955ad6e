import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, findPipelineConfig, loadPipelineConfig } from '../../../src/core/config/pipelineConfig';
import { churnCopy, projectWith } from '../../fixtures/pipelines';

describe('loadPipelineConfig', () => {
  it('loads examples/churn: its stages in file order, with every key the runner reads', () => {
    const churn = churnCopy();
    try {
      const config = loadPipelineConfig(path.join(churn.dir, 'mlops.yaml'));
      assert.equal(config.experiment, 'churn');
      assert.equal(config.paramsFile, 'params.yaml');
      assert.equal(config.root, churn.dir);
      assert.deepEqual(config.stages.map((s) => s.name), ['prepare', 'train', 'evaluate']);
      const train = config.stages[1]!;
      assert.deepEqual([train.cmd, train.outs, train.params, train.metrics], ['python3 src/train.py', ['models/model.json'], ['train.lr', 'train.epochs', 'train.l2'], ['metrics/train_history.jsonl']]);
      assert.equal(findPipelineConfig(path.join(churn.dir, 'src')), path.join(churn.dir, 'mlops.yaml'));
    } finally {
      churn.cleanup();
    }
  });

  it('reads env, wdir, after, plots and always_run, and defaults the params file to params.yaml', () => {
    const p = projectWith({
      'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a:\n    cmd: "true"\n    params: [lr]\n    env: {SEED: 7}\n    wdir: sub\n    plots: [p.png]\n    always_run: true\n  b: {cmd: "true", after: [a]}\n',
      'params.yaml': 'lr: 0.1\n',
    });
    try {
      const config = loadPipelineConfig(path.join(p.dir, 'mlops.yaml'));
      assert.equal(config.paramsFile, 'params.yaml');
      assert.deepEqual(config.stages[0], { name: 'a', cmd: 'true', deps: [], outs: [], params: ['lr'], metrics: [], plots: ['p.png'], after: [], env: { SEED: '7' }, wdir: 'sub', alwaysRun: true });
      assert.deepEqual(config.stages[1]!.after, ['a']);
    } finally {
      p.cleanup();
    }
  });

  it('refuses a config with errors, listing each at its line and column; warnings do not stop it', () => {
    const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a:\n    cmd: "true"\n    deps: [nowhere.csv]\n    outs: [o/]\n  b:\n    cmd: "true"\n    outs: [o/x]\n    colour: red\n' });
    try {
      assert.throws(
        () => loadPipelineConfig(path.join(p.dir, 'mlops.yaml')),
        (e: unknown) => e instanceof ConfigError && e.problems.length === 2 && /^10:12: 'o\/x' lies inside 'o\/'/.test(e.problems[0]!) && /^11:5: Unknown key "colour"/.test(e.problems[1]!),
      );
    } finally {
      p.cleanup();
    }
    const warnOnly = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true", deps: [nowhere.csv]}\n' });
    try {
      assert.deepEqual(loadPipelineConfig(path.join(warnOnly.dir, 'mlops.yaml')).stages[0]!.deps, ['nowhere.csv']);
    } finally {
      warnOnly.cleanup();
    }
  });

  it('reads gates, register and protect as the runner needs them (examples/churn)', () => {
    const churn = churnCopy();
    try {
      const config = loadPipelineConfig(path.join(churn.dir, 'mlops.yaml'));
      assert.deepEqual(config.gates, [
        {
          name: 'beats_champion',
          after: 'evaluate',
          require: [
            { metric: 'auc', op: '>=', baseline: { kind: 'alias', model: 'churn', alias: 'champion' }, baselineText: 'models:/churn@champion', margin: 0.005 },
            { metric: 'log_loss', op: '<=', baseline: { kind: 'number', value: 0.6 }, baselineText: '0.6', margin: 0 },
          ],
        },
      ]);
      assert.deepEqual(config.register, { model: 'churn', artifact: 'models/model.json', producer: 'train', when: ['beats_champion'], alias: 'challenger' });
      assert.deepEqual(config.protect, { aliases: { champion: ['beats_champion'] }, stages: {} });
    } finally {
      churn.cleanup();
    }
  });

  it('defaults: no gates, no register, empty protection; alias challenger, when [], margin 0; the producer of a file inside an output folder', () => {
    const bare = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
    const full = projectWith({
      'mlops.yaml': [
        'version: 1', 'experiment: x', 'stages:', '  train: {cmd: "true", outs: [models/]}', '  check: {cmd: "true", deps: [models/], after: [train]}',
        'gates:', '  g:', '    after: check', '    require:', `      - {metric: rmse, op: "<", baseline: "runs:/${'a'.repeat(32)}"}`, '      - {metric: r2, op: ">", baseline: "models:/m/3"}',
        'register:', '  model: m', '  artifact: models/best', 'protect:', '  stages:', '    Production: [g]', '',
      ].join('\n'),
    });
    try {
      const b = loadPipelineConfig(path.join(bare.dir, 'mlops.yaml'));
      assert.deepEqual([b.gates, b.register, b.protect], [[], undefined, { aliases: {}, stages: {} }]);
      const f = loadPipelineConfig(path.join(full.dir, 'mlops.yaml'));
      assert.deepEqual(f.gates[0]!.require.map((r) => [r.baseline, r.margin]), [[{ kind: 'run', runId: 'a'.repeat(32) }, 0], [{ kind: 'version', model: 'm', version: 3 }, 0]]);
      assert.deepEqual(f.register, { model: 'm', artifact: 'models/best', producer: 'train', when: [], alias: 'challenger' });
      assert.deepEqual(f.protect, { aliases: {}, stages: { Production: ['g'] } });
    } finally {
      bare.cleanup();
      full.cleanup();
    }
  });
});
