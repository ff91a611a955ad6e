import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { MlflowDataError } from '../../../src/core/mlflowData/errors';
import { ORIGINAL_EXPERIMENT_ID_TAG } from '../../../src/core/mlflowData/importMlruns';
import { findMlflowData, openMlflowData } from '../../../src/core/mlflowData/openMlflowData';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { digestOf, expectLoggedModel, expectScenario, fixtures, scenario } from './scenario';

// An mlruns/ tree written by the pinned MLflow's own client (scripts/gen-mlflow-data-fixtures.sh).

const mlruns = path.join(fixtures, 'mlruns');
const tmp = mkdtempSync(path.join(tmpdir(), 'mlops-mlruns-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The experiment folder (active or in .trash) whose meta.yaml names `name`. */
function experimentFolder(root: string, name: string): string {
  for (const parent of [root, path.join(root, '.trash')]) {
    for (const id of readdirSync(parent)) {
      const meta = path.join(parent, id, 'meta.yaml');
      try {
        if (new RegExp(`^name: ${name}$`, 'm').test(readFileSync(meta, 'utf8'))) return path.join(parent, id);
      } catch {
        // not an experiment folder
      }
    }
  }
  throw new Error(`no experiment ${name} under ${root}`);
}

function copyOfFixture(): string {
  const root = mkdtempSync(path.join(tmp, 'tree-'));
  cpSync(mlruns, path.join(root, 'mlruns'), { recursive: true });
  return path.join(root, 'mlruns');
}

/** Removes empty folders (MLflow's empty artifacts/, params/, ...), as a git checkout of the tree lacks them. */
function pruneEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pruneEmptyFolders(path.join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

describe('an mlruns tree written by MLflow', () => {
  test('reads back every experiment, run, param, metric history, input, registered model, version, alias and logged model; the tree is untouched', async () => {
    const before = digestOf(mlruns);
    const store = await openMlflowData(mlruns);
    try {
      assert.equal(store.description, `MLflow data ${mlruns} (file store, read-only)`);
      const runs = await expectScenario(store);
      const churn = experimentFolder(mlruns, 'churn');
      const [modelId] = readdirSync(path.join(churn, 'models'));
      await expectLoggedModel(store, modelId, runs);
    } finally {
      await store.close();
    }
    assert.equal(digestOf(mlruns), before);
  });

  test('experiment ids too large for a number are renumbered; the original id is kept as a tag', async () => {
    const store = await openMlflowData(mlruns);
    try {
      const all = await store.searchExperiments({ viewType: 'ALL' });
      assert.deepEqual(all.find((e) => e.name === 'Default')!.experimentId, '0');
      assert.equal(all.find((e) => e.name === 'Default')!.tags[ORIGINAL_EXPERIMENT_ID_TAG], undefined);
      for (const { name } of scenario.experiments) {
        const experiment = all.find((e) => e.name === name)!;
        assert.ok(Number.isSafeInteger(Number(experiment.experimentId)) && Number(experiment.experimentId) > 0);
        assert.equal(experiment.tags[ORIGINAL_EXPERIMENT_ID_TAG], path.basename(experimentFolder(mlruns, name)));
        assert.deepEqual(await store.getExperiment(experiment.experimentId), experiment);
      }
    } finally {
      await store.close();
    }
  });

  test('refuses writes', async () => {
    const store = await openMlflowData(mlruns);
    try {
      await assert.rejects(store.createRegisteredModel('new'), /read-only/);
    } finally {
      await store.close();
    }
  });

  test('a folder holding mlruns/ opens it; a tree without empty folders (as git keeps it) reads the same', async () => {
    const tree = copyOfFixture();
    pruneEmptyFolders(tree);
    assert.deepEqual(findMlflowData(path.dirname(tree)), { kind: 'mlruns', path: tree });
    const store = await openMlflowData(path.dirname(tree));
    try {
      await expectScenario(store);
    } finally {
      await store.close();
    }
  });
});

describe('a damaged mlruns tree: an error naming the file, nothing changed', () => {
  test('a metric line that is not `timestamp value step`', async () => {
    const tree = copyOfFixture();
    const loss = path.join(experimentFolder(tree, 'churn'), readdirSync(experimentFolder(tree, 'churn')).find((d) => {
      try {
        return readdirSync(path.join(experimentFolder(tree, 'churn'), d, 'metrics')).includes('loss');
      } catch {
        return false;
      }
    })!, 'metrics', 'loss');
    appendFileSync(loss, 'twelve o-clock 0.3\n');
    const before = digestOf(tree);
    const lines = readFileSync(loss, 'utf8').trim().split('\n').length;
    await assert.rejects(openMlflowData(tree), (err: MlflowDataError) => {
      assert.ok(err instanceof MlflowDataError);
      assert.equal(err.path, loss);
      assert.match(err.message, new RegExp(`metrics/loss, line ${lines}: expected \`timestamp value step\``));
      return true;
    });
    assert.equal(digestOf(tree), before);
  });

  test('a meta.yaml that is not YAML', async () => {
    const tree = copyOfFixture();
    const meta = path.join(experimentFolder(tree, 'churn'), 'meta.yaml');
    writeFileSync(meta, 'name: [unclosed\n');
    await assert.rejects(openMlflowData(tree), (err: MlflowDataError) => err.path === meta && /meta\.yaml is not valid YAML/.test(err.message));
  });
});

describe('what openMlflowData accepts', () => {
  test('a store folder of MLOps Workbench is not MLflow data', async () => {
    const dir = path.join(tmp, 'project', '.mlops');
    const store = await openEmbeddedStore(dir);
    await store.close();
    await assert.rejects(openMlflowData(dir), (err: MlflowDataError) => err instanceof MlflowDataError && /is an MLOps Workbench store folder, not MLflow data/.test(err.message));
    await assert.rejects(openMlflowData(path.join(dir, 'mlflow.db')), /mlflow\.db is the database of an MLOps Workbench store: open its folder as the store/);
  });

  test('a folder with neither an mlflow.db nor an mlruns tree', async () => {
    const dir = path.join(tmp, 'empty');
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    await assert.rejects(openMlflowData(dir), /empty holds no MLflow data: expected an mlflow\.db file, an mlruns\/ folder/);
    mkdirSync(path.join(dir, 'mlruns'));
    await assert.rejects(openMlflowData(dir), /mlruns is not an MLflow file store/);
  });
});
