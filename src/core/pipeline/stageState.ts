import * as path from 'node:path';
import type { PipelineConfig, Stage } from '../config/pipelineConfig';
import type { DigestCache } from './digests';
import { readParams } from './params';

// When a stage is up to date: its cmd, its params' values and the content of its deps are what they
// were at its last successful run, and its outs exist with the digests recorded then. Anything else
// is a reason to run it, worded for the user ("deps changed: src/train.py").

/** What a successful stage execution ran with and produced: recorded with it, compared with now. */
export interface StageFingerprint {
  cmd: string;
  /** Param key to value (as readParams gives it). */
  params: Record<string, string>;
  /** Dep path (as declared) to digest before the stage ran; null: missing. */
  deps: Record<string, string | null>;
  /** Out path (as declared) to digest after the stage ran; null: not written. */
  outs: Record<string, string | null>;
}

/** A stage's last successful execution: the run that produced its outputs. */
export interface SuccessfulExecution {
  runId: string;
  endedAt: number;
  fingerprint: StageFingerprint;
}

export interface StageState {
  /** Empty: up to date. */
  reasons: string[];
  /** The stage's inputs now: what a run starting now records. Absent when they cannot be read. */
  inputs?: Pick<StageFingerprint, 'cmd' | 'params' | 'deps'>;
}

export interface StateOptions {
  force?: boolean;
  /** Stages upstream of this one that will run first (status and dry runs predict with it). */
  upstreamWillRun?: string[];
}

export function stageState(config: PipelineConfig, stage: Stage, last: SuccessfulExecution | undefined, digests: DigestCache, opts: StateOptions = {}): StageState {
  let inputs: StageState['inputs'];
  let paramsProblem: string | undefined;
  try {
    inputs = currentInputs(config, stage, digests);
  } catch (err) {
    paramsProblem = (err as Error).message;
  }
  if (opts.force) return { reasons: ['forced'], inputs };
  if (stage.alwaysRun) return { reasons: ['always_run'], inputs };
  if (paramsProblem) return { reasons: [`params unreadable: ${paramsProblem}`] };
  if (!last) return { reasons: ['never run'], inputs };
  const now = inputs!;
  const was = last.fingerprint;
  const reasons: string[] = [];
  if (now.cmd !== was.cmd) reasons.push('cmd changed');

  const params = changes(was.params, now.params, (key, before, after) =>
    before === undefined ? `${key} (new)` : after === undefined ? `${key} (removed)` : `${key} ${before} → ${after}`,
  );
  if (params.length > 0) reasons.push(`params changed: ${params.join(', ')}`);

  const upstreamWillRun = opts.upstreamWillRun ?? [];
  const changedDeps: string[] = [];
  const missingDeps: string[] = [];
  for (const dep of [...Object.keys(now.deps), ...Object.keys(was.deps).filter((d) => !(d in now.deps))]) {
    const [before, after] = [was.deps[dep], now.deps[dep]];
    if (after === undefined) changedDeps.push(`${dep} (removed)`);
    else if (before === after) continue;
    else if (after !== null) changedDeps.push(dep);
    else if (upstreamWillRun.length === 0) missingDeps.push(dep); // else an upstream stage may write it
  }
  if (changedDeps.length > 0) reasons.push(`deps changed: ${changedDeps.join(', ')}`);
  if (missingDeps.length > 0) reasons.push(`deps missing: ${missingDeps.join(', ')}`);

  const outsNow = Object.fromEntries(stage.outs.map((o) => [o, digests.digest(o) ?? null]));
  const missingOuts = stage.outs.filter((o) => outsNow[o] === null);
  if (missingOuts.length > 0) reasons.push(`outs missing: ${missingOuts.join(', ')}`);
  const changedOuts = stage.outs.filter((o) => outsNow[o] !== null && outsNow[o] !== was.outs[o]);
  if (changedOuts.length > 0) reasons.push(`outs changed: ${changedOuts.join(', ')}`);

  for (const upstream of upstreamWillRun) reasons.push(`upstream stage ${upstream} will run`);
  return { reasons, inputs };
}

/** The stage's cmd, params' values and deps' digests as they are now. Throws when params cannot be read. */
export function currentInputs(config: PipelineConfig, stage: Stage, digests: DigestCache): Pick<StageFingerprint, 'cmd' | 'params' | 'deps'> {
  const params = stage.params.length === 0 ? {} : Object.fromEntries(readParams(paramsFile(config, stage), stage.params).map((p) => [p.key, p.value]));
  const deps = Object.fromEntries(stage.deps.map((d) => [d, digests.digest(d) ?? null]));
  return { cmd: stage.cmd, params, deps };
}

export function paramsFile(config: PipelineConfig, stage: Stage): string {
  if (!config.paramsFile) throw new Error(`Stage '${stage.name}' uses params but mlops.yaml names no params file.`);
  return path.resolve(config.root, config.paramsFile);
}

function changes<T>(before: Record<string, T>, after: Record<string, T>, describe: (key: string, before: T | undefined, after: T | undefined) => string): string[] {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return keys.filter((k) => before[k] !== after[k]).map((k) => describe(k, before[k], after[k]));
}
