// How runs, metrics and params read in the trees and the run panel. Plain functions, no `vscode`,
// so they are tested without an editor.
import { runTag } from '../../core/pipeline/runTags';
import type { Metric, Run } from '../../core/store/types';

export const parentRunIdOf = (run: Run): string | undefined => run.data.tags[runTag.parentRunId];
export const stageOf = (run: Run): string | undefined => run.data.tags[runTag.stage];
export const runNameOf = (run: Run): string => run.info.runName || run.info.runId.slice(0, 8);

/** `2026-11-26 10:31`, in local time: the same shape as a pipeline run's name. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `850ms`, `42s`, `2m 14s`, `1h 03m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A run that is still going lasts until `now`. */
export const runDuration = (run: Run, now: number): number => (run.info.endTime ?? now) - run.info.startTime;

/** Four decimals at most for everyday values; significant digits for the very small and large. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return value.toFixed(4).replace(/\.?0+$/, '');
  return value.toPrecision(4);
}

/** `auc  0.8312  (step 29)` */
export const metricLabel = (metric: Metric): string => `${metric.key}  ${formatMetricValue(metric.value)}  (step ${metric.step})`;

/** `lr = 0.1` */
export const paramLabel = (key: string, value: string): string => `${key} = ${value}`;

/**
 * The metric a run is summarised by (setting `mlops.runs.keyMetric`): the run's own `key`, else
 * that of its last stage run that logged it (a pipeline run's metrics live on its stage runs,
 * usually the evaluate stage). A run without `key` anywhere (or with the setting empty) shows its
 * first metric by name: its own, else that of its last stage run that logged metrics.
 */
export function keyMetricOf(run: Run, stageRuns: readonly Run[], key: string): Metric | undefined {
  const newestFirstStages = [...stageRuns].sort(newestFirst);
  const wanted = key.trim();
  if (wanted !== '') {
    for (const candidate of [run, ...newestFirstStages]) {
      const metric = candidate.data.metrics.find((m) => m.key === wanted);
      if (metric !== undefined) return metric;
    }
  }
  for (const candidate of [run, ...newestFirstStages]) {
    if (candidate.data.metrics.length > 0) return [...candidate.data.metrics].sort((a, b) => a.key.localeCompare(b.key))[0];
  }
  return undefined;
}

/** `2026-11-26 10:31 · 2m 14s · auc 0.8312` */
export function runDescription(run: Run, keyMetric: Metric | undefined, now: number): string {
  const parts = [formatTime(run.info.startTime), formatDuration(runDuration(run, now))];
  if (keyMetric !== undefined) parts.push(`${keyMetric.key} ${formatMetricValue(keyMetric.value)}`);
  return parts.filter((part) => part !== '').join(' · ');
}

/** `812 B`, `4.2 KiB`, `1.3 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Newest first, the order of top-level runs. */
export const newestFirst = (a: Run, b: Run): number => b.info.startTime - a.info.startTime;
/** Oldest first, the order of a pipeline's stage runs: the order they ran in. */
export const oldestFirst = (a: Run, b: Run): number => a.info.startTime - b.info.startTime;
