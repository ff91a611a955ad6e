import * as path from 'node:path';
import type { StoredPoint } from './ops';
import { StoreError, type Metric } from './types';

// Input checks with MLflow's limits and error codes. A write that fails here changes nothing.

const MAX_KEY = 250;
const MAX_PARAM_VALUE = 6000;
const MAX_TAG_VALUE = 8000;
const MAX_DOUBLE = 1.7976931348623157e308;

export function invalid(message: string): StoreError {
  return new StoreError('INVALID_PARAMETER_VALUE', message);
}

export function checkName(kind: string, name: unknown, max = MAX_KEY): string {
  if (typeof name !== 'string' || name.length === 0) throw invalid(`${kind} must be a non-empty string, got ${JSON.stringify(name)}.`);
  if (name.length > max) throw invalid(`${kind} '${name.slice(0, 40)}…' is ${name.length} characters; the limit is ${max}.`);
  return name;
}

/** Metric, param and tag keys: MLflow refuses keys that could climb out of a folder. */
export function checkKey(kind: string, key: unknown): string {
  const k = checkName(`${kind} key`, key);
  if (k.startsWith('/') || k.split('/').includes('..')) throw invalid(`${kind} key '${k}' may not be absolute or contain '..'.`);
  return k;
}

export function checkString(kind: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalid(`${kind} must be a string, got ${typeof value}.`);
  if (value.length > max) throw invalid(`${kind} is ${value.length} characters; the limit is ${max}.`);
  return value;
}

export const checkParamValue = (key: string, v: unknown) => checkString(`Param '${key}' value`, v, MAX_PARAM_VALUE);
export const checkTagValue = (key: string, v: unknown) => checkString(`Tag '${key}' value`, v, MAX_TAG_VALUE);

export function checkInteger(kind: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalid(`${kind} must be an integer, got ${JSON.stringify(v)}.`);
  return v;
}

/** A metric point as MLflow stores it: NaN becomes 0 with is_nan, ±inf the largest double. */
export function toStoredPoint(m: Metric): StoredPoint {
  const key = checkKey('Metric', m.key);
  if (typeof m.value !== 'number') throw invalid(`Metric '${key}' value must be a number, got ${JSON.stringify(m.value)}.`);
  const timestamp = checkInteger(`Metric '${key}' timestamp`, m.timestamp);
  const step = checkInteger(`Metric '${key}' step`, m.step ?? 0);
  if (Number.isNaN(m.value)) return [key, 0, timestamp, step, 1];
  if (m.value === Infinity) return [key, MAX_DOUBLE, timestamp, step, 0];
  if (m.value === -Infinity) return [key, -MAX_DOUBLE, timestamp, step, 0];
  return [key, m.value, timestamp, step, 0];
}

export function notFound(what: string): StoreError {
  return new StoreError('RESOURCE_DOES_NOT_EXIST', `${what} not found.`);
}

/** Whether a name would mean another name as a file path (MLflow's path_not_unique). */
function pathNotUnique(name: string): boolean {
  const norm = path.posix.normalize(name).replace(/(.)\/+$/, '$1');
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** A registered model's name, as MLflow's _validate_model_name checks it. */
export function checkModelName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalid(`A registered model name must be a non-empty string, got ${JSON.stringify(name)}.`);
  if (name.includes('/') || name.includes(':')) throw invalid(`Invalid model name '${name}'. Names cannot contain '/' or ':'.`);
  if (pathNotUnique(name)) throw invalid(`Invalid model name '${name}': it would resolve to '${path.posix.normalize(name)}' as a file name.`);
  return checkName('Registered model name', name, 256);
}

/** A model version number: MLflow accepts anything int() reads. */
export function checkVersion(version: unknown): number {
  const text = typeof version === 'number' ? String(version) : version;
  if (typeof text !== 'string' || !/^\s*[+]?\d+\s*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalid(`Model version must be an integer, got ${JSON.stringify(version)}.`);
  }
  return Number(text);
}
