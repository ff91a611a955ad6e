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
    at = copy(out, at, head);
    at = ascii(out, at, doubleText(values[i]));
    at = copy(out, at, TIMESTAMP);
    at = number(out, at, timestamps[i]);
    at = copy(out, at, STEP);
    at = number(out, at, steps[i]);
    out[at++] = 0x7d; // }
  }
  at = copy(out, at, tail);
  return out.subarray(0, at);
}

function copy(out: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) out[at++] = bytes[k];
  return at;
}

/** Text of ASCII characters only (numbers, and MLflow's words for NaN and the infinities). */
function ascii(out: Uint8Array, at: number, text: string): number {
  for (let k = 0; k < text.length; k++) out[at++] = text.charCodeAt(k);
  return at;
}

/** A number as JSON.stringify writes it; integers (timestamps, steps) digit by digit, faster than V8's text for those beyond int32. */
function number(out: Uint8Array, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) return ascii(out, at, n - n === 0 ? `${n}` : 'null'); // `${-0}` is "0", as JSON.stringify writes it
  if (n < 0) {
    out[at++] = 0x2d; // -
    n = -n;
  }
  let digits = 1;
  for (let p = 10; p <= n && digits < 16; p *= 10) digits++;
  const end = at + digits;
  for (let k = end - 1; k >= at; k--) {
    const rest = Math.floor(n / 10); // exact: n < 2^53, so n / 10 is within 0.125 of its true value
    out[k] = 0x30 + (n - rest * 10);
    n = rest;
  }
  return end;
}

/** doubleJson's forms: NaN and the infinities as MLflow's strings, other values as JSON numbers. */
function doubleText(v: number): string {
  if (v - v === 0) return `${v}`;
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  return '"NaN"';
}
