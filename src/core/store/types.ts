// The tracking store in the user's terms. The embedded sql.js store implements it today; the MLflow
// REST client (remote backend) implements the same interface, so every face works on either.
// Times are milliseconds since the epoch, as MLflow keeps them. Ids are strings, as in MLflow's API.

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Record<string, string>;
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/**
 * One point of a metric. `value` may be NaN or ±Infinity when logged; stores keep them as MLflow
 * does, so ±Infinity reads back as ±Number.MAX_VALUE (MLflow's SQL stores cannot hold infinities).
 */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: Record<string, string>;
}

/** A logged model a run produced (MLflow's LoggedModelOutput), at the step it was logged. */
export interface ModelOutput {
  modelId: string;
  step: number;
}

export interface Run {
  info: RunInfo;
  /** `metrics` holds each key's latest point, chosen as MLflow does (max step, then timestamp, then value). */
  data: { metrics: Metric[]; params: Record<string, string>; tags: Record<string, string> };
  /** `modelInputs` (the logged models the run used) only from getRun: MLflow's run search leaves them out. */
  inputs: { datasetInputs: DatasetInput[]; modelInputs?: { modelId: string }[] };
  outputs: { modelOutputs: ModelOutput[] };
}

/** Every stored point of one metric, ordered by timestamp, then step, then value, as columns. */
export interface MetricHistory {
  key: string;
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** A slice of a metric's history, in the history's order. */
export interface HistoryPage {
  offset: number;
  maxResults: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

export interface SearchRunsQuery {
  experimentIds: string[];
  /** MLflow's search syntax, e.g. `metrics.auc > 0.8 AND params.lr = '0.1'`. */
  filter?: string;
  /** e.g. `['metrics.auc DESC', 'attributes.start_time']`. */
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
  /**
   * Beyond MLflow: the filter may join conditions with OR and group them with parentheses
   * (src/core/search/parser.ts). The embedded store honours it; an MLflow server has no OR, so
   * RestStore never sends it (the Runs view splits such a filter, src/vscode/runs/runSearchPlan.ts).
   */
  allowOr?: boolean;
}

export interface RegisteredModel {
  name: string;
  creationTime: number;
  lastUpdatedTime: number;
  description: string;
  tags: Record<string, string>;
  aliases: Record<string, string>;
}

export interface ModelVersion {
  name: string;
  version: string;
  creationTime: number;
  lastUpdatedTime: number;
  description: string;
  /** Null when the client that registered it gave none, as in MLflow. */
  userId: string | null;
  currentStage: ModelStage;
  source: string;
  runId: string;
  status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  /** '' unless the client gave one, as MLflow stores it. */
  runLink: string;
  tags: Record<string, string>;
  aliases: string[];
}

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string;
  creationTime: number;
  lastUpdatedTime: number;
  sourceRunId: string | null;
  status: 'PENDING' | 'READY' | 'FAILED';
  modelType: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Metrics logged against the model (log-batch with a model_id), in the order they were stored. */
  metrics: LoggedModelMetric[];
}

/** A metric point of a logged model: its run, and the dataset it was measured on when given. NaN reads back as 0, as MLflow's store keeps it. */
export interface LoggedModelMetric extends Metric {
  modelId: string;
  runId: string;
  datasetName?: string;
  datasetDigest?: string;
}

/** A metric point as logged: it may also belong to a logged model (MLflow 3 links a model's metrics this way). */
export interface LoggedMetric extends Metric {
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

/** One order of a logged-model search: an attribute (`name`, `creation_timestamp`, ...) or `metrics.<key>`. */
export interface LoggedModelOrder {
  fieldName: string;
  ascending?: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

export interface SearchLoggedModelsQuery {
  experimentIds: string[];
  /** MLflow's logged-model filter: comparisons joined by AND, e.g. `name = 'churn' AND metrics.auc > 0.8`. */
  filter?: string;
  /** Only models with metrics on one of these datasets. */
  datasets?: { datasetName: string; datasetDigest?: string }[];
  orderBy?: LoggedModelOrder[];
  /** Default 100, as MLflow. */
  maxResults?: number;
  pageToken?: string;
}

export interface LogBatch {
  metrics?: LoggedMetric[];
  params?: { key: string; value: string }[];
  tags?: { key: string; value: string }[];
}

export interface TrackingStore {
  readonly description: string;

  createExperiment(name: string, opts?: { artifactLocation?: string; tags?: Record<string, string> }): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  searchExperiments(opts?: { viewType?: ViewType }): Promise<Experiment[]>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void>;

  createRun(opts: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags?: Record<string, string> }): Promise<RunInfo>;
  updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  getRun(runId: string): Promise<Run>;
  logBatch(runId: string, batch: LogBatch): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /** Dataset inputs, and optionally the logged models the run used (MLflow's model inputs). */
  logInputs(runId: string, inputs: DatasetInput[], modelInputs?: string[]): Promise<void>;
  /** Records logged models as the run's outputs (MLflow's log_outputs). */
  logOutputs(runId: string, outputs: ModelOutput[]): Promise<void>;
  /** Every point of a metric; with `page`, only the points from `offset` on, at most `maxResults`. */
  getMetricHistory(runId: string, key: string, page?: HistoryPage): Promise<MetricHistory>;
  searchRuns(query: SearchRunsQuery): Promise<Page<Run>>;

  createRegisteredModel(name: string, opts?: { description?: string; tags?: Record<string, string> }): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  /** `filter`: MLflow's registered-model filter (`name LIKE 'churn%' AND tags.team = 'growth'`); `orderBy` e.g. `['last_updated_timestamp DESC']`; name order by default. */
  searchRegisteredModels(opts?: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string }): Promise<Page<RegisteredModel>>;
  deleteRegisteredModel(name: string): Promise<void>;
  /**
   * A new version. With `modelId` (MLflow 3: source `models:/<model_id>`), the version's run and storage location come
   * from the logged model, and the logged model's `mlflow.modelVersions` tag lists the version, as MLflow's server does.
   */
  createModelVersion(opts: CreateModelVersion): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  searchModelVersions(opts: { name: string }): Promise<ModelVersion[]>;
  transitionModelVersionStage(name: string, version: string, stage: ModelStage, archiveExistingVersions?: boolean): Promise<ModelVersion>;
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
  /** The newest version in each stage (in `stages`, or every stage), with aliases, in MLflow's order. */
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]>;
  /** Where the version's files are: the logged model's artifact location for a `models:/<id>` source, else the source. */
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void>;
  /** Deleting a tag the model does not have is not an error, as in MLflow. */
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  /** Deleting a tag the version does not have is not an error, as in MLflow. */
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;

  createLoggedModel(opts: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: Record<string, string>; tags?: Record<string, string> }): Promise<LoggedModel>;
  getLoggedModel(modelId: string): Promise<LoggedModel>;
  finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<LoggedModel>;
  searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>>;
  /** Marks it deleted: get and search no longer find it. */
  deleteLoggedModel(modelId: string): Promise<void>;
  setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void>;
  /** A missing tag is RESOURCE_DOES_NOT_EXIST, as in MLflow. */
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void>;

  close(): Promise<void>;
}

export interface CreateModelVersion {
  name: string;
  source: string;
  runId?: string;
  /** The logged model this version promotes (MLflow 3). */
  modelId?: string;
  runLink?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** Edits MLflow's REST API offers beyond what the workbench's own faces need (renames, descriptions, deleting a version). */
export interface StoreEdits {
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  /** A missing tag is RESOURCE_DOES_NOT_EXIST, as in MLflow. */
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;
  /** Versions, tags and aliases move with the model. */
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string): Promise<RegisteredModel>;
  updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string): Promise<void>;
}

/** A store error with MLflow's error code, so the REST face can answer as MLflow does. */
export class StoreError extends Error {
  constructor(
    readonly code: 'RESOURCE_DOES_NOT_EXIST' | 'RESOURCE_ALREADY_EXISTS' | 'INVALID_PARAMETER_VALUE' | 'INVALID_STATE' | 'BAD_REQUEST' | 'INTERNAL_ERROR',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
