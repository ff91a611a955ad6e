import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historyAnswerJson as answerBytes } from '../../../src/core/mlflow/server/historyJson';
import { compact, historyJson } from '../../../src/core/mlflow/server/json';
import { encodePageToken } from '../../../src/core/search/pageToken';
import type { MetricHistory } from '../../../src/core/store/types';
import { seededRandom, type Random } from '../../fixtures/random';

// The hand-written get-history encoder against the generic path it replaces: the answer object of
// json.ts's historyJson, compacted and stringified as the server sends any answer.

const historyAnswerJson = (h: MetricHistory, count: number, nextPageToken?: string): string => Buffer.from(answerBytes(h, count, nextPageToken)).toString('utf8');

function generic(h: MetricHistory, count: number, nextPageToken?: string): string {
  return JSON.stringify(compact({ metrics: historyJson(h, 0, count), ...(nextPageToken !== undefined && { next_page_token: nextPageToken }) }));
}

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 1e-7, 0.1 + 0.2, -1.5e-300];

function randomHistory(random: Random, n: number, key: string): MetricHistory {
  const h = { key, steps: new Float64Array(n), timestamps: new Float64Array(n), values: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    h.steps[i] = random.chance(0.1) ? -random.int(0, 2 ** 40) : random.chance(0.1) ? Number.MAX_SAFE_INTEGER - random.int(0, 9) : random.int(0, 1e6);
    h.timestamps[i] = random.chance(0.1) ? random.pick([0, -1, 8.64e15, Number.MAX_SAFE_INTEGER]) : 1_700_000_000_000 + random.int(0, 1e9);
    h.values[i] = random.chance(0.3) ? random.pick(SPECIAL) : (random.next() - 0.5) * 10 ** random.int(-20, 20);
  }
  return h;
}

describe('get-history answer encoder', () => {
  test('writes what the generic path writes, on random histories with NaN, ±inf, -0, negative steps and large timestamps', () => {
    const random = seededRandom(9090);
    const keys = ['loss', 'val/loss', 'a "quoted" \\ key', 'ключ ✓', 'tab\there', '\u2028line'];
    for (let c = 0; c < 60; c++) {
      const h = randomHistory(random, random.int(0, 400), random.pick(keys));
      const count = random.chance(0.2) ? h.values.length : random.int(0, h.values.length);
      const token = random.chance(0.5) ? encodePageToken(random.int(1, 1e6)) : undefined;
      assert.equal(historyAnswerJson(h, count, token), generic(h, count, token), `case ${c}`);
    }
  });

  test('integers on either side of every power of ten and of 1e9 multiples, up to the largest safe integer', () => {
    const near: number[] = [];
    for (let p = 1; p <= 1e15; p *= 10) near.push(p - 1, p, p + 1);
    for (const k of [1, 2, 999, 8_388_607, 8_388_608, 9_007_199]) near.push(k * 1e9 - 1, k * 1e9, k * 1e9 + 1);
    near.push(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 2 ** 31, 2 ** 31 - 1, 2 ** 32);
    const all = near.filter(Number.isSafeInteger).flatMap((n) => [n, -n]);
    const h = { key: 'k', steps: Float64Array.from(all), timestamps: Float64Array.from(all).reverse(), values: Float64Array.from(all) };
    assert.equal(historyAnswerJson(h, all.length), generic(h, all.length));
  });

  test('the forms MLflow gives NaN and the infinities, and -0 as 0', () => {
    const h = { key: 'k', steps: Float64Array.of(-1, 0, 1, 2), timestamps: Float64Array.of(5, 6, 7, 8), values: Float64Array.of(NaN, Infinity, -Infinity, -0) };
    const answer = JSON.parse(historyAnswerJson(h, 4)) as { metrics: { value: unknown; step: number }[] };
    assert.deepEqual(answer.metrics.map((m) => m.value), ['NaN', 'Infinity', '-Infinity', 0]);
    assert.deepEqual(answer.metrics.map((m) => m.step), [-1, 0, 1, 2]);
  });

  test('an empty page is an empty answer, with the token when one follows', () => {
    const empty = { key: 'k', steps: new Float64Array(0), timestamps: new Float64Array(0), values: new Float64Array(0) };
    assert.equal(historyAnswerJson(empty, 0), '{}');
    assert.equal(historyAnswerJson(empty, 0, 'abc='), '{"next_page_token":"abc="}');
    assert.equal(historyAnswerJson(empty, 0, 'abc='), generic(empty, 0, 'abc='));
  });
});
