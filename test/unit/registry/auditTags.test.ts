// The registry workflow through our MLflow server over real HTTP (RestStore: no audit table), as
// the editor and the CLI reach a store that another process owns: the audit trail is kept in the
// registered model's tags, history merges it with the table and the versions' registration tags.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RestStore } from '../../../src/core/mlflow/client/restStore';
import { startMlflowServer, type RunningMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { AUDIT_TAG, readEntries, recordEntries } from '../../../src/core/registry/auditLog';
import { describeChange, history } from '../../../src/core/registry/history';
import { promote } from '../../../src/core/registry/promote';
import { RegistryError } from '../../../src/core/registry/registryStore';
import { rollback } from '../../../src/core/registry/rollback';
import { archive, deleteVersion, setDescription, setTag } from '../../../src/core/registry/versionEdits';
import type { AuditEntry } from '../../../src/core/store/audit';
import { addVersion, openSeededStore, rules, type SeededStore } from '../../fixtures/registry/registrySeed';

const actor = 'Ada <ada@example.com>';

describe('the registry over REST, audit trail in tags', () => {
  let s: SeededStore;
  let server: RunningMlflowServer;
  let rest: RestStore;
  before(async () => {
    s = await openSeededStore();
    for (const [n, auc] of [[1, 0.81], [2, 0.82], [3, 0.7]] as const) await addVersion(s.store, n, { auc });
    server = await startMlflowServer({ store: s.store, token: s.store.token, artifactRoot: path.join(s.dir, 'artifacts') });
    rest = new RestStore({ url: `http://127.0.0.1:${server.port}`, token: s.store.token });
  });
  after(async () => {
    await server.close();
    await s.close();
  });

  it('promotes and rolls back, keeping the entries in the model tag mlops.audit', async () => {
    assert.equal((await promote(rest, rules, { name: 'churn', version: '1', alias: 'champion', reason: 'first', actor })).status, 'promoted');
    assert.equal((await promote(rest, rules, { name: 'churn', version: '3', alias: 'champion', reason: 'worse', actor })).status, 'blocked');
    assert.equal((await promote(rest, rules, { name: 'churn', version: '2', alias: 'champion', reason: 'better', actor })).status, 'promoted');
    const back = await rollback(rest, { name: 'churn', alias: 'champion', reason: 'alerts', actor });
    assert.deepEqual([back.plan.from, back.plan.to], ['2', '1']);
    assert.equal((await rest.getRegisteredModel('churn')).aliases.champion, '1');

    assert.deepEqual(await s.store.readAudit('churn'), [], 'nothing went to the table');
    const kept = JSON.parse((await s.store.getRegisteredModel('churn')).tags[AUDIT_TAG]!) as AuditEntry[];
    assert.deepEqual(kept.map(describeChange), ['@champion v1', '@champion v1 → v2', '@champion rolled back v2 → v1']);
    assert.deepEqual((await history(rest, 'churn')).map((e) => e.reason), ['first', 'better', 'alerts']);
  });

  it('history merges the table, the model tags and a version registration tag, oldest first', async () => {
    const at = Date.now();
    const entry = (over: Partial<AuditEntry>): AuditEntry => ({
      modelName: 'churn', version: '3', action: 'register', target: 'models:/churn/3', from: null, to: '3', reason: null, actor, at, runId: null, gitCommit: null, ...over,
    });
    await s.store.recordAudit(entry({ action: 'set-alias', target: 'challenger', at: at + 2 }));
    await s.store.setModelVersionTag('churn', '3', AUDIT_TAG, JSON.stringify([entry({ at: at + 1 }), { not: 'an entry' }]));
    const changes = (await history(s.store, 'churn')).map(describeChange);
    assert.deepEqual(changes.slice(-2), ['v3 registered', '@challenger v3']);
    assert.equal(changes.length, 5);
  });

  it('continues in mlops.audit.2 before a tag would pass MLflow\'s limit', async () => {
    const long = 'x'.repeat(4000);
    // Dated a minute back, so the history of the tests after this one stays in the order they act.
    const start = Date.now() - 60_000;
    const entries: AuditEntry[] = Array.from({ length: 30 }, (_, i) => ({
      modelName: 'churn', version: '1', action: 'set-alias', target: `a${i}`, from: null, to: '1', reason: long, actor, at: start + i, runId: null, gitCommit: null,
    }));
    await recordEntries(rest, entries);
    const tags = (await rest.getRegisteredModel('churn')).tags;
    assert.ok(tags[`${AUDIT_TAG}.2`], Object.keys(tags).join(', '));
    for (const key of [AUDIT_TAG, `${AUDIT_TAG}.2`]) assert.ok(tags[key]!.length <= 100_000, `${key}: ${tags[key]!.length}`);
    const read = await readEntries(rest, 'churn');
    assert.deepEqual(read.filter((e) => e.reason === long).map((e) => e.target), entries.map((e) => e.target));
  });

  it('archives with protection, deletes a version with the aliases it held, and rolls back past it', async () => {
    assert.equal((await archive(rest, rules, { name: 'churn', version: '3', reason: 'worse', actor })).status, 'promoted');
    assert.equal((await rest.getModelVersion('churn', '3')).currentStage, 'Archived');
    await promote(rest, rules, { name: 'churn', version: '2', alias: 'champion', actor });
    const deleted = await deleteVersion(rest, { name: 'churn', version: '1', reason: 'leaked labels', actor });
    assert.equal(deleted.message, "Deleted version 1 of 'churn'.");
    const changes = (await history(rest, 'churn')).map(describeChange);
    assert.deepEqual(changes.slice(-3), ['v3 None → Archived', '@champion v1 → v2', 'v1 deleted']);
    await assert.rejects(rollback(rest, { name: 'churn', alias: 'champion', actor }), /records no earlier holder that is still registered \(version 2 holds it now\)/);
  });

  it('edits descriptions and tags, refusing the tags protection and the trail rely on', async () => {
    await setDescription(rest, { name: 'churn', version: '2', description: 'trained on May data' });
    await setDescription(rest, { name: 'churn', description: 'predicts churn' });
    await setTag(rest, { name: 'churn', version: '2', key: ' owner ', value: 'ana' });
    assert.equal((await rest.getModelVersion('churn', '2')).description, 'trained on May data');
    assert.equal((await rest.getModelVersion('churn', '2')).tags.owner, 'ana');
    assert.equal((await rest.getRegisteredModel('churn')).description, 'predicts churn');
    await assert.rejects(setTag(rest, { name: 'churn', version: '2', key: 'mlops.gate.beats_champion', value: 'passed' }), (e: unknown) => e instanceof RegistryError && /only the pipeline sets it/.test(e.message));
    await assert.rejects(setTag(rest, { name: 'churn', key: 'mlops.audit.3', value: '[]' }), /holds the audit trail/);
    assert.equal((await rest.getModelVersion('churn', '2')).tags['mlops.gate.beats_champion'], undefined);
  });
});
