import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { loadSqlJs } from '../../../src/core/store/sqlite';
import { projectWith } from '../../fixtures/pipelines';

// The ledger's stage executions carry a fingerprint since workbench schema 2; a store written by
// schema 1 is migrated in place when opened, keeping its rows.

async function editDatabase(file: string, sql: string): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  db.exec(sql);
  writeFileSync(file, db.export());
  db.close();
}

async function query(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

test('a schema 1 store gains the fingerprint column on open; its rows stay; lastSuccessfulExecution finds the newest', async () => {
  const p = projectWith({});
  const dir = path.join(p.dir, '.mlops');
  const database = path.join(dir, 'mlflow.db');
  try {
    const store = await openEmbeddedStore(dir);
    const experimentId = await store.createExperiment('ledger');
    const parent = await store.createRun({ experimentId });
    const stage = await store.createRun({ experimentId });
    await store.recordPipelineRun({ runId: parent.runId, configPath: 'mlops.yaml', startedAt: 1, endedAt: 2, status: 'FINISHED', gitCommit: null });
    await store.close();
    await editDatabase(database, `
      DROP INDEX mlops_stage_executions_stage;
      ALTER TABLE mlops_stage_executions DROP COLUMN fingerprint;
      DELETE FROM mlops_store_meta WHERE key = 'workbench_schema';
      INSERT INTO mlops_stage_executions (pipeline_run_uuid, stage, run_uuid, status, reason, started_at, ended_at, exit_code)
        VALUES ('${parent.runId}', 'old', '${stage.runId}', 'FINISHED', NULL, 1, 2, 0);`);
    assert.ok(!(await query(database, 'PRAGMA table_info(mlops_stage_executions)')).some((c) => c[1] === 'fingerprint'));

    const migrated = await openEmbeddedStore(dir);
    const record = (endedAt: number, fingerprint: string | null, status = 'FINISHED') =>
      migrated.recordStageExecution({ pipelineRunId: parent.runId, stage: 'train', runId: stage.runId, status, reason: null, startedAt: 1, endedAt, exitCode: 0, fingerprint });
    assert.equal(await migrated.lastSuccessfulExecution('old'), undefined, 'a row without a fingerprint is no proof of outputs');
    await record(10, '{"cmd":"a"}');
    assert.equal((await migrated.lastSuccessfulExecution('train'))?.fingerprint, '{"cmd":"a"}');
    await migrated.close();

    assert.ok((await query(database, 'PRAGMA table_info(mlops_stage_executions)')).some((c) => c[1] === 'fingerprint'));
    assert.deepEqual(await query(database, "SELECT value FROM mlops_store_meta WHERE key = 'workbench_schema'"), [['2']]);
    assert.deepEqual(await query(database, 'SELECT stage, fingerprint FROM mlops_stage_executions ORDER BY stage'), [['old', null], ['train', '{"cmd":"a"}']]);
  } finally {
    p.cleanup();
  }
});

test('lastSuccessfulExecution skips failed, killed and cached executions', async () => {
  const p = projectWith({});
  const store = await openEmbeddedStore(path.join(p.dir, '.mlops'));
  try {
    const experimentId = await store.createExperiment('ledger');
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) {
      const parent = await store.createRun({ experimentId });
      await store.recordPipelineRun({ runId: parent.runId, configPath: 'mlops.yaml', startedAt: i, endedAt: i, status: 'FINISHED', gitCommit: null });
      runs.push(parent.runId);
    }
    const row = (i: number, status: string, fingerprint: string | null, cachedFrom: string | null = null) =>
      store.recordStageExecution({ pipelineRunId: runs[i], stage: 'train', runId: runs[i], status, reason: null, startedAt: i, endedAt: 100 + i, exitCode: null, cachedFrom, fingerprint });
    await row(0, 'FINISHED', '{"n":0}');
    await row(1, 'FAILED', null);
    await row(2, 'KILLED', null);
    await row(3, 'CACHED', null, runs[0]);
    const last = await store.lastSuccessfulExecution('train');
    assert.equal(last?.runId, runs[0]);
    assert.equal(last?.fingerprint, '{"n":0}');
  } finally {
    await store.close();
    p.cleanup();
  }
});
