import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { conformToHeadSchema } from '../../../src/core/mlflowData/conformSchema';
import { MlflowDataError } from '../../../src/core/mlflowData/errors';
import revisions from '../../../src/core/mlflowData/mlflowRevisions.json';
import { openMlflowData } from '../../../src/core/mlflowData/openMlflowData';
import { SUPPORTED_REVISIONS } from '../../../src/core/mlflowData/revisions';
import { MLFLOW_SCHEMA_SQL } from '../../../src/core/store/mlflowSchema';
import mlflowVersion from '../../../src/core/store/mlflowVersion.json';
import { loadSqlJs } from '../../../src/core/store/sqlite';
import { StoreError } from '../../../src/core/store/types';
import { digestOf, expectLoggedModel, expectScenario, fixtures } from './scenario';

// mlflow.db files written by real MLflow releases (scripts/gen-mlflow-data-fixtures.sh), opened read-only.

const tmp = mkdtempSync(path.join(tmpdir(), 'mlops-mlflowdb-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function query(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

/** A copy of a fixture with its alembic revision replaced, as a file. */
async function withRevision(version: string, revision: string): Promise<string> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path.join(fixtures, `mlflow-${version}.db`)));
  db.run('UPDATE alembic_version SET version_num = ?', [revision]);
  const file = path.join(tmp, `revision-${revision}.db`);
  writeFileSync(file, db.export());
  db.close();
  return file;
}

for (const version of ['3.14.0', '3.16.1', mlflowVersion.mlflow]) {
  describe(`an mlflow.db written by MLflow ${version}`, () => {
    const file = path.join(fixtures, `mlflow-${version}.db`);

    test('is at the schema revision mlflowRevisions.json names for that release, one this version reads', async () => {
      const [[revision]] = await query(file, 'SELECT version_num FROM alembic_version');
      assert.equal(revision, revisions.releases.find((r) => r.mlflow === version)!.head);
      assert.ok(SUPPORTED_REVISIONS.includes(revision as string));
    });

    test('reads back every experiment, run, param, metric history, input, registered model, version and alias it logged; the file is untouched', async () => {
      const before = digestOf(file);
      const store = await openMlflowData(file);
      try {
        assert.equal(store.description, `MLflow data ${file} (MLflow ${version === '3.14.0' ? '3.14.0' : version === '3.16.1' ? '3.16.0–3.16.1' : '3.17.0–3.17.2'}, read-only)`);
        const runs = await expectScenario(store);
        const [[modelId]] = await query(file, 'SELECT model_id FROM logged_models');
        await expectLoggedModel(store, modelId as string, runs);
      } finally {
        await store.close();
      }
      assert.equal(digestOf(file), before);
    });

    test('refuses every write with a read-only error, and changes nothing', async () => {
      const before = digestOf(file);
      const store = await openMlflowData(file);
      try {
        await assert.rejects(store.createExperiment('new'), (err: StoreError) => err.code === 'INVALID_STATE' && /read-only/.test(err.message));
        const [run] = (await store.searchRuns({ experimentIds: [(await store.getExperimentByName('churn'))!.experimentId] })).items;
        await assert.rejects(store.logBatch(run.info.runId, { params: [{ key: 'new', value: '1' }] }), /read-only/);
        await assert.rejects(store.setRegisteredModelAlias('churn', 'champion', '1'), /read-only/);
        assert.equal((await store.getModelVersionByAlias('churn', 'champion')).version, '2');
      } finally {
        await store.close();
      }
      assert.equal(digestOf(file), before);
    });
  });
}

test('an older mlflow.db in memory gets every table, column and index of the head schema, and keeps its rows', async () => {
  const SQL = await loadSqlJs();
  const shape = (db: InstanceType<typeof SQL.Database>) => {
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.map(([t]) => String(t));
    const indexes = db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")[0].values.map(([t]) => String(t));
    return { indexes, columns: Object.fromEntries(tables.map((t) => [t, db.exec(`SELECT name FROM pragma_table_info('${t}') ORDER BY name`)[0].values.map(([c]) => String(c))])) };
  };
  const head = new SQL.Database();
  head.exec(MLFLOW_SCHEMA_SQL);
  const old = new SQL.Database(readFileSync(path.join(fixtures, 'mlflow-3.14.0.db')));
  const before = shape(old);
  assert.notDeepEqual(before, shape(head), 'MLflow 3.14 lacks some of 3.17\'s tables');
  const metrics = old.exec('SELECT count(*) FROM metrics')[0].values[0][0];
  conformToHeadSchema(SQL, old);
  const after = shape(old);
  for (const [table, columns] of Object.entries(shape(head).columns)) {
    assert.deepEqual(columns.filter((c) => !after.columns[table]?.includes(c)), [], `columns of ${table}`);
  }
  for (const index of shape(head).indexes) assert.ok(after.indexes.includes(index), index);
  assert.equal(old.exec('SELECT count(*) FROM metrics')[0].values[0][0], metrics);
  assert.deepEqual(old.exec("SELECT count(*) FROM model_versions WHERE current_stage = 'Deleted_Internal'")[0].values[0][0], 0);
  head.close();
  old.close();
});

describe('mlflow.db files this version does not read', () => {
  test('a newer revision: names it, the releases read, and what to do', async () => {
    const file = await withRevision(mlflowVersion.mlflow, 'ffffffff0000');
    const before = digestOf(file);
    await assert.rejects(openMlflowData(file), (err: MlflowDataError) => {
      assert.ok(err instanceof MlflowDataError);
      assert.equal(err.path, file);
      assert.match(err.message, new RegExp(`^mlflow.db at ${file} has schema revision ffffffff0000 \\(not a revision of MLflow 3.17.2 or older: a newer MLflow\\?\\)`));
      assert.match(err.message, /reads the revisions of MLflow 3\.14\.0–3\.17\.2/);
      assert.match(err.message, /Update MLOps Workbench/);
      return true;
    });
    assert.equal(digestOf(file), before);
  });

  test('an older revision (MLflow 3.12.0): says which release wrote it and how to upgrade a copy', async () => {
    const file = await withRevision('3.14.0', revisions.releases.find((r) => r.mlflow === '3.12.0')!.head);
    await assert.rejects(openMlflowData(file), (err: MlflowDataError) => {
      assert.match(err.message, /schema revision 7d34483879f0 \(MLflow 3\.12\.0\)/);
      assert.match(err.message, /mlflow db upgrade sqlite:\/\/\/upgraded\.db/);
      return true;
    });
  });

  test('a revision from before the releases listed: "or older"', async () => {
    const file = await withRevision('3.14.0', revisions.chain[revisions.chain.length - 1]);
    await assert.rejects(openMlflowData(file), /\(MLflow 3\.12\.0 or older\)/);
  });

  test('an SQLite database that is not MLflow\'s, a text file, a truncated file, a missing file', async () => {
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (text TEXT)');
    const plain = path.join(tmp, 'plain.db');
    writeFileSync(plain, other.export());
    other.close();
    await assert.rejects(openMlflowData(plain), (err: MlflowDataError) => err instanceof MlflowDataError && /not an MLflow one: it has no alembic_version table/.test(err.message));

    const text = path.join(tmp, 'notes.txt');
    writeFileSync(text, 'not a database\n');
    await assert.rejects(openMlflowData(text), /notes\.txt is not an SQLite database/);

    const truncated = path.join(tmp, 'truncated.db');
    const bytes = readFileSync(path.join(fixtures, 'mlflow-3.14.0.db'));
    writeFileSync(truncated, bytes.subarray(0, 4096));
    await assert.rejects(openMlflowData(truncated), (err: MlflowDataError) => err instanceof MlflowDataError && /truncated\.db cannot be read as an MLflow database .*damaged or truncated/.test(err.message));

    await assert.rejects(openMlflowData(path.join(tmp, 'missing.db')), (err: MlflowDataError) => err.code === 'RESOURCE_DOES_NOT_EXIST' && /missing\.db does not exist/.test(err.message));
  });
});

describe('mlflow.db in WAL mode', () => {
  test('opens from the main file; refuses while its -wal holds changes not yet folded in', async () => {
    const file = path.join(tmp, 'wal.db');
    const bytes = readFileSync(path.join(fixtures, 'mlflow-3.16.1.db'));
    bytes[18] = bytes[19] = 2; // SQLite's header mark of a database in WAL mode
    writeFileSync(file, bytes);
    const store = await openMlflowData(file);
    assert.ok(await store.getExperimentByName('churn'));
    await store.close();
    assert.deepEqual(readFileSync(file), bytes);

    writeFileSync(`${file}-wal`, Buffer.alloc(64, 1));
    await assert.rejects(openMlflowData(file), /wal\.db-wal holds changes not yet folded in/);
  });
});

test('a folder holding an mlflow.db opens that file', async () => {
  const dir = mkdtempSync(path.join(tmp, 'project-'));
  copyFileSync(path.join(fixtures, 'mlflow-3.14.0.db'), path.join(dir, 'mlflow.db'));
  const store = await openMlflowData(dir);
  try {
    assert.match(store.description, new RegExp(`^MLflow data ${path.join(dir, 'mlflow.db')} `));
    await expectScenario(store);
  } finally {
    await store.close();
  }
});
