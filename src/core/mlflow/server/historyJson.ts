import type { MetricHistory } from '../../store/types';

// A metrics/get-history answer written as bytes straight from the history's columns. The bytes are
// exactly the UTF-8 of JSON.stringify(compact({ metrics: historyJson(h, 0, count), next_page_token })),
// json.ts's generic path (test/unit/mlflowServer/historyJson.test.ts compares them), without an
// object and a few strings per point: pages hold 25,000 points, as the mlflow client asks for them,
// and building them as strings cost as much again in garbage collection.

const enc = new TextEncoder();
const TIMESTAMP = enc.encode(',"timestamp":');
const STEP = enc.encode(',"step":');
/** The most bytes one point takes beyond its key: each number at most 24 characters ("-1.7976931348623157e+308"). */
const POINT_BYTES = 3 * 24 + TIMESTAMP.length + STEP.length + 2;

/** The answer for the first `count` points of `h`, with the token of the next page if there is one. */
export function historyAnswerJson(h: MetricHistory, count: number, nextPageToken?: string): Uint8Array {
  const token = nextPageToken === undefined ? '' : `"next_page_token":${JSON.stringify(nextPageToken)}`;
  if (count === 0) return enc.encode(`{${token}}`); // compact() drops an empty list
  const head = enc.encode(`{"key":${JSON.stringify(h.key)},"value":`);
  const tail = enc.encode(`]${token && `,${token}`}}`);
  const out = Buffer.allocUnsafe(16 + count * (head.length + POINT_BYTES) + tail.length);
  let at = out.write('{"metrics":[', 'latin1');
  const { values, timestamps, steps } = h;
  for (let i = 0; i < count; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    out.set(head, at);
    at += head.length;
    at = writeAscii(out, at, doubleText(values[i]));
    at = copy(out, at, TIMESTAMP);
    at = writeNumber(out, at, timestamps[i]);
    at = copy(out, at, STEP);
    at = writeNumber(out, at, steps[i]);
    out[at++] = 0x7d; // }
  }
  at = copy(out, at, tail);
  return out.subarray(0, at);
}

function copy(out: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) out[at++] = bytes[k];
  return at;
}

/** ASCII text as it is (numbers, names, and MLflow's words for NaN and the infinities). */
function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let k = 0; k < text.length; k++) out[at++] = text.charCodeAt(k);
  return at;
}

/** JSON.stringify(n): null when not finite; safe integers (timestamps, steps) digit by digit, faster than V8's text beyond int32. */
function writeNumber(out: Uint8Array, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) return writeAscii(out, at, n - n === 0 ? `${n}` : 'null'); // `${-0}` is "0", as JSON.stringify writes it
  if (n < 0) {
    out[at++] = 0x2d; // -
    n = -n;
  }
  if (n < 1e9) return digits(out, at, n, false);
  // Exact: a quotient short of an integer k falls at least 1e-9 below it, and below 2^24 a double
  // rounds up to k only from within 2^-30 (under 1e-9) of it.
  const high = Math.floor(n / 1e9);
  at = digits(out, at, high, false);
  return digits(out, at, n - high * 1e9, true);
}

/** The digits of 0 <= n < 1e9; `nine`: padded to nine digits with leading zeros. */
function digits(out: Uint8Array, at: number, n: number, nine: boolean): number {
  let count = 9;
  if (!nine) for (count = 1; count < 9 && n >= POWERS[count]; ) count++;
  let v = n | 0;
  for (let k = at + count - 1; k >= at; k--) {
    const rest = (v / 10) | 0;
    out[k] = 0x30 + v - rest * 10;
    v = rest;
  }
  return at + count;
}

const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** json.ts's doubleJson, stringified: NaN and the infinities as MLflow's strings, other values as numbers. */
function doubleText(v: number): string {
  if (v - v === 0) return `${v}`;
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  return '"NaN"';
}
