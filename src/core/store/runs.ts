import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { decodePageToken, encodePageToken } from '../search/pageToken';
import { readRuns } from './batchReads';
import { experiment, experimentIdNumber } from './experiments';
import * as models from './loggedModels';
import { readMetricHistory } from './metricHistory';
import type { StoredInput } from './ops';
import * as read from './reads';
import { searchRunIds } from './runSearchPages';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import { tagPairs } from './tagPairs';
import type { DatasetInput, HistoryPage, LogBatch, MetricHistory, ModelOutput, Page, Run, RunInfo, RunStatus, SearchRunsQuery } from './types';
import * as check from './validate';

// The embedded store's runs: creation, updates, lifecycle, logging and search, with MLflow's checks
// and messages. `version` (the store's journal seq) keys the caches of history and search reads.

export function run(sql: SqlRunner, runId: string): RunInfo {
  const info = typeof runId === 'string' ? read.readRunInfo(sql, runId) : undefined;
  if (!info) throw check.notFound(`Run with id '${runId}'`);
  return info;
}

export function activeRun(sql: SqlRunner, runId: string): RunInfo {
  const info = run(sql, runId);
  if (info.lifecycleStage !== 'active') throw check.invalid(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
  return info;
}

export async function createRun(
  core: StoreCore, opts: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags?: Record<string, string> },
): Promise<RunInfo> {
  const exp = experiment(core.sql, opts.experimentId);
  if (exp.lifecycleStage !== 'active') throw check.invalid(`Experiment '${exp.name}' is deleted; restore it to add runs.`);
  const tags = { ...opts.tags };
  const name = opts.runName ?? tags['mlflow.runName'] ?? `run-${Date.now().toString(36)}`;
  if (tags['mlflow.runName'] !== undefined && tags['mlflow.runName'] !== name) throw check.invalid('runName and the mlflow.runName tag disagree.');
  tags['mlflow.runName'] = check.checkName('Run name', name);
  for (const [k, v] of Object.entries(tags)) check.checkTagValue(check.checkKey('Tag', k), v);
  const runId = randomUUID().replace(/-/g, '');
  const startTime = opts.startTime ?? Date.now();
  const userId = opts.userId ?? currentUser();
  const artifactUri = `${exp.artifactLocation}/${runId}/artifacts`;
  await core.commit({ op: 'createRun', runId, experimentId: Number(opts.experimentId), name, userId, startTime, artifactUri, tags: Object.entries(tags) });
  return read.readRunInfo(core.sql, runId)!;
}

export async function updateRun(core: StoreCore, runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
  activeRun(core.sql, runId);
  if (update.status !== undefined && !['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(update.status)) {
    throw check.invalid(`Unknown run status '${update.status}'.`);
  }
  if (update.endTime !== undefined) check.checkInteger('End time', update.endTime);
  if (update.runName !== undefined) check.checkName('Run name', update.runName);
  await core.commit({ op: 'updateRun', runId, status: update.status, endTime: update.endTime, name: update.runName });
  return read.readRunInfo(core.sql, runId)!;
}

export async function deleteRun(core: StoreCore, runId: string): Promise<void> {
  run(core.sql, runId);
  await core.commit({ op: 'setRunLifecycle', runId, stage: 'deleted', time: Date.now() });
}

export async function restoreRun(core: StoreCore, runId: string): Promise<void> {
  run(core.sql, runId);
  await core.commit({ op: 'setRunLifecycle', runId, stage: 'active', time: null });
}

export function getRun(sql: SqlRunner, runId: string): Run {
  const found = read.readRun(sql, runId, { modelInputs: true });
  if (!found) throw check.notFound(`Run with id '${runId}'`);
  return found;
}

export async function logBatch(core: StoreCore, runId: string, batch: LogBatch): Promise<void> {
  const info = activeRun(core.sql, runId);
  const metrics = (batch.metrics ?? []).map(check.toStoredPoint);
  const modelMetrics = models.modelMetrics(core.sql, batch.metrics ?? []);
  const params = (batch.params ?? []).map(({ key, value }): [string, string] => [check.checkKey('Param', key), check.checkParamValue(key, value)]);
  const tags = (batch.tags ?? []).map(({ key, value }): [string, string] => [check.checkKey('Tag', key), check.checkTagValue(key, value)]);
  for (const [key, value] of params) {
    const existing = core.sql.row<[string]>('SELECT value FROM params WHERE run_uuid = ? AND key = ?', [runId, key]);
    if (existing && existing[0] !== value) {
      throw check.invalid(`Changing param values is not allowed. Param '${key}' was already logged with value '${existing[0]}' for run '${runId}'; attempted '${value}'.`);
    }
  }
  const linked = modelMetrics.length > 0 ? { experimentId: Number(info.experimentId), modelMetrics } : {};
  await core.commit({ op: 'logBatch', runId, metrics, params, tags, ...linked });
}

export async function deleteTag(core: StoreCore, runId: string, key: string): Promise<void> {
  activeRun(core.sql, runId);
  if (!core.sql.row('SELECT 1 FROM tags WHERE run_uuid = ? AND key = ?', [runId, key])) throw check.notFound(`Tag '${key}' of run '${runId}'`);
  await core.commit({ op: 'deleteTag', runId, key });
}

export async function logInputs(core: StoreCore, runId: string, inputs: DatasetInput[], modelInputs: string[]): Promise<void> {
  const info = activeRun(core.sql, runId);
  const stored: StoredInput[] = inputs.map(({ dataset, tags }) => ({
    inputUuid: randomUUID().replace(/-/g, ''),
    datasetUuid: randomUUID().replace(/-/g, ''),
    name: check.checkName('Dataset name', dataset.name, 500),
    digest: check.checkName('Dataset digest', dataset.digest, 36),
    sourceType: check.checkName('Dataset source type', dataset.sourceType, 36),
    source: check.checkString('Dataset source', dataset.source, 65535),
    schema: dataset.schema ?? null,
    profile: dataset.profile ?? null,
    tags: tagPairs(tags),
  }));
  const linked = modelInputs.map((id): [string, string] => [randomUUID().replace(/-/g, ''), check.checkName('Model id', id, 36)]);
  await core.commit({ op: 'logInputs', runId, experimentId: Number(info.experimentId), inputs: stored, ...(linked.length > 0 && { models: linked }) });
}

export async function logOutputs(core: StoreCore, runId: string, outputs: ModelOutput[]): Promise<void> {
  activeRun(core.sql, runId);
  await models.logOutputs(core, runId, outputs);
}

export function metricHistory(sql: SqlRunner, runId: string, key: string, page: HistoryPage | undefined, version: number): MetricHistory {
  run(sql, runId);
  if (page) {
    check.checkInteger('History offset', page.offset);
    check.checkInteger('History page size', page.maxResults);
  }
  return readMetricHistory(sql, runId, key, page, version);
}

export function searchRuns(sql: SqlRunner, query: SearchRunsQuery, version: number): Page<Run> {
  const maxResults = query.maxResults ?? 1000;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 50000) throw check.invalid(`maxResults must be between 1 and 50000, got ${maxResults}.`);
  const offset = decodePageToken(query.pageToken);
  const ids = searchRunIds(sql, { ...query, experimentIds: query.experimentIds.map((id) => String(experimentIdNumber(id))) }, offset, maxResults + 1, version);
  const items = readRuns(sql, ids.slice(0, maxResults));
  return ids.length > maxResults ? { items, nextPageToken: encodePageToken(offset + maxResults) } : { items };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
