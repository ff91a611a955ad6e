import * as read from './reads';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import { tagPairs } from './tagPairs';
import { StoreError, type Experiment, type ViewType } from './types';
import * as check from './validate';

// The embedded store's experiments: creation, lifecycle, renames and tags, with MLflow's checks and messages.

export function experiment(sql: SqlRunner, experimentId: string): Experiment {
  const [found] = read.readExperiments(sql, 'experiment_id = ?', [experimentIdNumber(experimentId)]);
  if (!found) throw check.notFound(`Experiment with id '${experimentId}'`);
  return found;
}

export function experimentByName(sql: SqlRunner, name: string): Experiment | undefined {
  return read.readExperiments(sql, 'name = ?', [name])[0];
}

export function searchExperiments(sql: SqlRunner, viewType?: ViewType): Experiment[] {
  return read.readExperiments(sql, `lifecycle_stage ${read.lifecycleFilter(viewType)}`, []);
}

/** `artifactUri` gives the default artifact location of a new experiment from its id. */
export async function createExperiment(
  core: StoreCore, name: string, opts: { artifactLocation?: string; tags?: Record<string, string> }, artifactUri: (experimentId: string) => string,
): Promise<string> {
  check.checkName('Experiment name', name, 256);
  if (core.sql.row('SELECT 1 FROM experiments WHERE name = ?', [name])) {
    throw new StoreError('RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
  }
  const experimentId = (core.sql.row<[number]>('SELECT COALESCE(MAX(experiment_id), -1) + 1 FROM experiments')![0]);
  const artifactLocation = opts.artifactLocation ?? artifactUri(String(experimentId));
  await core.commit({ op: 'createExperiment', experimentId, name, artifactLocation, time: Date.now(), tags: tagPairs(opts.tags) });
  return String(experimentId);
}

export async function deleteExperiment(core: StoreCore, experimentId: string): Promise<void> {
  experiment(core.sql, experimentId);
  if (experimentId === '0') throw check.invalid('The Default experiment cannot be deleted.');
  await core.commit({ op: 'setExperimentLifecycle', experimentId: Number(experimentId), stage: 'deleted', time: Date.now() });
}

export async function restoreExperiment(core: StoreCore, experimentId: string): Promise<void> {
  experiment(core.sql, experimentId);
  await core.commit({ op: 'setExperimentLifecycle', experimentId: Number(experimentId), stage: 'active', time: Date.now() });
}

export async function renameExperiment(core: StoreCore, experimentId: string, newName: string): Promise<void> {
  experiment(core.sql, experimentId);
  check.checkName('Experiment name', newName, 256);
  const other = core.sql.row<[number]>('SELECT experiment_id FROM experiments WHERE name = ?', [newName]);
  if (other && String(other[0]) !== experimentId) throw new StoreError('RESOURCE_ALREADY_EXISTS', `Experiment '${newName}' already exists.`);
  await core.commit({ op: 'renameExperiment', experimentId: Number(experimentId), name: newName, time: Date.now() });
}

export async function setExperimentTag(core: StoreCore, experimentId: string, key: string, value: string): Promise<void> {
  experiment(core.sql, experimentId);
  check.checkKey('Experiment tag', key);
  await core.commit({ op: 'setExperimentTag', experimentId: Number(experimentId), key, value: check.checkTagValue(key, value) });
}

export async function deleteExperimentTag(core: StoreCore, experimentId: string, key: string): Promise<void> {
  const found = experiment(core.sql, experimentId);
  if (found.lifecycleStage !== 'active') throw check.invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${found.lifecycleStage}.`);
  if (!core.sql.row('SELECT 1 FROM experiment_tags WHERE experiment_id = ? AND key = ?', [Number(experimentId), key])) {
    throw new StoreError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${key} in experiment with id ${experimentId}`);
  }
  await core.commit({ op: 'deleteExperimentTag', experimentId: Number(experimentId), key });
}

export function experimentIdNumber(id: string): number {
  const n = Number(id);
  if (typeof id !== 'string' || !/^\d+$/.test(id) || !Number.isSafeInteger(n)) throw check.invalid(`Experiment id must be a number, got ${JSON.stringify(id)}.`);
  return n;
}
