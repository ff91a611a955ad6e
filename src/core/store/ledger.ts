import type { LineageEdge } from '../lineage/edges';
import type { PipelineRunRecord, StageExecutionRecord } from './embeddedStore';
import { run } from './runs';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import * as check from './validate';

// The workbench's own ledger in the embedded store (tables in workbenchSchema.ts): pipeline runs,
// stage executions and lineage edges.

export async function recordPipelineRun(core: StoreCore, r: PipelineRunRecord): Promise<void> {
  run(core.sql, r.runId);
  await core.commit({ op: 'recordPipelineRun', ...r });
}

export async function recordStageExecution(core: StoreCore, r: StageExecutionRecord): Promise<void> {
  await core.commit({ op: 'recordStageExecution', ...r });
}

export function lastSuccessfulExecution(sql: SqlRunner, stage: string): StageExecutionRecord | undefined {
  const row = sql.row<[string, string, string, string, string | null, number | null, number | null, number | null, string | null, string | null]>(
    `SELECT pipeline_run_uuid, stage, run_uuid, status, reason, started_at, ended_at, exit_code, cached_from, fingerprint FROM mlops_stage_executions
     WHERE stage = ? AND status = 'FINISHED' AND fingerprint IS NOT NULL ORDER BY ended_at DESC LIMIT 1`,
    [stage],
  );
  if (!row) return undefined;
  const [pipelineRunId, , runId, status, reason, startedAt, endedAt, exitCode, cachedFrom, fingerprint] = row;
  return { pipelineRunId, stage, runId, status, reason, startedAt, endedAt, exitCode, cachedFrom, fingerprint };
}

export function lastSuccessfulEnds(sql: SqlRunner): { stage: string; runId: string; endedAt: number | null }[] {
  // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
  const rows = sql.rows<[string, string, number | null]>(
    `SELECT stage, run_uuid, MAX(ended_at) FROM mlops_stage_executions WHERE status = 'FINISHED' AND fingerprint IS NOT NULL GROUP BY stage`,
  );
  return rows.map(([stage, runId, endedAt]) => ({ stage, runId, endedAt }));
}

export async function recordLineageEdges(core: StoreCore, edges: LineageEdge[]): Promise<void> {
  const kinds = ['run', 'file', 'delta_table', 'model_version', 'commit'];
  const rows = edges.map((e): [string, string, string, string, string] => {
    if (!kinds.includes(e.fromKind) || !kinds.includes(e.toKind)) throw check.invalid(`Unknown lineage node kind in ${JSON.stringify(e)}; kinds: ${kinds.join(', ')}.`);
    return [e.fromKind, check.checkString('Lineage node id', e.fromId, 65535), e.toKind, check.checkString('Lineage node id', e.toId, 65535), check.checkString('Lineage relation', e.relation, 64)];
  });
  if (rows.length > 0) await core.commit({ op: 'recordLineageEdges', time: Date.now(), edges: rows });
}
