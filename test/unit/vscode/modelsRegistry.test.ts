// The Models view's registry logic without an editor, over a real embedded store: version rows,
// the Promote… choices with protection, the history and gate documents, the champions' label and
// how commands read their arguments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordedGates } from '../../../src/core/pipeline/protection';
import { history } from '../../../src/core/registry/history';
import { promote } from '../../../src/core/registry/promote';
import type { RegisteredModel } from '../../../src/core/store/types';
import { commandTable, type CommandContext } from '../../../src/vscode/commands/commandTable';
import { championLabel } from '../../../src/vscode/registry/championLabel';
import { gateLines, gateSummary } from '../../../src/vscode/registry/gateText';
import { promoteChoices } from '../../../src/vscode/registry/promoteChoices';
import { RegistryCommandId, type RegistryCommandHandlers } from '../../../src/vscode/registry/registryCommandTable';
import { escapeMarkdown, gatesMarkdown, historyMarkdown } from '../../../src/vscode/registry/registryMarkdown';
import { registryTarget } from '../../../src/vscode/registry/registryTargets';
import { modelsChildren, versionRowDescription } from '../../../src/vscode/trees/modelsTreeData';
import { addVersion, openSeededStore, rules, type SeededStore } from '../../fixtures/registry/registrySeed';

const time = (ms: number): string => `t${ms > 0 ? '+' : ''}`;
/** Markdown's backslash escapes read back as the text they stand for. */
const unescape = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('Models view registry logic', () => {
  let s: SeededStore;
  before(async () => {
    s = await openSeededStore();
    await addVersion(s.store, 1, { auc: 0.81 });
    await addVersion(s.store, 2, { auc: 0.7 });
    await promote(s.store, rules, { name: 'churn', version: '1', alias: 'champion', reason: 'first | <b>best</b>', actor: 'Ada <ada@example.com>' });
    await s.store.setRegisteredModelAlias('churn', 'challenger', '2');
    await s.store.transitionModelVersionStage('churn', '1', 'Production');
  });
  after(() => s.close());

  it('a version row reads aliases, stage, source run and creation time', async () => {
    const [model] = await modelsChildren(s.store);
    const versions = await modelsChildren(s.store, model);
    const rows = versions.map((e) => (e.kind === 'version' ? versionRowDescription(e.version, time) : ''));
    const runOf = async (v: string) => (await s.store.getModelVersion('churn', v)).runId.slice(0, 8);
    assert.deepEqual(rows, [`@challenger · run ${await runOf('2')} · t+`, `@champion · Production · run ${await runOf('1')} · t+`]);
  });

  it('Promote… offers protected and existing aliases, a new one and the stages, locking what protection refuses', async () => {
    const version = await s.store.getModelVersion('churn', '2');
    const model = await s.store.getRegisteredModel('churn');
    const { aliases, stages } = promoteChoices(version, model, rules, await recordedGates(version, s.store));
    assert.deepEqual(aliases.map((c) => [c.label, c.description, c.blocked]), [
      ['$(lock) @champion', 'held by v1', true],
      ['@challenger', 'held by this version', false],
      ['$(add) New alias…', 'name an alias', false],
    ]);
    assert.match(aliases[0]!.detail, /^Protected by beats_champion: ✗ failed: auc 0\.7 is not >= 0\.805/);
    assert.equal(aliases[1]!.detail, 'Not protected by mlops.yaml');
    assert.deepEqual(stages.map((c) => [c.label, c.blocked]), [['Staging', false], ['$(lock) Production', true], ['Archived', false]]);

    const passing = await s.store.getModelVersion('churn', '1');
    const forPassing = promoteChoices(passing, model, rules, await recordedGates(passing, s.store));
    assert.equal(forPassing.aliases[0]!.detail, 'Protected by beats_champion: ✓ passed');
    assert.deepEqual(forPassing.stages.map((c) => [c.label, c.description]), [['None', 'leave the registry stages'], ['Staging', ''], ['Production', 'current stage'], ['Archived', '']]);
    const unprotected = promoteChoices(version, model, undefined, new Map());
    assert.ok([...unprotected.aliases, ...unprotected.stages].every((c) => !c.blocked));
  });

  it('gate lines and summary say which gate passed and why one failed', async () => {
    const lines = gateLines(await recordedGates(await s.store.getModelVersion('churn', '2'), s.store));
    assert.deepEqual(lines.map((l) => [l.gate, l.passed]), [['beats_champion', false]]);
    assert.match(lines[0]!.text, /^failed: auc 0\.7 is not >= 0\.805/);
    assert.equal(gateSummary(lines), 'beats_champion ✗');
    assert.equal(gateSummary([]), 'no gate results recorded');
  });

  it('the history document escapes what users wrote and lists the newest entry first', async () => {
    const md = historyMarkdown('churn', await history(s.store, 'churn'), () => '2026-11-26 10:31');
    const rows = md.split('\n').filter((line) => line.startsWith('| 2026'));
    assert.equal(rows.length, 1);
    // Every mark users wrote is backslash-escaped: no raw `<` or `|` of theirs reaches the preview.
    const runId = (await s.store.readAudit('churn'))[0]!.runId;
    assert.equal(unescape(rows[0]!), `| 2026-11-26 10:31 | Ada <ada@example.com> | **@champion v1** | first | <b>best</b> | ${runId!.slice(0, 8)} | 11111111 |`);
    assert.doesNotMatch(rows[0]!, /(?<!\\)[<>]/);
    assert.equal(rows[0]!.split(/(?<!\\)\|/).length, 8, 'seven cells: the reason\'s | is escaped');
    assert.match(historyMarkdown('x', [], String), /No promotion, rollback or stage transition is recorded/);
    assert.equal(escapeMarkdown('a\n[b](javascript:x)'), 'a \\[b\\]\\(javascript\\:x\\)');
  });

  it('the gate results document shows each requirement and the protection of each target', async () => {
    const version = await s.store.getModelVersion('churn', '2');
    const md = gatesMarkdown(version, [...(await recordedGates(version, s.store)).values()], ['@champion: Protected by beats_champion: ✗ failed']);
    assert.match(md, /^# Gate results of churn v2\n/);
    assert.match(md, /## beats\\_champion: ✗ failed/);
    assert.ok(unescape(md).includes('| auc | >= | 0.7 | 0.8 (models:/churn@champion (version 1)) | 0.005 | FAIL: not >= 0.805 |'), md);
  });

  it('the status bar names each model\'s champion, or hides', () => {
    const model = (name: string, aliases: Record<string, string>): RegisteredModel => ({ name, creationTime: 0, lastUpdatedTime: 0, description: '', tags: {}, aliases });
    assert.equal(championLabel([model('fraud', { champion: '1' }), model('churn', { champion: '3', challenger: '4' })])?.text, '$(star) churn v3 · fraud v1');
    assert.equal(championLabel([model('churn', { challenger: '4' })]), undefined);
    const many = championLabel(['a', 'b', 'c', 'd'].map((n) => model(n, { champion: '2' })))!;
    assert.equal(many.text, '$(star) 4 champions');
    assert.match(many.tooltip, /^a: version 2 holds @champion\nb: /);
  });

  it('commands read a tree element, a name, or an object naming the target', () => {
    assert.deepEqual(registryTarget({ kind: 'model', model: { name: 'churn' } }), { name: 'churn' });
    assert.deepEqual(registryTarget({ kind: 'version', version: { name: 'churn', version: '3', aliases: [] } }), { name: 'churn', version: '3' });
    assert.deepEqual(registryTarget({ name: 'churn', version: 3, alias: 'champion', reason: 'ok', junk: {} }), { name: 'churn', version: '3', alias: 'champion', reason: 'ok' });
    assert.deepEqual(registryTarget('churn'), { name: 'churn' });
    for (const nothing of [undefined, null, '', 42, { kind: 'notice' }, { name: '' }]) assert.equal(registryTarget(nothing), undefined);
  });
});

describe('registry commands', () => {
  it('route each command to its registry handler with the row or argument, and are declared in package.json', async () => {
    const calls: string[] = [];
    const record = (name: string) => async (target?: unknown) => void calls.push(`${name} ${JSON.stringify(target)}`);
    const registry: RegistryCommandHandlers = {
      promote: record('promote'), rollBack: record('rollBack'), showHistory: record('showHistory'), showGateResults: record('showGateResults'),
      archive: record('archive'), deleteVersion: record('deleteVersion'), editDescription: record('editDescription'), setTag: record('setTag'),
    };
    const ctx = { registry } as Pick<CommandContext, 'registry'> as CommandContext;
    for (const id of Object.values(RegistryCommandId)) await commandTable[id].handler(ctx)({ name: 'churn', version: '3' });
    assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['promote', 'rollBack', 'showHistory', 'showGateResults', 'archive', 'deleteVersion', 'editDescription', 'setTag']);
    assert.ok(calls.every((c) => c.endsWith(' {"name":"churn","version":"3"}')));

    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const onRows = manifest.contributes.menus['view/item/context']!.filter((m) => m.when?.startsWith('view == mlops.models'));
    for (const id of Object.values(RegistryCommandId)) assert.ok(onRows.some((m) => m.command === id && /viewItem == modelVersion/.test(m.when!)), `${id} on a version row`);
  });
});
