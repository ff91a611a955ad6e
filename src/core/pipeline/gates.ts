import type { Gate, GateOp, Requirement } from '../config/pipelineConfig';
import type { TrackingStore } from '../store/types';
import { resolveBaseline, type ResolvedBaseline } from './baseline';
import { runTag } from './runTags';

// A gate compares the candidate's metrics (logged by the runs of this pipeline run's stages) with
// a baseline (baseline.ts): the metric of the pipeline run behind a model alias or version, of a
// given run, or a number.
// `>=` and `>` compare with baseline + margin, `<=` and `<` with baseline - margin.
// A baseline that does not exist yet (no such model, alias or version: the very first model), or
// whose run has no value for the metric, passes with a note; a missing or NaN candidate fails.

/** A stage's run in the current pipeline run (for a stage skipped as up to date, its cached run or the run it reused: either works). */
export interface StageRun {
  stage: string;
  runId: string;
}

export interface RequirementResult {
  metric: string;
  op: GateOp;
  /** The candidate's value; null when no stage run logged the metric. NaN stays NaN. */
  candidate: number | null;
  /** The run whose metric is the candidate. */
  candidateRunId: string | null;
  /** The baseline's value; null when the baseline does not exist or has no value. */
  baseline: number | null;
  /** The baseline as written, resolved where it helps: `models:/churn@champion (version 2, run 1a2b…)`. */
  baselineSource: string;
  margin: number;
  /** What the candidate was compared with: baseline ± margin; null without a baseline. */
  threshold: number | null;
  passed: boolean;
  /** Why it passed without a comparison, or why it failed; null for a plain comparison. */
  note: string | null;
}

export interface GateResult {
  gate: string;
  /** The stage after which the gate was checked. */
  after: string;
  /** The `after` stage's run. */
  runId: string;
  passed: boolean;
  evaluatedAt: number;
  requirements: RequirementResult[];
}

/**
 * Checks `gate` once its `after` stage finished. `stageRuns` are the runs of this pipeline run's
 * stages in execution order. The candidate's value of a metric is the latest value logged by the
 * `after` stage's run, else by the nearest stage run before it that logged the metric.
 */
export async function evaluateGate(gate: Gate, stageRuns: StageRun[], store: TrackingStore): Promise<GateResult> {
  const at = stageRuns.findIndex((s) => s.stage === gate.after);
  if (at < 0) throw new Error(`Gate '${gate.name}' is checked after stage '${gate.after}', which has no run in this pipeline run.`);
  const candidates = stageRuns.slice(0, at + 1).reverse();
  const logged: Map<string, Candidate>[] = [];
  for (const s of candidates) logged.push(await metricsOf(store, s.runId));
  const requirements: RequirementResult[] = [];
  for (const req of gate.require) {
    const candidate = logged.find((m) => m.has(req.metric))?.get(req.metric);
    requirements.push(compare(req, candidate, await resolveBaseline(req.baseline, req.metric, store, gate.after), gate.after));
  }
  return { gate: gate.name, after: gate.after, runId: stageRuns[at]!.runId, passed: requirements.every((r) => r.passed), evaluatedAt: Date.now(), requirements };
}

interface Candidate {
  value: number;
  runId: string;
}

/** A stage run's latest metrics; a cached stage's run (tag mlops.cached_from) also has those of the run it reused. */
async function metricsOf(store: TrackingStore, runId: string): Promise<Map<string, Candidate>> {
  const run = await store.getRun(runId);
  const metrics = new Map(run.data.metrics.map((m) => [m.key, { value: m.value, runId }]));
  const reused = run.data.tags[runTag.cachedFrom];
  if (reused) for (const m of (await store.getRun(reused)).data.metrics) if (!metrics.has(m.key)) metrics.set(m.key, { value: m.value, runId: reused });
  return metrics;
}

function compare(req: Requirement, candidate: Candidate | undefined, baseline: ResolvedBaseline, after: string): RequirementResult {
  const base = { metric: req.metric, op: req.op, candidate: candidate?.value ?? null, candidateRunId: candidate?.runId ?? null, baseline: baseline.value, baselineSource: baseline.source, margin: req.margin };
  if (!candidate) return { ...base, threshold: null, passed: false, note: `stage '${after}' (and the stages before it) logged no metric '${req.metric}'` };
  if (Number.isNaN(candidate.value)) return { ...base, threshold: null, passed: false, note: `the candidate's '${req.metric}' is NaN` };
  if (baseline.broken) return { ...base, threshold: null, passed: false, note: `baseline ${baseline.broken}` };
  if (baseline.value === null) return { ...base, threshold: null, passed: true, note: baseline.missing ?? null };
  const threshold = req.op === '>=' || req.op === '>' ? baseline.value + req.margin : baseline.value - req.margin;
  const passed = holds(candidate.value, req.op, threshold);
  return { ...base, threshold, passed, note: passed ? null : `${formatNumber(candidate.value)} is not ${req.op} ${formatNumber(threshold)}` };
}

/**
 * Decimal sums are not exact in binary (0.82 + 0.005 is 0.8250000000000001), so values within a
 * relative 1e-12 count as equal: `>=` and `<=` accept them, `>` and `<` refuse them.
 */
export function holds(candidate: number, op: GateOp, threshold: number): boolean {
  const equal = Math.abs(candidate - threshold) <= 1e-12 * Math.max(Math.abs(candidate), Math.abs(threshold));
  switch (op) {
    case '>=':
      return equal || candidate > threshold;
    case '>':
      return !equal && candidate > threshold;
    case '<=':
      return equal || candidate < threshold;
    case '<':
      return !equal && candidate < threshold;
  }
}

/** Up to 6 significant digits, without trailing zeros. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return String(n);
  return String(Number(n.toPrecision(6)));
}
