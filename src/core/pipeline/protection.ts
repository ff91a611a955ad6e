import type { PipelineConfig } from '../config/pipelineConfig';
import { StoreError, type ModelVersion, type TrackingStore } from '../store/types';
import { readGateTags, type RecordedGate } from './gateRecord';
import { describeFailure } from './gateReport';
import { runTag } from './runTags';

// Registry protection (mlops.yaml `protect`): a version of the model named in `register.model`
// receives a protected alias, or enters a protected registry stage, only when every gate protecting
// it passed in the pipeline run that produced the version. Used by registration and by promotion
// (CLI and editor). Rolling an alias back to a previous holder is the caller's to allow.

export type ProtectionTarget = { kind: 'alias'; name: string } | { kind: 'stage'; name: string };

export interface GateStanding {
  gate: string;
  passed: boolean;
  /** `passed`, or why not: `failed: auc 0.81 is not >= 0.825 (…)`, `was not checked …`. */
  why: string;
}

export interface ProtectionVerdict {
  allowed: boolean;
  /** The gates protecting the target; empty when it is not protected. */
  required: string[];
  /** Each required gate, in the order mlops.yaml lists them. */
  gates: GateStanding[];
  /** Empty when allowed; otherwise which gates and why, e.g. `Version 3 of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0.81 is not >= 0.825 (…)`. */
  message: string;
}

type ProtectionRules = Pick<PipelineConfig, 'register' | 'protect'>;

/** The gates protecting `target` of `model`; empty when none do. */
export function requiredGates(config: ProtectionRules, model: string, target: ProtectionTarget): string[] {
  if (!config.register || config.register.model !== model) return [];
  if (target.kind === 'alias') return Object.hasOwn(config.protect.aliases, target.name) ? config.protect.aliases[target.name]! : [];
  const stage = Object.keys(config.protect.stages).find((s) => s.toLowerCase() === target.name.toLowerCase()) as keyof typeof config.protect.stages | undefined;
  return stage ? (config.protect.stages[stage] ?? []) : [];
}

/** Whether a version may receive `target`, judged on gate outcomes already known (at registration: `version.version` is ''). */
export function judgeProtection(config: ProtectionRules, target: ProtectionTarget, version: { name: string; version: string }, recorded: Map<string, RecordedGate>): ProtectionVerdict {
  const required = requiredGates(config, version.name, target);
  const gates = required.map((gate): GateStanding => {
    const r = recorded.get(gate);
    if (!r) return { gate, passed: false, why: 'was not checked in the pipeline run that produced this version (no result is recorded for it)' };
    if (r.passed) return { gate, passed: true, why: 'passed' };
    return { gate, passed: false, why: r.result ? `failed: ${describeFailure(r.result)}` : 'failed' };
  });
  const lacking = gates.filter((g) => !g.passed);
  const what = target.kind === 'alias' ? `receive alias '${target.name}'` : `enter stage '${target.name}'`;
  const subject = version.version === '' ? `The new version of '${version.name}'` : `Version ${version.version} of '${version.name}'`;
  const message = lacking.length === 0 ? '' : `${subject} cannot ${what}: ${lacking.map((g) => `gate '${g.gate}' ${g.why}`).join('; ')}.`;
  return { allowed: lacking.length === 0, required, gates, message };
}

/** Whether the stored version may receive `target`, judged on the gate outcomes recorded for it. */
export async function checkProtection(config: ProtectionRules, target: ProtectionTarget, version: { name: string; version: string }, store: TrackingStore): Promise<ProtectionVerdict> {
  if (requiredGates(config, version.name, target).length === 0) return judgeProtection(config, target, version, new Map());
  const stored = await store.getModelVersion(version.name, version.version);
  return judgeProtection(config, target, version, await recordedGates(stored, store));
}

/**
 * The gate outcomes recorded for a version: its own tags (set at registration), then its run's,
 * then the pipeline run above it (`mlflow.parentRunId`), where the gates of that pipeline run are
 * recorded even when the version was registered another way (e.g. `mlflow.sklearn.log_model`).
 */
export async function recordedGates(version: ModelVersion, store: TrackingStore): Promise<Map<string, RecordedGate>> {
  const found = readGateTags(version.tags);
  let runId: string | undefined = version.runId || undefined;
  for (let depth = 0; runId && depth < 2; depth++) {
    const tags = await runTags(store, runId);
    if (!tags) break;
    for (const [gate, r] of readGateTags(tags)) if (!found.has(gate)) found.set(gate, r);
    runId = tags[runTag.parentRunId];
  }
  return found;
}

async function runTags(store: TrackingStore, runId: string): Promise<Record<string, string> | undefined> {
  try {
    return (await store.getRun(runId)).data.tags;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return undefined; // a run kept in another tracking store
    throw err;
  }
}
