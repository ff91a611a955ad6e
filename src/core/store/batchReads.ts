import type { SqlValue } from 'sql.js';
import { RUN_COLUMNS, storedToNumber, toRunInfo, type RunRow } from './reads';
import type { SqlRunner } from './sqlRunner';
import type { DatasetInput, Run } from './types';

// Many runs read at once, for search results: one set query per table instead of readRun's
// queries per run. Contract: readRuns(sql, ids) deep-equals ids.map((id) => readRun(sql, id))
// (without model inputs, which MLflow's run search leaves out), fields and their order included;
// test/unit/store/batchReads.test.ts holds it to that.
//
// The ids go in as one JSON array read by json_each (no limit on their number): `wanted.key` is an
// id's position in the list, so each row comes back with the index of its run, not its 32-digit id.

const WANTED = 'json_each(?) AS wanted';

/** The runs with these ids, in the same order (a repeated id gives the same object). Every id must name a run. */
export function readRuns(sql: SqlRunner, ids: readonly string[]): Run[] {
  const distinct = [...new Set(ids)];
  const runs = readDistinctRuns(sql, distinct);
  if (distinct.length === ids.length) return runs;
  const byId = new Map(distinct.map((id, i) => [id, runs[i]]));
  return ids.map((id) => byId.get(id)!);
}

function readDistinctRuns(sql: SqlRunner, ids: string[]): Run[] {
  if (ids.length === 0) return [];
  const wanted = [JSON.stringify(ids)];
  const runs: (Run | undefined)[] = new Array(ids.length);
  for (const [at, ...row] of sql.rows<[number, ...RunRow]>(`SELECT wanted.key, ${RUN_COLUMNS} FROM ${WANTED} JOIN runs ON runs.run_uuid = wanted.value`, wanted)) {
    runs[at] = { info: toRunInfo(row), data: { metrics: [], params: {}, tags: {} }, inputs: { datasetInputs: [] }, outputs: { modelOutputs: [] } };
  }
  const missing = runs.findIndex((run) => run === undefined);
  if (missing !== -1) throw new Error(`readRuns: no run with id '${ids[missing]}'.`);
  const found = runs as Run[];
  // Ordered by key, so each run's entries arrive in readRun's order.
  for (const [at, key, value, timestamp, step, isNan] of sql.rows<[number, string, number, number, number, number]>(
    `SELECT wanted.key, m.key, m.value, m.timestamp, m.step, m.is_nan FROM ${WANTED} JOIN latest_metrics AS m ON m.run_uuid = wanted.value ORDER BY m.key`,
    wanted,
  )) {
    found[at].data.metrics.push({ key, value: storedToNumber(value, isNan), timestamp, step });
  }
  for (const [at, key, value] of sql.rows<[number, SqlValue, SqlValue]>(`SELECT wanted.key, p.key, p.value FROM ${WANTED} JOIN params AS p ON p.run_uuid = wanted.value ORDER BY p.key`, wanted)) {
    found[at].data.params[String(key)] = text(value);
  }
  for (const [at, key, value] of sql.rows<[number, SqlValue, SqlValue]>(`SELECT wanted.key, t.key, t.value FROM ${WANTED} JOIN tags AS t ON t.run_uuid = wanted.value ORDER BY t.key`, wanted)) {
    found[at].data.tags[String(key)] = text(value);
  }
  readDatasetInputs(sql, wanted, found);
  // As readRun (and MLflow, through the inputs table's key): by model id.
  for (const [at, modelId, step] of sql.rows<[number, string, number]>(
    `SELECT wanted.key, o.destination_id, o.step FROM ${WANTED} JOIN inputs AS o
     ON o.source_type = 'RUN_OUTPUT' AND o.source_id = wanted.value AND o.destination_type = 'MODEL_OUTPUT' ORDER BY o.destination_id`,
    wanted,
  )) {
    found[at].outputs.modelOutputs.push({ modelId, step });
  }
  return found;
}

function readDatasetInputs(sql: SqlRunner, wanted: string[], runs: Run[]): void {
  const rows = sql.rows<[number, string, string, string, string, string, string | null, string | null]>(
    `SELECT wanted.key, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
     FROM ${WANTED} JOIN inputs AS i ON i.destination_type = 'RUN' AND i.destination_id = wanted.value AND i.source_type = 'DATASET'
     JOIN datasets AS d ON d.dataset_uuid = i.source_id ORDER BY d.name`,
    wanted,
  );
  if (rows.length === 0) return;
  const byInput = new Map<string, DatasetInput>();
  for (const [at, inputUuid, name, digest, sourceType, source, schema, profile] of rows) {
    const input: DatasetInput = {
      dataset: { name, digest, sourceType, source, ...(schema != null && { schema }), ...(profile != null && { profile }) },
      tags: {},
    };
    byInput.set(inputUuid, input);
    runs[at].inputs.datasetInputs.push(input);
  }
  // readRun reads each input's tags along input_tags' primary key (input_uuid, name): in name order.
  for (const [inputUuid, name, value] of sql.rows<[string, SqlValue, SqlValue]>(
    'SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN (SELECT value FROM json_each(?)) ORDER BY input_uuid, name',
    [JSON.stringify([...byInput.keys()])],
  )) {
    byInput.get(inputUuid)!.tags[String(name)] = text(value);
  }
}

function text(v: SqlValue): string {
  return v == null ? '' : String(v);
}
