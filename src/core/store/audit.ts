import type { SqlRunner } from './sqlRunner';
import { checkInteger, checkString, invalid } from './validate';

// The registry's audit trail (table mlops_audit_trail, workbenchSchema.ts): one entry per
// registration, alias move or stage transition, kept beside MLflow's tables. MLflow has no such
// table, so only the embedded store keeps one; callers holding a remote store check for
// `recordAudit` first.
//
// Contract: entries are never changed or removed; readAudit answers them oldest first (by `at`,
// then in the order they were recorded).

export interface AuditEntry {
  modelName: string;
  /** The model version the entry is about; null when it concerns the model as a whole. */
  version: string | null;
  action: string /* 'register' | 'set-alias' | 'delete-alias' | 'transition-stage' | 'rollback' */;
  /** The alias or stage that moved. */
  target: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  actor: string;
  /** Milliseconds since the epoch. */
  at: number;
  runId: string | null;
  gitCommit: string | null;
}

export interface AuditTrail {
  recordAudit(e: AuditEntry): Promise<void>;
  /** Oldest first. */
  readAudit(modelName: string): Promise<AuditEntry[]>;
}

export type AuditOp = { op: 'recordAudit'; entry: AuditEntry };

/** The entry as it will be stored; refuses what the table cannot hold faithfully. */
export function checkAuditEntry(e: AuditEntry): AuditEntry {
  if (typeof e !== 'object' || e === null) throw invalid('An audit entry must be an object.');
  const text = (kind: string, v: unknown, max: number) => {
    const s = checkString(`Audit ${kind}`, v, max);
    if (s === '') throw invalid(`Audit ${kind} must not be empty.`);
    return s;
  };
  const optional = (kind: string, v: unknown, max: number) => (v === null || v === undefined ? null : checkString(`Audit ${kind}`, v, max));
  const version = e.version === null || e.version === undefined ? null : String(e.version);
  if (version !== null && !/^[1-9]\d{0,8}$/.test(version)) throw invalid(`Audit version must be a positive integer or null, got ${JSON.stringify(e.version)}.`);
  const gitCommit = optional('git commit', e.gitCommit, 40);
  if (gitCommit !== null && !/^[0-9a-f]{4,40}$/i.test(gitCommit)) throw invalid(`Audit git commit must be a hex commit id, got ${JSON.stringify(gitCommit)}.`);
  return {
    modelName: text('model name', e.modelName, 256),
    version,
    action: text('action', e.action, 64),
    target: text('target', e.target, 256),
    from: optional('from', e.from, 256),
    to: optional('to', e.to, 256),
    reason: optional('reason', e.reason, 5000),
    actor: text('actor', e.actor, 512),
    at: checkInteger('Audit time', e.at),
    runId: optional('run id', e.runId, 32),
    gitCommit,
  };
}

export function applyAuditOp(sql: SqlRunner, o: AuditOp): void {
  const e = o.entry;
  sql.run(
    `INSERT INTO mlops_audit_trail (model_name, version, action, target, from_value, to_value, reason, actor, at, run_uuid, git_commit)
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    [e.modelName, e.version === null ? null : Number(e.version), e.action, e.target, e.from, e.to, e.reason, e.actor, e.at, e.runId, e.gitCommit],
  );
}

export function readAudit(sql: SqlRunner, modelName: string): AuditEntry[] {
  const rows = sql.rows<[string, number | null, string, string, string | null, string | null, string | null, string, number, string | null, string | null]>(
    `SELECT model_name, version, action, target, from_value, to_value, reason, actor, at, run_uuid, git_commit
     FROM mlops_audit_trail WHERE model_name = ? ORDER BY at, id`,
    [modelName],
  );
  return rows.map(([name, version, action, target, from, to, reason, actor, at, runId, gitCommit]) => ({
    modelName: name,
    version: version === null ? null : String(version),
    action,
    target,
    from,
    to,
    reason,
    actor,
    at,
    runId,
    gitCommit,
  }));
}
