// Where mlops.yaml gets its code lenses, what a pipeline command's argument names, and which file
// changes make the editor check the pipeline's status again.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { changeMatters, watchedPaths } from '../../../src/vscode/pipeline/changeFilter';
import { commandTarget } from '../../../src/vscode/pipeline/commandTargets';
import { lensTargets } from '../../../src/vscode/pipeline/lensTargets';

const yaml = `# churn
version: 1
experiment: churn
stages:
  prepare:
    cmd: python3 src/prepare.py
  "train":
    cmd: python3 src/train.py
    deps: [data/prepared/]
`;

describe('code lens targets', () => {
  it('puts "Run pipeline" at the top and a lens on each stage name, at the name', () => {
    const targets = lensTargets(yaml);
    assert.deepEqual(targets.map((t) => (t.kind === 'stage' ? t.stage : 'pipeline')), ['pipeline', 'prepare', 'train']);
    assert.deepEqual(targets[0]!.range, { start: 0, end: 0 });
    const [, prepare, train] = targets;
    assert.equal(yaml.slice(prepare!.range.start, prepare!.range.end), 'prepare');
    assert.equal(yaml.slice(train!.range.start, train!.range.end), '"train"');
  });

  it('gives none to a file without stages, and keeps the stages of a half-written file', () => {
    assert.deepEqual(lensTargets('version: 1\nexperiment: x\n'), []);
    assert.deepEqual(lensTargets(''), []);
    assert.deepEqual(lensTargets('stages: [oops'), []);
    const half = lensTargets('stages:\n  prepare:\n    cmd: echo\n  train:\n    cmd: [unclosed\n');
    assert.deepEqual(half.filter((t) => t.kind === 'stage').map((t) => (t.kind === 'stage' ? t.stage : '')), ['prepare', 'train']);
  });
});

describe('command targets', () => {
  it('reads a stage name, a Pipeline view row, a code lens argument and an mlops.yaml Uri', () => {
    assert.deepEqual(commandTarget(undefined), {});
    assert.deepEqual(commandTarget(''), {});
    assert.deepEqual(commandTarget('train'), { stage: 'train' });
    assert.deepEqual(commandTarget({ kind: 'stage', file: '/w/mlops.yaml', name: 'train', state: 'will-run' }), { file: '/w/mlops.yaml', stage: 'train' });
    assert.deepEqual(commandTarget({ file: '/w/mlops.yaml', stage: 'evaluate' }), { file: '/w/mlops.yaml', stage: 'evaluate' });
    assert.deepEqual(commandTarget({ file: '/w/mlops.yaml' }), { file: '/w/mlops.yaml' });
    assert.deepEqual(commandTarget({ scheme: 'file', fsPath: '/w/sub/mlops.yaml', path: '/w/sub/mlops.yaml' }), { file: '/w/sub/mlops.yaml' });
    assert.deepEqual(commandTarget({ scheme: 'untitled', fsPath: 'Untitled-1' }), {});
    assert.deepEqual(commandTarget({ stage: 42, file: null }), {});
  });
});

describe('file changes that matter to the status', () => {
  const root = path.resolve('/w/churn');
  const config = {
    file: path.join(root, 'mlops.yaml'),
    root,
    paramsFile: 'params.yaml',
    stages: [
      { name: 'prepare', cmd: 'p', deps: ['src/prepare.py', 'data/raw/churn.csv'], outs: ['data/prepared/'], params: [], metrics: [] },
      { name: 'train', cmd: 't', deps: ['data/prepared/train.csv'], outs: ['models/model.json'], params: ['train.lr'], metrics: [] },
    ],
  };
  const watched = watchedPaths(config, path.join(root, '.mlops'));
  const matters = (relative: string) => changeMatters(watched, path.join(root, relative));

  it('mlops.yaml, the params file, deps and outs (inside a folder too), and the stage record', () => {
    for (const relative of ['mlops.yaml', 'params.yaml', 'src/prepare.py', 'data/raw/churn.csv', 'data/prepared', 'data/prepared/test.csv', 'models/model.json', '.mlops/stages.json']) {
      assert.equal(matters(relative), true, relative);
    }
  });

  it('not the store, the digest cache, bytecode or files no stage names', () => {
    for (const relative of ['.mlops/journal', '.mlops/mlflow.db', '.mlops/digests.json', 'data/prepared/__pycache__/x.pyc', 'src/other.py', 'data/prepared-old/x.csv', 'README.md']) {
      assert.equal(matters(relative), false, relative);
    }
  });

  it('follows a store folder kept elsewhere (the mlops.store setting)', () => {
    const elsewhere = watchedPaths(config, '/stores/churn');
    assert.equal(changeMatters(elsewhere, '/stores/churn/stages.json'), true);
    assert.equal(changeMatters(elsewhere, path.join(root, '.mlops/stages.json')), false);
  });
});
