import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rejectsWithCode, type ContractContext } from './rejects';

// The registry edits of the store contract: renames, tags on models and versions, latest versions
// per stage, download URIs, versions made from logged models, experiment tag deletion. Every
// expectation here is what MLflow 3.17.2's own server answers (backend (c) proves it).

export function registryContract({ store, unique, newExperiment, newRun }: ContractContext): void {
  const modelWithVersions = async (count: number) => {
    const model = unique('model');
    await store().createRegisteredModel(model);
    const run = await newRun();
    for (let i = 1; i <= count; i++) await store().createModelVersion({ name: model, source: `runs:/${run.runId}/model-${i}`, runId: run.runId });
    return { model, run };
  };

  describe('registry edits', () => {
    test('rename: versions, tags and aliases move with the model; the old name is gone; a taken name is refused', async () => {
      const { model } = await modelWithVersions(2);
      await store().setRegisteredModelTag(model, 'team', 'growth');
      await store().setModelVersionTag(model, '2', 'validated', 'yes');
      await store().setRegisteredModelAlias(model, 'champion', '2');
      const renamed = unique('renamed');
      const answer = await store().renameRegisteredModel(model, renamed);
      assert.equal(answer.name, renamed);
      const got = await store().getRegisteredModel(renamed);
      assert.deepEqual(got.tags, { team: 'growth' });
      assert.deepEqual(got.aliases, { champion: '2' });
      assert.deepEqual((await store().searchModelVersions({ name: renamed })).map((v) => [v.name, v.version]), [[renamed, '2'], [renamed, '1']]);
      const v2 = await store().getModelVersion(renamed, '2');
      assert.deepEqual([v2.tags, v2.aliases], [{ validated: 'yes' }, ['champion']]);
      assert.equal((await store().getModelVersionByAlias(renamed, 'champion')).version, '2');
      await rejectsWithCode(store().getRegisteredModel(model), 'RESOURCE_DOES_NOT_EXIST');
      const other = unique('other');
      await store().createRegisteredModel(other);
      await rejectsWithCode(store().renameRegisteredModel(renamed, other), 'RESOURCE_ALREADY_EXISTS');
      await rejectsWithCode(store().renameRegisteredModel(unique('missing'), unique('x')), 'RESOURCE_DOES_NOT_EXIST');
      await rejectsWithCode(store().renameRegisteredModel(other, 'a/b'), 'INVALID_PARAMETER_VALUE');
    });

    test('registered model tags: set, overwrite, delete; deleting a missing tag is fine', async () => {
      const { model } = await modelWithVersions(0);
      await store().setRegisteredModelTag(model, 'owner', 'ana');
      await store().setRegisteredModelTag(model, 'owner', 'ben');
      await store().setRegisteredModelTag(model, 'note', '<b>x</b>');
      assert.deepEqual((await store().getRegisteredModel(model)).tags, { owner: 'ben', note: '<b>x</b>' });
      await store().deleteRegisteredModelTag(model, 'owner');
      await store().deleteRegisteredModelTag(model, 'never-set');
      assert.deepEqual((await store().getRegisteredModel(model)).tags, { note: '<b>x</b>' });
      await rejectsWithCode(store().setRegisteredModelTag(unique('missing'), 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('model version tags: set, overwrite, delete; a missing version is RESOURCE_DOES_NOT_EXIST', async () => {
      const { model } = await modelWithVersions(2);
      await store().setModelVersionTag(model, '1', 'validated', 'no');
      await store().setModelVersionTag(model, '1', 'validated', 'yes');
      await store().setModelVersionTag(model, '1', 'gate', 'passed');
      assert.deepEqual((await store().getModelVersion(model, '1')).tags, { validated: 'yes', gate: 'passed' });
      assert.deepEqual((await store().getModelVersion(model, '2')).tags, {});
      await store().deleteModelVersionTag(model, '1', 'gate');
      await store().deleteModelVersionTag(model, '1', 'never-set');
      assert.deepEqual((await store().getModelVersion(model, '1')).tags, { validated: 'yes' });
      await rejectsWithCode(store().setModelVersionTag(model, '9', 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
      await rejectsWithCode(store().deleteModelVersionTag(model, '9', 'k'), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('latest versions: the newest per stage, stages in the order their lowest version holds them, with aliases', async () => {
      const { model } = await modelWithVersions(4);
      await store().transitionModelVersionStage(model, '1', 'Production');
      await store().transitionModelVersionStage(model, '2', 'Staging');
      await store().transitionModelVersionStage(model, '4', 'Staging');
      await store().setRegisteredModelAlias(model, 'challenger', '4');
      const all = await store().getLatestVersions(model);
      assert.deepEqual(all.map((v) => [v.version, v.currentStage]), [['1', 'Production'], ['4', 'Staging'], ['3', 'None']]);
      assert.deepEqual(all[1].aliases, ['challenger']);
      assert.deepEqual((await store().getLatestVersions(model, ['staging'])).map((v) => v.version), ['4']);
      assert.deepEqual(await store().getLatestVersions(model, ['Archived']), []);
      await rejectsWithCode(store().getLatestVersions(unique('missing')), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('download URI: the source of a runs:/ version', async () => {
      const { model, run } = await modelWithVersions(1);
      assert.equal(await store().getModelVersionDownloadUri(model, '1'), `runs:/${run.runId}/model-1`);
      await rejectsWithCode(store().getModelVersionDownloadUri(model, '7'), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('a version from a logged model takes its run and files, and the logged model lists the version', async () => {
      const experimentId = await newExperiment();
      const run = await newRun(experimentId);
      const logged = await store().createLoggedModel({ experimentId, name: 'model', sourceRunId: run.runId });
      await store().finalizeLoggedModel(logged.modelId, 'READY');
      const model = unique('model');
      await store().createRegisteredModel(model);
      const v1 = await store().createModelVersion({ name: model, source: `models:/${logged.modelId}`, modelId: logged.modelId });
      assert.deepEqual([v1.version, v1.source, v1.runId, v1.runLink], ['1', `models:/${logged.modelId}`, run.runId, '']);
      assert.equal(await store().getModelVersionDownloadUri(model, '1'), logged.artifactLocation);
      const v2 = await store().createModelVersion({ name: model, source: `models:/${logged.modelId}`, modelId: logged.modelId });
      assert.equal(v2.version, '2');
      assert.equal((await store().getLoggedModel(logged.modelId)).tags['mlflow.modelVersions'], `[{"name": "${model}", "version": 1}, {"name": "${model}", "version": 2}]`);
    });

    test('search registered models: filter on name and tags, prompts left out, order by name or last update', async () => {
      const prefix = unique('found');
      const names = ['b', 'a', 'c', 'p'].map((s) => `${prefix}-${s}`);
      for (const name of names) await store().createRegisteredModel(name, { tags: { team: name.endsWith('c') ? 'risk' : 'growth' } });
      await store().setRegisteredModelTag(names[3], 'mlflow.prompt.is_prompt', 'true');
      await store().setRegisteredModelTag(names[0], 'touched', 'yes'); // a tag write leaves last_updated_timestamp alone
      await store().updateRegisteredModel(names[1], 'updated last');
      const search = async (filter: string, orderBy?: string[]) => (await store().searchRegisteredModels({ filter, orderBy, maxResults: 100 })).items.map((m) => m.name);
      assert.deepEqual(await search(`name LIKE '${prefix}-%'`), names.slice(0, 3).sort());
      assert.deepEqual(await search(`name LIKE '${prefix}-%' AND tags.team = 'growth'`), [names[1], names[0]]);
      assert.deepEqual(await search(`name LIKE '${prefix}-%' AND tag.\`mlflow.prompt.is_prompt\` != 'true'`), names.slice(0, 3).sort());
      assert.deepEqual(await search(`name LIKE '${prefix}-%' AND tags.\`mlflow.prompt.is_prompt\` = 'true'`), [names[3]]);
      assert.deepEqual(await search(`name = '${names[2]}'`), [names[2]]);
      assert.deepEqual((await search(`name LIKE '${prefix}-%'`, ['last_updated_timestamp DESC']))[0], names[1]);
      assert.deepEqual(await search(`name LIKE '${prefix}-%'`, ['name DESC']), names.slice(0, 3).sort().reverse());
      await rejectsWithCode(store().searchRegisteredModels({ filter: "version = '1'" }), 'INVALID_PARAMETER_VALUE');
    });

    test('edits: rename an experiment, describe a model and a version, delete a version with its aliases', async () => {
      const id = await newExperiment();
      const newName = unique('renamed-exp');
      await store().renameExperiment(id, newName);
      assert.equal((await store().getExperiment(id)).name, newName);
      const { model } = await modelWithVersions(2);
      assert.equal((await store().updateRegisteredModel(model, 'the churn model')).description, 'the churn model');
      assert.equal((await store().updateModelVersion(model, '1', 'first try')).description, 'first try');
      await store().setRegisteredModelAlias(model, 'champion', '2');
      await store().deleteModelVersion(model, '2');
      await rejectsWithCode(store().getModelVersion(model, '2'), 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual((await store().searchModelVersions({ name: model })).map((v) => v.version), ['1']);
      assert.deepEqual((await store().getRegisteredModel(model)).aliases, {});
      await rejectsWithCode(store().deleteModelVersion(model, '2'), 'RESOURCE_DOES_NOT_EXIST');
    });

    test('experiment tags: delete one; a missing one is RESOURCE_DOES_NOT_EXIST', async () => {
      const id = await store().createExperiment(unique('exp'), { tags: { keep: 'a', drop: 'b' } });
      await store().deleteExperimentTag(id, 'drop');
      assert.deepEqual((await store().getExperiment(id)).tags, { keep: 'a' });
      await rejectsWithCode(store().deleteExperimentTag(id, 'drop'), 'RESOURCE_DOES_NOT_EXIST');
    });
  });
}
