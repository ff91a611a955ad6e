import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { decodePageToken, encodePageToken } from '../search/pageToken';
import { readRuns } from './batchReads';
import { readMetricHistory } from './metricHistory';
import { searchRunIds } from './runSearchPages';
import { backUp, removeUnfinishedCheckpoints, writeDbFile, type DbFileStamp } from './dbFile';
import { JournalWriter } from './journal';
import { artifactRootUri, loadStore, STORE_FILES, tunePragmas } from './loadStore';
import { StoreLock } from './lock';
import { applyOp, type Op, type StoredInput } from './ops';
import { checkAuditEntry, readAudit, type AuditEntry, type AuditTrail } from './audit';
import type { LineageEdge } from '../lineage/edges';
import * as models from './loggedModels';
import * as read from './reads';
import { searchRegisteredModelNames } from './registeredModelSearch';
import * as registry from './registryEdits';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import * as check from './validate';
import {
  StoreError, type CreateModelVersion, type DatasetInput, type Experiment, type HistoryPage, type LogBatch, type LoggedModel, type MetricHistory, type ModelOutput,
  type ModelStage, type ModelVersion, type Page, type RegisteredModel, type Run, type RunInfo, type RunStatus, type SearchLoggedModelsQuery, type SearchRunsQuery,
  type StoreEdits, type TrackingStore, type ViewType,
} from './types';

// The embedded store: MLflow's schema in sql.js, made durable by a journal (journal.ts) and
// checkpoints (dbFile.ts), written by one process at a time (lock.ts).
//
// Invariants:
// - The state is always `mlflow.db` + the journal records whose seq exceeds its `journal_seq`.
// - A write is applied in memory inside a savepoint (a failed write changes nothing), then journaled;
//   its promise resolves only once the journal record is on stable storage.
// - The writer keeps one SQLite transaction open between checkpoints: durability comes from the
//   journal, and committing per write would only copy pages inside sql.js's in-memory file.
// - Only the lock holder writes the files. Read-only opens take no lock and write nothing.

export type PipelineRunRecord = Omit<Extract<Op, { op: 'recordPipelineRun' }>, 'op'>;
export type StageExecutionRecord = Omit<Extract<Op, { op: 'recordStageExecution' }>, 'op'>;

/** What a store keeps beyond MLflow's tables; the embedded store has it, a remote MLflow server does not. */
export interface PipelineLedger {
  recordPipelineRun(r: PipelineRunRecord): Promise<void>;
  recordStageExecution(r: StageExecutionRecord): Promise<void>;
  /** The stage's latest FINISHED execution that recorded a fingerprint: the run that produced its outputs. */
  lastSuccessfulExecution(stage: string): Promise<StageExecutionRecord | undefined>;
  /** Lineage edges of a stage run (lineage/edges.ts); edges already recorded are kept as they were. */
  recordLineageEdges(edges: LineageEdge[]): Promise<void>;
}

export interface OpenOptions {
  /** Load a snapshot without taking the writer lock; writes throw. */
  readOnly?: boolean;
  /** Checkpoint once the journal holds this many bytes (default 64 MiB). */
  checkpointBytes?: number;
}

export { STORE_FILES };

export async function openEmbeddedStore(storeDir: string, opts: OpenOptions = {}): Promise<EmbeddedStore> {
  return EmbeddedStore.open(storeDir, opts);
}

export class EmbeddedStore implements TrackingStore, StoreEdits, PipelineLedger, AuditTrail {
  private constructor(
    readonly dir: string,
    private readonly sql: SqlRunner,
    private seq: number,
    private stamp: DbFileStamp | undefined,
    private readonly journal: JournalWriter | undefined,
    private readonly lock: StoreLock | undefined,
    private readonly checkpointBytes: number,
  ) {}

  /** Set by fromDatabase: what the store reads, in the user's words. */
  private label: string | undefined;

  get description(): string {
    return this.label ?? `embedded store ${this.dir}${this.journal ? '' : ' (read-only)'}`;
  }

  /**
   * A read-only store over a database already in memory, in this MLflow version's schema (plus the
   * workbench's tables); writes throw. src/core/mlflowData opens existing MLflow data this way.
   */
  static fromDatabase(sql: SqlRunner, opts: { dir: string; description: string }): EmbeddedStore {
    const store = new EmbeddedStore(opts.dir, sql, 0, undefined, undefined, undefined, 0);
    store.label = opts.description;
    return store;
  }

  get readOnly(): boolean {
    return this.journal === undefined;
  }

  /** The token other processes present to this owner's REST server (empty when read-only). */
  get token(): string {
    return this.lock?.info.token ?? '';
  }

  /** Records the owner's REST server port in the lock file, where other processes look for it. */
  recordServerPort(port: number): void {
    this.writable();
    this.lock!.setPort(port);
  }

  static async open(dir: string, opts: OpenOptions): Promise<EmbeddedStore> {
    dir = path.resolve(dir);
    const file = (name: string) => path.join(dir, name);
    if (!opts.readOnly) fs.mkdirSync(file(STORE_FILES.artifacts), { recursive: true, mode: 0o700 });
    const lock = opts.readOnly ? undefined : StoreLock.acquire(file(STORE_FILES.lock));
    try {
      if (lock) removeUnfinishedCheckpoints(file(STORE_FILES.database));
      const { sql, seq, stamp, journalBytes } = await loadStore(dir);
      if (opts.readOnly) return new EmbeddedStore(dir, sql, seq, stamp, undefined, undefined, 0);
      const journalFile = file(STORE_FILES.journal);
      if (journalBytes.torn > 0) backUp(journalFile); // an unacknowledged tail left by a crash: kept aside, then cut
      const writer = new JournalWriter(journalFile, journalBytes.valid);
      const store = new EmbeddedStore(dir, sql, seq, stamp, writer, lock, opts.checkpointBytes ?? 64 * 2 ** 20);
      sql.db.exec('BEGIN');
      if (!stamp) store.checkpoint(); // a new store is a valid MLflow database from the start
      return store;
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /** Folds the journal into `mlflow.db` (temp file, fsync, rename), then empties the journal. */
  checkpoint(): void {
    const journal = this.writable();
    this.sql.run("INSERT OR REPLACE INTO mlops_store_meta (key, value) VALUES ('journal_seq', ?)", [String(this.seq)]);
    this.sql.db.exec('COMMIT');
    this.sql.reset(); // sql.js frees every prepared statement on export
    const bytes = this.sql.db.export();
    tunePragmas(this.sql.db); // export reopens the database with default pragmas
    this.sql.db.exec('BEGIN');
    this.stamp = writeDbFile(path.join(this.dir, STORE_FILES.database), bytes, this.stamp);
    journal.reset();
  }

  async close(): Promise<void> {
    try {
      if (this.journal) {
        await this.journal.flush();
        if (this.journal.pendingBytes > 0) this.checkpoint();
        this.journal.close();
      }
    } finally {
      this.lock?.release();
      this.sql.reset();
      this.sql.db.close();
    }
  }

  // Experiments

  async createExperiment(name: string, opts: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    check.checkName('Experiment name', name, 256);
    if (this.sql.row('SELECT 1 FROM experiments WHERE name = ?', [name])) {
      throw new StoreError('RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
    }
    const experimentId = (this.sql.row<[number]>('SELECT COALESCE(MAX(experiment_id), -1) + 1 FROM experiments')![0]);
    const artifactLocation = opts.artifactLocation ?? this.artifactUri(String(experimentId));
    await this.commit({ op: 'createExperiment', experimentId, name, artifactLocation, time: Date.now(), tags: tagPairs(opts.tags) });
    return String(experimentId);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const [experiment] = read.readExperiments(this.sql, 'experiment_id = ?', [experimentIdNumber(experimentId)]);
    if (!experiment) throw check.notFound(`Experiment with id '${experimentId}'`);
    return experiment;
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return read.readExperiments(this.sql, 'name = ?', [name])[0];
  }

  async searchExperiments(opts: { viewType?: ViewType } = {}): Promise<Experiment[]> {
    return read.readExperiments(this.sql, `lifecycle_stage ${read.lifecycleFilter(opts.viewType)}`, []);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.getExperiment(experimentId);
    if (experimentId === '0') throw check.invalid('The Default experiment cannot be deleted.');
    await this.commit({ op: 'setExperimentLifecycle', experimentId: Number(experimentId), stage: 'deleted', time: Date.now() });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.getExperiment(experimentId);
    await this.commit({ op: 'setExperimentLifecycle', experimentId: Number(experimentId), stage: 'active', time: Date.now() });
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.getExperiment(experimentId);
    check.checkName('Experiment name', newName, 256);
    const other = this.sql.row<[number]>('SELECT experiment_id FROM experiments WHERE name = ?', [newName]);
    if (other && String(other[0]) !== experimentId) throw new StoreError('RESOURCE_ALREADY_EXISTS', `Experiment '${newName}' already exists.`);
    await this.commit({ op: 'renameExperiment', experimentId: Number(experimentId), name: newName, time: Date.now() });
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.getExperiment(experimentId);
    check.checkKey('Experiment tag', key);
    await this.commit({ op: 'setExperimentTag', experimentId: Number(experimentId), key, value: check.checkTagValue(key, value) });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    const experiment = await this.getExperiment(experimentId);
    if (experiment.lifecycleStage !== 'active') throw check.invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`);
    if (!this.sql.row('SELECT 1 FROM experiment_tags WHERE experiment_id = ? AND key = ?', [Number(experimentId), key])) {
      throw new StoreError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${key} in experiment with id ${experimentId}`);
    }
    await this.commit({ op: 'deleteExperimentTag', experimentId: Number(experimentId), key });
  }

  // Runs

  async createRun(opts: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags?: Record<string, string> }): Promise<RunInfo> {
    const experiment = await this.getExperiment(opts.experimentId);
    if (experiment.lifecycleStage !== 'active') throw check.invalid(`Experiment '${experiment.name}' is deleted; restore it to add runs.`);
    const tags = { ...opts.tags };
    const name = opts.runName ?? tags['mlflow.runName'] ?? `run-${Date.now().toString(36)}`;
    if (tags['mlflow.runName'] !== undefined && tags['mlflow.runName'] !== name) throw check.invalid('runName and the mlflow.runName tag disagree.');
    tags['mlflow.runName'] = check.checkName('Run name', name);
    for (const [k, v] of Object.entries(tags)) check.checkTagValue(check.checkKey('Tag', k), v);
    const runId = randomUUID().replace(/-/g, '');
    const startTime = opts.startTime ?? Date.now();
    const userId = opts.userId ?? currentUser();
    const artifactUri = `${experiment.artifactLocation}/${runId}/artifacts`;
    await this.commit({ op: 'createRun', runId, experimentId: Number(opts.experimentId), name, userId, startTime, artifactUri, tags: Object.entries(tags) });
    return read.readRunInfo(this.sql, runId)!;
  }

  async updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    this.activeRun(runId);
    if (update.status !== undefined && !['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(update.status)) {
      throw check.invalid(`Unknown run status '${update.status}'.`);
    }
    if (update.endTime !== undefined) check.checkInteger('End time', update.endTime);
    if (update.runName !== undefined) check.checkName('Run name', update.runName);
    await this.commit({ op: 'updateRun', runId, status: update.status, endTime: update.endTime, name: update.runName });
    return read.readRunInfo(this.sql, runId)!;
  }

  async deleteRun(runId: string): Promise<void> {
    this.run(runId);
    await this.commit({ op: 'setRunLifecycle', runId, stage: 'deleted', time: Date.now() });
  }

  async restoreRun(runId: string): Promise<void> {
    this.run(runId);
    await this.commit({ op: 'setRunLifecycle', runId, stage: 'active', time: null });
  }

  async getRun(runId: string): Promise<Run> {
    const run = read.readRun(this.sql, runId, { modelInputs: true });
    if (!run) throw check.notFound(`Run with id '${runId}'`);
    return run;
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    const info = this.activeRun(runId);
    const metrics = (batch.metrics ?? []).map(check.toStoredPoint);
    const modelMetrics = models.modelMetrics(this.sql, batch.metrics ?? []);
    const params = (batch.params ?? []).map(({ key, value }): [string, string] => [check.checkKey('Param', key), check.checkParamValue(key, value)]);
    const tags = (batch.tags ?? []).map(({ key, value }): [string, string] => [check.checkKey('Tag', key), check.checkTagValue(key, value)]);
    for (const [key, value] of params) {
      const existing = this.sql.row<[string]>('SELECT value FROM params WHERE run_uuid = ? AND key = ?', [runId, key]);
      if (existing && existing[0] !== value) {
        throw check.invalid(`Changing param values is not allowed. Param '${key}' was already logged with value '${existing[0]}' for run '${runId}'; attempted '${value}'.`);
      }
    }
    const linked = modelMetrics.length > 0 ? { experimentId: Number(info.experimentId), modelMetrics } : {};
    await this.commit({ op: 'logBatch', runId, metrics, params, tags, ...linked });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    this.activeRun(runId);
    if (!this.sql.row('SELECT 1 FROM tags WHERE run_uuid = ? AND key = ?', [runId, key])) throw check.notFound(`Tag '${key}' of run '${runId}'`);
    await this.commit({ op: 'deleteTag', runId, key });
  }

  async logInputs(runId: string, inputs: DatasetInput[], modelInputs: string[] = []): Promise<void> {
    const info = this.activeRun(runId);
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
    await this.commit({ op: 'logInputs', runId, experimentId: Number(info.experimentId), inputs: stored, ...(linked.length > 0 && { models: linked }) });
  }

  async logOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    this.activeRun(runId);
    await models.logOutputs(this.core, runId, outputs);
  }

  async getMetricHistory(runId: string, key: string, page?: HistoryPage): Promise<MetricHistory> {
    this.run(runId);
    if (page) {
      check.checkInteger('History offset', page.offset);
      check.checkInteger('History page size', page.maxResults);
    }
    return readMetricHistory(this.sql, runId, key, page, this.seq);
  }

  async searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    const maxResults = query.maxResults ?? 1000;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 50000) throw check.invalid(`maxResults must be between 1 and 50000, got ${maxResults}.`);
    const offset = decodePageToken(query.pageToken);
    const ids = searchRunIds(this.sql, { ...query, experimentIds: query.experimentIds.map((id) => String(experimentIdNumber(id))) }, offset, maxResults + 1, this.seq);
    const items = readRuns(this.sql, ids.slice(0, maxResults));
    return ids.length > maxResults ? { items, nextPageToken: encodePageToken(offset + maxResults) } : { items };
  }

  // Registry

  async createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): Promise<RegisteredModel> {
    check.checkModelName(name);
    if (read.readRegisteredModel(this.sql, name)) throw new StoreError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
    await this.commit({ op: 'createRegisteredModel', name, time: Date.now(), description: opts.description ?? '', tags: tagPairs(opts.tags) });
    return read.readRegisteredModel(this.sql, name)!;
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const model = read.readRegisteredModel(this.sql, name);
    if (!model) throw check.notFound(`Registered Model with name=${name}`);
    return model;
  }

  async searchRegisteredModels(opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string } = {}): Promise<Page<RegisteredModel>> {
    const maxResults = opts.maxResults ?? 100;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 1000) throw check.invalid(`maxResults must be between 1 and 1000, got ${maxResults}.`);
    const { names, nextPageToken } = searchRegisteredModelNames(this.sql, { ...opts, maxResults });
    const items = names.map((n) => read.readRegisteredModel(this.sql, n)!);
    return nextPageToken ? { items, nextPageToken } : { items };
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.getRegisteredModel(name);
    await this.commit({ op: 'deleteRegisteredModel', name });
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    await this.getRegisteredModel(name);
    await this.commit({ op: 'updateRegisteredModel', name, description: check.checkString('Description', description, 5000), time: Date.now() });
    return this.getRegisteredModel(name);
  }

  async createModelVersion(opts: CreateModelVersion): Promise<ModelVersion> {
    await this.getRegisteredModel(opts.name);
    if (opts.runId) this.run(opts.runId);
    check.checkString('Model source', opts.source, 500);
    if (opts.modelId !== undefined) check.checkName('Model id', opts.modelId, 36);
    const { source, runId, storageLocation } = registry.planModelVersion(this.sql, opts);
    const tags = tagPairs(opts.tags);
    const version = this.sql.row<[number]>("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE workspace = 'default' AND name = ?", [opts.name])![0];
    await this.commit({
      op: 'createModelVersion', name: opts.name, version, time: Date.now(), source, runId, description: opts.description ?? '', userId: null, tags,
      storageLocation, runLink: check.checkString('Run link', opts.runLink ?? '', 500),
    });
    // As MLflow's server: a second write, after the version exists, listing it on the logged model.
    if (opts.modelId) await models.tagModelVersion(this.core, opts.modelId, opts.name, version);
    return read.readModelVersion(this.sql, opts.name, version)!;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const mv = read.readModelVersion(this.sql, name, versionNumber(version));
    if (!mv) throw check.notFound(`Model Version (name=${name}, version=${version})`);
    return mv;
  }

  async searchModelVersions(opts: { name: string }): Promise<ModelVersion[]> {
    const versions = this.sql.rows<[number]>("SELECT version FROM model_versions WHERE workspace = 'default' AND name = ? ORDER BY version DESC", [opts.name]);
    return versions.map(([v]) => read.readModelVersion(this.sql, opts.name, v)!);
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    await this.getModelVersion(name, version);
    await this.commit({ op: 'updateModelVersion', name, version: versionNumber(version), description: check.checkString('Description', description, 5000), time: Date.now() });
    return this.getModelVersion(name, version);
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.getModelVersion(name, version);
    await this.commit({ op: 'deleteModelVersion', name, version: versionNumber(version), time: Date.now() });
  }

  async transitionModelVersionStage(name: string, version: string, stage: ModelStage, archiveExistingVersions = false): Promise<ModelVersion> {
    await this.getModelVersion(name, version);
    // As MLflow: stage names in any case; archiving others only when moving to Staging or Production.
    const canonical = (['None', 'Staging', 'Production', 'Archived'] as const).find((s) => s.toLowerCase() === String(stage).toLowerCase());
    if (!canonical) throw check.invalid(`Invalid Model Version stage: ${stage}. Value must be one of None, Staging, Production, Archived.`);
    if (archiveExistingVersions && (canonical === 'None' || canonical === 'Archived')) {
      throw check.invalid(`Model version transition cannot archive existing model versions because '${canonical}' is not an Active stage. Valid stages are Staging and Production.`);
    }
    await this.commit({ op: 'transitionStage', name, version: versionNumber(version), stage: canonical, archiveExisting: archiveExistingVersions, time: Date.now() });
    return this.getModelVersion(name, version);
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.getModelVersion(name, version);
    checkAlias(alias);
    await this.commit({ op: 'setAlias', name, alias, version: versionNumber(version) });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.getRegisteredModel(name);
    await this.commit({ op: 'deleteAlias', name, alias });
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    return registry.latestVersions(this.sql, name, stages);
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return registry.downloadUri(this.sql, name, version);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return registry.renameRegisteredModel(this.core, name, newName);
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await registry.setRegisteredModelTag(this.core, name, key, value);
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await registry.deleteRegisteredModelTag(this.core, name, key);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await registry.setModelVersionTag(this.core, name, version, key, value);
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await registry.deleteModelVersionTag(this.core, name, version, key);
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    await this.getRegisteredModel(name);
    const row = this.sql.row<[number]>("SELECT version FROM registered_model_aliases WHERE workspace = 'default' AND name = ? AND alias = ?", [name, alias]);
    if (!row) throw check.invalid(`Registered model alias ${alias} not found.`); // MLflow's code and message: INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST
    return read.readModelVersion(this.sql, name, row[0])!;
  }

  // Logged models (MLflow 3)

  async createLoggedModel(opts: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: Record<string, string>; tags?: Record<string, string> }): Promise<LoggedModel> {
    await this.getExperiment(opts.experimentId);
    if (opts.sourceRunId) this.run(opts.sourceRunId);
    const modelId = `m-${randomUUID().replace(/-/g, '')}`;
    const experiment = await this.getExperiment(opts.experimentId);
    await this.commit({
      op: 'createLoggedModel', modelId, experimentId: Number(opts.experimentId), name: check.checkName('Model name', opts.name, 500),
      artifactLocation: `${experiment.artifactLocation}/models/${modelId}/artifacts`, time: Date.now(), sourceRunId: opts.sourceRunId ?? null,
      modelType: opts.modelType ?? null, params: tagPairs(opts.params), tags: tagPairs(opts.tags),
    });
    return read.readLoggedModel(this.sql, modelId)!;
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return models.loggedModel(this.sql, modelId);
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<LoggedModel> {
    models.loggedModel(this.sql, modelId, { allowDeleted: true });
    if (status !== 'READY' && status !== 'FAILED') throw check.invalid(`A logged model is finalized as READY or FAILED, not ${status}.`);
    await this.commit({ op: 'finalizeLoggedModel', modelId, status: read.LOGGED_MODEL_STATUS_CODE[status], time: Date.now() });
    return models.loggedModel(this.sql, modelId, { allowDeleted: true });
  }

  async searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    return models.searchLoggedModels(this.sql, query);
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    await models.deleteLoggedModel(this.core, modelId);
  }

  async setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    await models.setLoggedModelTags(this.core, modelId, tags);
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    await models.deleteLoggedModelTag(this.core, modelId, key);
  }

  async logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void> {
    await models.logLoggedModelParams(this.core, modelId, params);
  }

  // The registry's audit trail (audit.ts)

  async recordAudit(e: AuditEntry): Promise<void> {
    await this.commit({ op: 'recordAudit', entry: checkAuditEntry(e) });
  }

  async readAudit(modelName: string): Promise<AuditEntry[]> {
    return readAudit(this.sql, modelName);
  }

  // The workbench's own ledger (see workbenchSchema.ts)

  async recordPipelineRun(r: PipelineRunRecord): Promise<void> {
    this.run(r.runId);
    await this.commit({ op: 'recordPipelineRun', ...r });
  }

  async recordStageExecution(r: StageExecutionRecord): Promise<void> {
    await this.commit({ op: 'recordStageExecution', ...r });
  }

  async lastSuccessfulExecution(stage: string): Promise<StageExecutionRecord | undefined> {
    const row = this.sql.row<[string, string, string, string, string | null, number | null, number | null, number | null, string | null, string | null]>(
      `SELECT pipeline_run_uuid, stage, run_uuid, status, reason, started_at, ended_at, exit_code, cached_from, fingerprint FROM mlops_stage_executions
       WHERE stage = ? AND status = 'FINISHED' AND fingerprint IS NOT NULL ORDER BY ended_at DESC LIMIT 1`,
      [stage],
    );
    if (!row) return undefined;
    const [pipelineRunId, , runId, status, reason, startedAt, endedAt, exitCode, cachedFrom, fingerprint] = row;
    return { pipelineRunId, stage, runId, status, reason, startedAt, endedAt, exitCode, cachedFrom, fingerprint };
  }

  /** For every stage at once, when its lastSuccessfulExecution ended (and its run), without the fingerprints. */
  async lastSuccessfulEnds(): Promise<{ stage: string; runId: string; endedAt: number | null }[]> {
    // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
    const rows = this.sql.rows<[string, string, number | null]>(
      `SELECT stage, run_uuid, MAX(ended_at) FROM mlops_stage_executions WHERE status = 'FINISHED' AND fingerprint IS NOT NULL GROUP BY stage`,
    );
    return rows.map(([stage, runId, endedAt]) => ({ stage, runId, endedAt }));
  }

  async recordLineageEdges(edges: LineageEdge[]): Promise<void> {
    const kinds = ['run', 'file', 'delta_table', 'model_version', 'commit'];
    const rows = edges.map((e): [string, string, string, string, string] => {
      if (!kinds.includes(e.fromKind) || !kinds.includes(e.toKind)) throw check.invalid(`Unknown lineage node kind in ${JSON.stringify(e)}; kinds: ${kinds.join(', ')}.`);
      return [e.fromKind, check.checkString('Lineage node id', e.fromId, 65535), e.toKind, check.checkString('Lineage node id', e.toId, 65535), check.checkString('Lineage relation', e.relation, 64)];
    });
    if (rows.length > 0) await this.commit({ op: 'recordLineageEdges', time: Date.now(), edges: rows });
  }

  /** The artifact location of an experiment's runs: a file URI under the store's artifacts folder. */
  artifactUri(experimentId: string): string {
    return artifactRootUri(this.dir, experimentId);
  }

  /** What the write helpers in registryEdits.ts and loggedModels.ts use. */
  private get core(): StoreCore {
    return { sql: this.sql, commit: (op) => this.commit(op) };
  }

  private async commit(op: Op): Promise<void> {
    const journal = this.writable();
    this.sql.transaction(() => applyOp(this.sql, op));
    this.seq++;
    const durable = journal.append({ seq: this.seq, ...op });
    await durable;
    if (journal.pendingBytes >= this.checkpointBytes) this.checkpoint();
  }

  private writable(): JournalWriter {
    if (!this.journal) throw new StoreError('INVALID_STATE', `${this.description} was opened read-only.`);
    return this.journal;
  }

  private run(runId: string): RunInfo {
    const info = typeof runId === 'string' ? read.readRunInfo(this.sql, runId) : undefined;
    if (!info) throw check.notFound(`Run with id '${runId}'`);
    return info;
  }

  private activeRun(runId: string): RunInfo {
    const info = this.run(runId);
    if (info.lifecycleStage !== 'active') throw check.invalid(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
    return info;
  }
}




function tagPairs(tags: Record<string, string> | undefined): [string, string][] {
  return Object.entries(tags ?? {}).map(([k, v]) => [check.checkKey('Tag', k), check.checkTagValue(k, v)]);
}

function checkAlias(alias: string): void {
  check.checkName('Alias', alias, 256);
  if (/^v\d+$/i.test(alias) || alias.toLowerCase() === 'latest') throw check.invalid(`'${alias}' is reserved and cannot be used as an alias.`);
}

function experimentIdNumber(id: string): number {
  const n = Number(id);
  if (typeof id !== 'string' || !/^\d+$/.test(id) || !Number.isSafeInteger(n)) throw check.invalid(`Experiment id must be a number, got ${JSON.stringify(id)}.`);
  return n;
}

function versionNumber(version: string): number {
  if (!/^\d+$/.test(String(version))) throw check.invalid(`Model version must be a positive integer, got ${JSON.stringify(version)}.`);
  return Number(version);
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
