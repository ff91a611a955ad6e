// Promotion and rollback on a real embedded store: protection by recorded gate results, on aliases
// and stages, and the audit trail they leave.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { history } from '../../../src/core/registry/history';
import { promote } from '../../../src/core/registry/promote';
import { RegistryError } from '../../../src/core/registry/registryStore';
import { planRollback, rollback } from '../../../src/core/registry/rollback';
import { addVersion, commitOf, openSeededStore, rules, type SeededStore } from '../../fixtures/registry/registrySeed';

const actor = 'Ada <ada@example.com>';

describe('promote and roll back', () => {
  let s: SeededStore;
  let passing1 = '';
  let failing = '';
  let passing3 = '';
  let unchecked = '';
  before(async () => {
    s = await openSeededStore();
    passing1 = await addVersion(s.store, 1, { auc: 0.81 });
    failing = await addVersion(s.store, 2, { auc: 0.7 });
    passing3 = await addVersion(s.store, 3, { auc: 0.83 });
    unchecked = await addVersion(s.store, 4, 'none');
  });
  after(() => s.close());

  const holder = async (alias: string): Promise<string | undefined> => (await s.store.getRegisteredModel('churn')).aliases[alias];

  it('refuses a protected alias to a version whose gate failed, naming the gate and why, and changes nothing', async () => {
    const outcome = await promote(s.store, rules, { name: 'churn', version: failing, alias: 'champion', reason: 'try it', actor });
    assert.equal(outcome.status, 'blocked');
    assert.equal(
      outcome.message,
      "Version 2 of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0.7 is not >= 0.805 (baseline 0.8 models:/churn@champion (version 1) + margin 0.005).",
    );
    assert.equal(await holder('champion'), undefined);
    assert.deepEqual(await s.store.readAudit('churn'), []);
  });

  it('refuses a version on which the gate was never checked', async () => {
    const outcome = await promote(s.store, rules, { name: 'churn', version: unchecked, alias: 'champion', actor });
    assert.equal(outcome.status, 'blocked');
    assert.match(outcome.message, /gate 'beats_champion' was not checked in the pipeline run that produced this version/);
  });

  it('moves the alias to a version whose gate passed and records who, why, run and commit', async () => {
    const outcome = await promote(s.store, rules, { name: 'churn', version: passing1, alias: 'champion', reason: '  first champion ', actor });
    assert.equal(outcome.status, 'promoted');
    assert.equal(outcome.message, "Version 1 of 'churn' now holds alias 'champion'.");
    assert.equal(await holder('champion'), '1');
    const [entry] = await s.store.readAudit('churn');
    const source = await s.store.getModelVersion('churn', '1');
    assert.deepEqual({ ...entry, at: 0 }, {
      modelName: 'churn', version: '1', action: 'set-alias', target: 'champion', from: null, to: '1', reason: 'first champion', actor, at: 0, runId: source.runId, gitCommit: commitOf(1),
    });
  });

  it('says so, and records nothing, when the version already holds the alias', async () => {
    const outcome = await promote(s.store, rules, { name: 'churn', version: passing1, alias: 'champion', actor });
    assert.deepEqual(outcome, { status: 'unchanged', message: "Version 1 of 'churn' already holds alias 'champion'." });
    assert.equal((await s.store.readAudit('churn')).length, 1);
  });

  it('an alias mlops.yaml does not protect takes any version', async () => {
    const outcome = await promote(s.store, rules, { name: 'churn', version: failing, alias: 'shadow', reason: 'compare online', actor });
    assert.equal(outcome.status, 'promoted');
    assert.equal(await holder('shadow'), '2');
  });

  it('rolls the alias back to its previous holder and records the rollback', async () => {
    const moved = await promote(s.store, rules, { name: 'churn', version: passing3, alias: 'champion', reason: 'better auc', actor });
    assert.equal(moved.message, "Version 3 of 'churn' now holds alias 'champion' (moved from version 1).");
    assert.deepEqual(await planRollback(s.store, { name: 'churn', alias: 'champion' }), { name: 'churn', alias: 'champion', from: '3', to: '1' });

    const back = await rollback(s.store, { name: 'churn', alias: 'champion', reason: 'v3 misbehaves in production', actor: 'Grace' });
    assert.equal(back.message, "Alias 'champion' of 'churn' rolled back from version 3 to version 1.");
    assert.equal(await holder('champion'), '1');
    const last = (await s.store.readAudit('churn')).at(-1)!;
    assert.deepEqual([last.action, last.target, last.from, last.to, last.reason, last.actor], ['rollback', 'champion', '3', '1', 'v3 misbehaves in production', 'Grace']);
    assert.equal(last.runId, (await s.store.getModelVersion('churn', '1')).runId);
  });

  it('a second rollback undoes the first', async () => {
    const again = await rollback(s.store, { name: 'churn', alias: 'champion', actor });
    assert.deepEqual([again.plan.from, again.plan.to], ['1', '3']);
    assert.equal(await holder('champion'), '3');
  });

  it('cannot roll back an alias with no earlier holder', async () => {
    await assert.rejects(
      rollback(s.store, { name: 'churn', alias: 'shadow', actor }),
      (e: unknown) => e instanceof RegistryError && e.message === "Cannot roll back alias 'shadow' of 'churn': its audit trail records no earlier holder that is still registered (version 2 holds it now).",
    );
  });

  it('protects registry stages too, and records the stage a version left', async () => {
    const blocked = await promote(s.store, rules, { name: 'churn', version: failing, stage: 'production', actor });
    assert.equal(blocked.status, 'blocked');
    assert.match(blocked.message, /^Version 2 of 'churn' cannot enter stage 'Production': gate 'beats_champion' failed: auc 0\.7/);
    assert.equal((await s.store.getModelVersion('churn', failing)).currentStage, 'None');

    const staging = await promote(s.store, rules, { name: 'churn', version: failing, stage: 'Staging', reason: 'unprotected', actor });
    assert.equal(staging.status, 'promoted');
    assert.equal(staging.message, "Version 2 of 'churn' moved from stage None to Staging.");

    assert.equal((await promote(s.store, rules, { name: 'churn', version: passing1, stage: 'Production', reason: 'ship', actor })).status, 'promoted');
    const swap = await promote(s.store, rules, { name: 'churn', version: passing3, stage: 'Production', reason: 'ship v3', actor, archiveExisting: true });
    assert.equal(swap.message, "Version 3 of 'churn' moved from stage None to Production; archived version 1.");
    assert.equal((await s.store.getModelVersion('churn', passing1)).currentStage, 'Archived');
    const entries = (await s.store.readAudit('churn')).slice(-2);
    assert.deepEqual(entries.map((e) => [e.version, e.action, e.target, e.from, e.to, e.reason]), [
      ['3', 'transition-stage', 'Production', 'None', 'Production', 'ship v3'],
      ['1', 'transition-stage', 'Archived', 'Production', 'Archived', 'archived as version 3 entered Production'],
    ]);
  });

  it('history lists every entry oldest first', async () => {
    const entries = await history(s.store, 'churn');
    assert.deepEqual(entries.map((e) => `${e.action} ${e.target} ${e.from}→${e.to}`), [
      'set-alias champion null→1',
      'set-alias shadow null→2',
      'set-alias champion 1→3',
      'rollback champion 3→1',
      'rollback champion 1→3',
      'transition-stage Staging None→Staging',
      'transition-stage Production None→Production',
      'transition-stage Production None→Production',
      'transition-stage Archived Production→Archived',
    ]);
    const times = entries.map((e) => e.at);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('refuses bad input with a message that says what to give', async () => {
    await assert.rejects(promote(s.store, rules, { name: 'churn', version: '9', alias: 'champion', actor }), /^RegistryError: Version 9 of 'churn' does not exist\.$/);
    await assert.rejects(promote(s.store, rules, { name: 'churn', version: 'v1', alias: 'champion', actor }), /'v1' is not a model version: give its number/);
    await assert.rejects(promote(s.store, rules, { name: 'churn', version: '1', stage: 'Prod', actor }), /Unknown stage 'Prod'\. The stages are None, Staging, Production, Archived\./);
    await assert.rejects(promote(s.store, rules, { name: 'churn', version: '1', actor }), /give exactly one of them/);
    await assert.rejects(history(s.store, 'no-such-model'), /Registered model 'no-such-model' does not exist\./);
  });
});
