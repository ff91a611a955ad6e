import { cpSync, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineConfig, Register } from '../config/pipelineConfig';
import type { AuditEntry, AuditTrail } from '../store/audit';
import { StoreError, type LoggedModel, type ModelVersion, type TrackingStore } from '../store/types';
import { currentActor } from './actor';
import { gateTags, type RecordedGate } from './gateRecord';
import type { GateResult } from './gates';
import { judgeProtection } from './protection';
import { runTag } from './runTags';

// Registration (mlops.yaml `register`), as MLflow 3's `log_model(..., registered_model_name=...)`
// does it: the artifact becomes a logged model (copied into the store's artifact root, finalized
// READY), the registered model is created if missing, a version is created with source
// `models:/<model_id>` and the producing stage's run, and the alias moves to it. The audit trail
// records the registration and the alias move; a store without one (a remote MLflow server) gets
// the same entries as the version's `mlops.audit` tag (a JSON list).
// A registration's entries: `register` (target `models:/NAME/VERSION`, which no alias or stage can
// be named) and `set-alias` (target the alias, from its previous holder or null, to the version).
//
// Only a local artifact root (file://) is written to: a store whose experiment keeps artifacts
// elsewhere (mlflow-artifacts:, s3:, dbfs:) is refused before anything is created.

export const auditAction = { register: 'register', setAlias: 'set-alias' } as const;
export const AUDIT_TAG = 'mlops.audit';

export interface RegisterInput {
  config: Pick<PipelineConfig, 'root' | 'register' | 'protect'>;
  experimentId: string;
  pipelineRunId: string;
  /** The run of the stage that wrote the artifact (`register.producer`); for a stage skipped as up to date, the run whose outputs were reused. */
  sourceRunId: string;
  /** The gates checked in this pipeline run; those in `register.when` must all be among them and have passed. */
  gateResults: GateResult[];
  gitCommit?: string | null;
  /** Default: git's user.name <user.email> at the pipeline root, else the OS user. */
  actor?: string;
}

export type RegisterOutcome =
  | { registered: true; loggedModel: LoggedModel; version: ModelVersion; alias: string; previousHolder: string | null; message: string }
  /** `existing`: the producing stage was up to date and its artifact is already that version. */
  | { registered: false; reason: string; existing?: ModelVersion };

export class RegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistrationError';
  }
}

/** Registers `config.register.artifact` when its gates passed; refuses (registered: false) when one did not. */
export async function registerModel(store: TrackingStore & Partial<AuditTrail>, input: RegisterInput): Promise<RegisterOutcome> {
  const register = input.config.register;
  if (!register) throw new RegistrationError('mlops.yaml has no `register` section.');
  const refusal = gatesRefusal(input, register);
  if (refusal) return { registered: false, reason: refusal };
  const existing = await versionFrom(store, register, input.sourceRunId);
  if (existing) return { registered: false, reason: `Already registered: version ${existing.version} of '${register.model}' holds '${register.artifact}' from run ${input.sourceRunId}.`, existing };

  const loggedModel = await logArtifactAsModel(store, input, register);
  await ensureRegisteredModel(store, register.model);
  const previousHolder = await aliasHolder(store, register.model, register.alias);
  const tags: Record<string, string> = { 'mlops.pipelineRun': input.pipelineRunId, 'mlops.artifact': register.artifact };
  for (const r of input.gateResults) Object.assign(tags, gateTags(r));
  const created = await store.createModelVersion({ name: register.model, source: `models:/${loggedModel.modelId}`, runId: input.sourceRunId, modelId: loggedModel.modelId, tags });
  await store.setRegisteredModelAlias(register.model, register.alias, created.version);
  await recordRegistration(store, input, register, created.version, previousHolder);

  const version = await store.getModelVersion(register.model, created.version);
  const moved = previousHolder ? ` (moved from version ${previousHolder})` : '';
  return { registered: true, loggedModel, version, alias: register.alias, previousHolder, message: `Registered '${register.model}' version ${created.version} with alias '${register.alias}'${moved}.` };
}

/** Why the gates do not allow registering, or undefined when they do. */
function gatesRefusal(input: RegisterInput, register: Register): string | undefined {
  const results = new Map(input.gateResults.map((r) => [r.gate, r]));
  const unchecked = register.when.filter((g) => !results.has(g));
  if (unchecked.length > 0) return `Not registered: ${gates(unchecked)} not checked in this pipeline run.`;
  const failed = register.when.filter((g) => !results.get(g)!.passed);
  if (failed.length > 0) return `Not registered: ${gates(failed)} failed.`;
  // The validator makes `when` hold the gates protecting the alias; checked again here all the same.
  const recorded = new Map<string, RecordedGate>(input.gateResults.map((r) => [r.gate, { gate: r.gate, passed: r.passed, result: r }]));
  const verdict = judgeProtection(input.config, { kind: 'alias', name: register.alias }, { name: register.model, version: '' }, recorded);
  return verdict.allowed ? undefined : `Not registered: ${verdict.message}`;
}

/** The artifact copied into a new logged model of the producing run, finalized READY, and recorded as the run's output (as log_model does). */
async function logArtifactAsModel(store: TrackingStore, input: RegisterInput, register: Register): Promise<LoggedModel> {
  const source = artifactPath(input.config.root, register.artifact);
  const experiment = await store.getExperiment(input.experimentId);
  if (!experiment.artifactLocation.startsWith('file:')) {
    throw new RegistrationError(
      `Registering '${register.artifact}' needs a local artifact root, and experiment '${experiment.name}' keeps its artifacts at ${experiment.artifactLocation}: uploading a model there is not supported yet. Register into a store whose artifacts are in a folder (the embedded store, or an MLflow server with a file:// artifact root).`,
    );
  }
  const params = (await store.getRun(input.sourceRunId)).data.params;
  const created = await store.createLoggedModel({ experimentId: input.experimentId, name: register.model, sourceRunId: input.sourceRunId, params, tags: { 'mlops.artifact': register.artifact } });
  try {
    copyArtifact(source, fileURLToPath(created.artifactLocation));
  } catch (err) {
    await store.finalizeLoggedModel(created.modelId, 'FAILED');
    throw new RegistrationError(`Could not copy '${register.artifact}' into ${created.artifactLocation}: ${(err as Error).message}`);
  }
  const ready = await store.finalizeLoggedModel(created.modelId, 'READY');
  await store.logOutputs(input.sourceRunId, [{ modelId: ready.modelId, step: 0 }]);
  return ready;
}

/** The audit entries (or, without an audit trail, the version's `mlops.audit` tag) and the pipeline run's `mlops.registeredModel` tag. */
async function recordRegistration(store: TrackingStore & Partial<AuditTrail>, input: RegisterInput, register: Register, version: string, previousHolder: string | null): Promise<void> {
  const actor = input.actor ?? (await currentActor(input.config.root));
  const passed = input.gateResults.filter((r) => register.when.includes(r.gate)).map((r) => r.gate);
  const reason = `pipeline run ${input.pipelineRunId}${passed.length > 0 ? `: ${gates(passed)} passed` : ''}`;
  const at = Date.now();
  const entry = (action: string, target: string, from: string | null): AuditEntry => ({
    modelName: register.model, version, action, target, from, to: version, reason, actor, at, runId: input.sourceRunId, gitCommit: input.gitCommit ?? null,
  });
  const entries = [entry(auditAction.register, `models:/${register.model}/${version}`, null), entry(auditAction.setAlias, register.alias, previousHolder)];
  if (store.recordAudit) for (const e of entries) await store.recordAudit(e);
  else await store.setModelVersionTag(register.model, version, AUDIT_TAG, JSON.stringify(entries));
  await store.logBatch(input.pipelineRunId, { tags: [{ key: runTag.registeredModel, value: `models:/${register.model}/${version}` }] });
}

/** The artifact's absolute path; it must lie inside the pipeline root and exist. */
function artifactPath(root: string, artifact: string): string {
  const full = path.resolve(root, artifact);
  const inside = path.relative(root, full);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) throw new RegistrationError(`The artifact '${artifact}' lies outside the pipeline root ${root}.`);
  try {
    statSync(full);
  } catch {
    throw new RegistrationError(`The artifact '${artifact}' does not exist: the stage that writes it did not produce it.`);
  }
  return full;
}

/** A file lands in the logged model's folder under its name; a folder's contents become the folder (so an MLflow model's MLmodel sits at its root). */
function copyArtifact(source: string, destination: string): void {
  mkdirSync(destination, { recursive: true });
  const target = statSync(source).isDirectory() ? destination : path.join(destination, path.basename(source));
  cpSync(source, target, { recursive: true, dereference: true, errorOnExist: true, force: false });
}

/** The version already registered from this run's artifact (a stage skipped as up to date reuses its run). */
async function versionFrom(store: TrackingStore, register: Register, runId: string): Promise<ModelVersion | undefined> {
  const versions = await store.searchModelVersions({ name: register.model });
  return versions.find((v) => v.runId === runId && v.tags['mlops.artifact'] === register.artifact);
}

async function ensureRegisteredModel(store: TrackingStore, name: string): Promise<void> {
  try {
    await store.getRegisteredModel(name);
  } catch (err) {
    if (!(err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST')) throw err;
    try {
      await store.createRegisteredModel(name);
    } catch (createErr) {
      if (!(createErr instanceof StoreError && createErr.code === 'RESOURCE_ALREADY_EXISTS')) throw createErr; // another writer made it first
    }
  }
}

async function aliasHolder(store: TrackingStore, model: string, alias: string): Promise<string | null> {
  try {
    return (await store.getModelVersionByAlias(model, alias)).version;
  } catch (err) {
    if (err instanceof StoreError && (err.code === 'INVALID_PARAMETER_VALUE' || err.code === 'RESOURCE_DOES_NOT_EXIST')) return null;
    throw err;
  }
}

function gates(names: string[]): string {
  return `gate${names.length > 1 ? 's' : ''} ${names.map((n) => `'${n}'`).join(', ')}`;
}
