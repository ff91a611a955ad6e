import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Run } from '../../../src/core/store/types';
import { formatDuration, formatMetricValue, formatTime, metricLabel, runDescription, runNameOf } from '../../../src/vscode/trees/runLabels';

function run(startTime: number, endTime: number | null, runName = 'pipeline 2026-11-26 10:31'): Run {
  return {
    info: { runId: '0123456789abcdef', runName, experimentId: '1', userId: 'ada', status: endTime === null ? 'RUNNING' : 'FINISHED', startTime, endTime, artifactUri: '', lifecycleStage: 'active' },
    data: { metrics: [], params: {}, tags: {} },
    inputs: { datasetInputs: [] },
    outputs: { modelOutputs: [] },
  };
}

describe('run labels', () => {
  it('formats durations from milliseconds to hours', () => {
    assert.deepEqual([850, 42_000, 134_000, 3_780_000, -1, NaN].map(formatDuration), ['850ms', '42s', '2m 14s', '1h 03m', '', '']);
  });

  it('formats metric values short, keeping NaN and infinities readable', () => {
    const values = [0.83123456, 0.83, 12, 123456.789, 0.00012345, 1.5e9 + 0.5, NaN, Infinity, -Infinity, -0.25];
    assert.deepEqual(values.map(formatMetricValue), ['0.8312', '0.83', '12', '123456.789', '0.0001234', '1.500e+9', 'NaN', 'Infinity', '-Infinity', '-0.25']);
  });

  it('labels a metric with its latest step', () => {
    assert.equal(metricLabel({ key: 'auc', value: 0.83123, step: 29, timestamp: 0 }), 'auc  0.8312  (step 29)');
  });

  it('describes a run by start time, duration and key metric', () => {
    const start = new Date(2026, 10, 26, 10, 31).getTime();
    assert.equal(formatTime(start), '2026-11-26 10:31');
    assert.equal(runDescription(run(start, start + 134_000), { key: 'auc', value: 0.8312, step: 0, timestamp: 0 }, 0), '2026-11-26 10:31 · 2m 14s · auc 0.8312');
    assert.equal(runDescription(run(start, null), undefined, start + 5_000), '2026-11-26 10:31 · 5s', 'a running run lasts until now');
  });

  it('names a run without a name by the start of its id', () => {
    assert.equal(runNameOf(run(0, 1, '')), '01234567');
  });
});
