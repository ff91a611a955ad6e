import type { GateResult } from './gates';
import type { TrackingStore } from '../store/types';

// How a gate's result is kept: as tags on runs (the `after` stage's run and the pipeline run) and
// on the model version registered from them, so the registry can tell later which gates a version
// passed (protection, the Models view), on any MLflow backend.
//
//   mlops.gate.<gate>         passed | failed
//   mlops.gate.<gate>.result  the GateResult as JSON; NaN and ±Infinity as the strings "NaN",
//                             "Infinity", "-Infinity". At most 8,000 characters (MLflow's limit
//                             for a run tag's value): when longer, notes are dropped first, then
//                             requirements that passed, and `truncated` says so.

export const GATE_TAG_PREFIX = 'mlops.gate.';
const MAX_TAG_VALUE = 8000;

export function gateTagKey(gate: string): string {
  return `${GATE_TAG_PREFIX}${gate}`;
}

export function gateResultTagKey(gate: string): string {
  return `${GATE_TAG_PREFIX}${gate}.result`;
}

/** The two tags of a gate's result. */
export function gateTags(result: GateResult): Record<string, string> {
  return { [gateTagKey(result.gate)]: result.passed ? 'passed' : 'failed', [gateResultTagKey(result.gate)]: encodeGateResult(result) };
}

/** Tags each run (the runner passes the `after` stage's run and the pipeline run). */
export async function recordGateResult(store: TrackingStore, result: GateResult, runIds: string[]): Promise<void> {
  const tags = Object.entries(gateTags(result)).map(([key, value]) => ({ key, value }));
  for (const runId of new Set(runIds)) await store.logBatch(runId, { tags });
}

/** A gate's recorded outcome, read back from tags. */
export interface RecordedGate {
  gate: string;
  passed: boolean;
  /** Absent when the result tag is missing or unreadable. */
  result?: GateResult & { truncated?: boolean };
}

/** Every gate outcome recorded in a set of tags (a run's or a model version's). */
export function readGateTags(tags: Record<string, string>): Map<string, RecordedGate> {
  const found = new Map<string, RecordedGate>();
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(GATE_TAG_PREFIX) || key.endsWith('.result')) continue;
    if (value !== 'passed' && value !== 'failed') continue;
    const gate = key.slice(GATE_TAG_PREFIX.length);
    const json = tags[gateResultTagKey(gate)];
    found.set(gate, { gate, passed: value === 'passed', result: json === undefined ? undefined : decodeGateResult(json) });
  }
  return found;
}

/**
 * The result recorded on a run for `gate`, if any: for a stage skipped as up to date, the runner
 * reuses the result recorded on the run whose outputs it reused instead of checking again.
 */
export async function recordedGateResult(store: TrackingStore, runId: string, gate: string): Promise<GateResult | undefined> {
  const tags = (await store.getRun(runId)).data.tags;
  const recorded = readGateTags(tags).get(gate);
  return recorded?.result && !recorded.result.truncated ? recorded.result : undefined;
}

export function encodeGateResult(result: GateResult): string {
  const full = JSON.stringify(result, numbersAsText);
  if (full.length <= MAX_TAG_VALUE) return full;
  const withoutNotes = { ...result, truncated: true, requirements: result.requirements.map((r) => ({ ...r, note: null })) };
  const shorter = JSON.stringify(withoutNotes, numbersAsText);
  if (shorter.length <= MAX_TAG_VALUE) return shorter;
  const failing = withoutNotes.requirements.filter((r) => !r.passed);
  for (let n = failing.length; n >= 0; n--) {
    const text = JSON.stringify({ ...withoutNotes, requirements: failing.slice(0, n) }, numbersAsText);
    if (text.length <= MAX_TAG_VALUE) return text;
  }
  return JSON.stringify({ gate: result.gate.slice(0, 200), passed: result.passed, truncated: true, requirements: [] });
}

/** Undefined when the text is not a gate result. */
export function decodeGateResult(json: string): (GateResult & { truncated?: boolean }) | undefined {
  try {
    const parsed = JSON.parse(json, (key, value: unknown) => (numberKeys.has(key) && typeof value === 'string' ? Number(value) : value)) as GateResult;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.gate !== 'string' || !Array.isArray(parsed.requirements)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

const numberKeys = new Set(['candidate', 'baseline', 'threshold', 'margin']);

function numbersAsText(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
