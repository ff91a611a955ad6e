import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkAuditEntry, readAudit, type AuditEntry, type AuditTrail } from './audit';
import { backUp, removeUnfinishedCheckpoints, writeDbFile, type DbFileStamp } from './dbFile';
import * as experiments from './experiments';
import { JournalWriter } from './journal';
import * as ledger from './ledger';
import type { LineageEdge } from '../lineage/edges';
import { artifactRootUri, loadStore, STORE_FILES, tunePragmas } from './loadStore';
import { StoreLock } from './lock';
import * as loggedModelLifecycle from './loggedModelLifecycle';
import * as models from './loggedModels';
import { applyOp, type Op } from './ops';
import * as registry from './registry';
import * as registryEdits from './registryEdits';
import * as runs from './runs';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
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

  // Experiments (experiments.ts)

  async createExperiment(name: string, opts: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    return experiments.createExperiment(this.core, name, opts, (id) => this.artifactUri(id));
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return experiments.experiment(this.sql, experimentId);
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return experiments.experimentByName(this.sql, name);
  }

  async searchExperiments(opts: { viewType?: ViewType } = {}): Promise<Experiment[]> {
    return experiments.searchExperiments(this.sql, opts.viewType);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await experiments.deleteExperiment(this.core, experimentId);
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await experiments.restoreExperiment(this.core, experimentId);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await experiments.renameExperiment(this.core, experimentId, newName);
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await experiments.setExperimentTag(this.core, experimentId, key, value);
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await experiments.deleteExperimentTag(this.core, experimentId, key);
  }

  // Runs (runs.ts)

  async createRun(opts: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags?: Record<string, string> }): Promise<RunInfo> {
    return runs.createRun(this.core, opts);
  }

  async updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    return runs.updateRun(this.core, runId, update);
  }

  async deleteRun(runId: string): Promise<void> {
    await runs.deleteRun(this.core, runId);
  }

  async restoreRun(runId: string): Promise<void> {
    await runs.restoreRun(this.core, runId);
  }

  async getRun(runId: string): Promise<Run> {
    return runs.getRun(this.sql, runId);
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    await runs.logBatch(this.core, runId, batch);
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await runs.deleteTag(this.core, runId, key);
  }

  async logInputs(runId: string, inputs: DatasetInput[], modelInputs: string[] = []): Promise<void> {
    await runs.logInputs(this.core, runId, inputs, modelInputs);
  }

  async logOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    await runs.logOutputs(this.core, runId, outputs);
  }

  async getMetricHistory(runId: string, key: string, page?: HistoryPage): Promise<MetricHistory> {
    return runs.metricHistory(this.sql, runId, key, page, this.seq);
  }

  async searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    return runs.searchRuns(this.sql, query, this.seq);
  }

  // Registry (registry.ts, registryEdits.ts)

  async createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): Promise<RegisteredModel> {
    return registry.createRegisteredModel(this.core, name, opts);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return registryEdits.registeredModel(this.sql, name);
  }

  async searchRegisteredModels(opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string } = {}): Promise<Page<RegisteredModel>> {
    return registry.searchRegisteredModels(this.sql, opts);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await registry.deleteRegisteredModel(this.core, name);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return registry.updateRegisteredModel(this.core, name, description);
  }

  async createModelVersion(opts: CreateModelVersion): Promise<ModelVersion> {
    return registry.createModelVersion(this.core, opts);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return registry.modelVersion(this.sql, name, version);
  }

  async searchModelVersions(opts: { name: string }): Promise<ModelVersion[]> {
    return registry.searchModelVersions(this.sql, opts.name);
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return registry.updateModelVersion(this.core, name, version, description);
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await registry.deleteModelVersion(this.core, name, version);
  }

  async transitionModelVersionStage(name: string, version: string, stage: ModelStage, archiveExistingVersions = false): Promise<ModelVersion> {
    return registry.transitionModelVersionStage(this.core, name, version, stage, archiveExistingVersions);
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await registry.setRegisteredModelAlias(this.core, name, alias, version);
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await registry.deleteRegisteredModelAlias(this.core, name, alias);
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    return registryEdits.latestVersions(this.sql, name, stages);
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return registryEdits.downloadUri(this.sql, name, version);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return registryEdits.renameRegisteredModel(this.core, name, newName);
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await registryEdits.setRegisteredModelTag(this.core, name, key, value);
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await registryEdits.deleteRegisteredModelTag(this.core, name, key);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await registryEdits.setModelVersionTag(this.core, name, version, key, value);
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await registryEdits.deleteModelVersionTag(this.core, name, version, key);
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return registry.modelVersionByAlias(this.sql, name, alias);
  }

  // Logged models, MLflow 3 (loggedModelLifecycle.ts, loggedModels.ts)

  async createLoggedModel(opts: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: Record<string, string>; tags?: Record<string, string> }): Promise<LoggedModel> {
    return loggedModelLifecycle.createLoggedModel(this.core, opts);
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return models.loggedModel(this.sql, modelId);
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<LoggedModel> {
    return loggedModelLifecycle.finalizeLoggedModel(this.core, modelId, status);
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

  // The workbench's own ledger (ledger.ts)

  async recordPipelineRun(r: PipelineRunRecord): Promise<void> {
    await ledger.recordPipelineRun(this.core, r);
  }

  async recordStageExecution(r: StageExecutionRecord): Promise<void> {
    await ledger.recordStageExecution(this.core, r);
  }

  async lastSuccessfulExecution(stage: string): Promise<StageExecutionRecord | undefined> {
    return ledger.lastSuccessfulExecution(this.sql, stage);
  }

  /** For every stage at once, when its lastSuccessfulExecution ended (and its run), without the fingerprints. */
  async lastSuccessfulEnds(): Promise<{ stage: string; runId: string; endedAt: number | null }[]> {
    return ledger.lastSuccessfulEnds(this.sql);
  }

  async recordLineageEdges(edges: LineageEdge[]): Promise<void> {
    await ledger.recordLineageEdges(this.core, edges);
  }

  /** The artifact location of an experiment's runs: a file URI under the store's artifacts folder. */
  artifactUri(experimentId: string): string {
    return artifactRootUri(this.dir, experimentId);
  }

  /** What the resource modules (experiments.ts, runs.ts, registry.ts, ledger.ts, ...) write and read through. */
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
}
