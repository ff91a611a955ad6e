import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StageExecutionRecord } from '../store/embeddedStore';
import type { LedgerEnds } from './ledgerEnds';
import type { StageFingerprint, SuccessfulExecution } from './stageState';

// Where a stage's last successful execution is found. The embedded store's ledger
// (mlops_stage_executions, with the fingerprint) is the record; a store reached over REST (the
// live owner's server, a remote MLflow server) has no ledger, so every successful execution is
// also written to `stages.json` in the store folder (the latest per stage). Looking up takes the
// newer of the two, so runs made through a live owner and runs made as the owner agree.
//
// stages.json: {"version": 1, "stages": {"<stage>": {"runId", "endedAt", "fingerprint"}}},
// written whole to a temp file then renamed over the old one.

export const STAGES_FILE = 'stages.json';
const VERSION = 1;

/** The folder stages.json belongs in: the embedded store's own, else `.mlops` beside mlops.yaml. */
export function stateDirFor(root: string, store: unknown): string {
  const dir = (store as { dir?: unknown } | undefined)?.dir;
  return typeof dir === 'string' ? dir : path.join(root, '.mlops');
}

/** The ledger read the embedded store offers (see embeddedStore.ts). */
export interface LedgerReader {
  lastSuccessfulExecution(stage: string): Promise<StageExecutionRecord | undefined>;
  /** Optional: when each stage's lastSuccessfulExecution ended, for all stages in one read. */
  lastSuccessfulEnds?(): Promise<{ stage: string; runId: string; endedAt: number | null }[]>;
}

export class StageHistory {
  private constructor(
    private readonly file: string,
    private readonly recorded: Map<string, SuccessfulExecution>,
    private readonly ledger: Partial<LedgerReader> | undefined,
  ) {}

  /** The history kept in `stateDir` (the store folder), plus the ledger when the store has one. */
  static load(stateDir: string, ledger?: Partial<LedgerReader>): StageHistory {
    const file = path.join(stateDir, STAGES_FILE);
    return new StageHistory(file, readStagesFile(file), ledger?.lastSuccessfulExecution ? ledger : undefined);
  }

  async last(stage: string): Promise<SuccessfulExecution | undefined> {
    const fromFile = this.recorded.get(stage);
    const row = await this.ledger?.lastSuccessfulExecution?.(stage);
    const fromLedger = row?.fingerprint && row.runId && row.endedAt !== null ? { runId: row.runId, endedAt: row.endedAt, fingerprint: JSON.parse(row.fingerprint) as StageFingerprint } : undefined;
    if (!fromFile) return fromLedger;
    if (!fromLedger) return fromFile;
    return fromLedger.endedAt > fromFile.endedAt ? fromLedger : fromFile;
  }

  /** This history, read together with `ledger`. */
  withLedger(ledger?: Partial<LedgerReader>): StageHistory {
    return new StageHistory(this.file, this.recorded, ledger?.lastSuccessfulExecution ? ledger : undefined);
  }

  /** The ledger's ends (see LedgerReader.lastSuccessfulEnds), read at once; undefined when it cannot list them. */
  async ledgerEnds(): Promise<LedgerEnds | undefined> {
    if (!this.ledger?.lastSuccessfulEnds) return undefined;
    return new Map((await this.ledger.lastSuccessfulEnds()).map((e) => [e.stage, e.endedAt]));
  }

  /** Whether stages.json's record of `stage` is what `last` gives, the ledger's last successful one ending as `ends` says. */
  fileIsCurrent(stage: string, ends: LedgerEnds): boolean {
    const end = ends.get(stage);
    const fromFile = this.recorded.get(stage);
    // As in `last`: the ledger's record counts only when it ended after the file's.
    return end === undefined || end === null || (fromFile !== undefined && end <= fromFile.endedAt);
  }

  /**
   * `last` of each stage, with the ledger's ends read once (or given): a stage's record is fetched
   * from the ledger only when it is newer than stages.json's (after a run whose stages.json write was lost).
   */
  async lastOfEach(stages: string[], ends?: LedgerEnds): Promise<Map<string, SuccessfulExecution | undefined>> {
    ends ??= await this.ledgerEnds();
    const found = new Map<string, SuccessfulExecution | undefined>();
    for (const stage of stages) found.set(stage, ends && this.fileIsCurrent(stage, ends) ? this.recorded.get(stage) : await this.last(stage));
    return found;
  }

  /** Records a successful execution in stages.json (re-read first: another process may have written). */
  record(stage: string, execution: SuccessfulExecution): void {
    const latest = readStagesFile(this.file);
    latest.set(stage, execution);
    this.recorded.set(stage, execution);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ version: VERSION, stages: Object.fromEntries(latest) }));
    fs.renameSync(temp, this.file);
  }
}

function readStagesFile(file: string): Map<string, SuccessfulExecution> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return new Map();
  }
  try {
    const parsed = JSON.parse(text) as { version?: number; stages?: Record<string, SuccessfulExecution> };
    if (parsed.version !== VERSION || !parsed.stages || typeof parsed.stages !== 'object') throw new Error(`unknown format`);
    return new Map(Object.entries(parsed.stages).filter(([, e]) => typeof e?.runId === 'string' && typeof e.endedAt === 'number' && e.fingerprint));
  } catch (err) {
    // Losing it only makes stages run again; say so rather than stop.
    process.emitWarning(`${file} cannot be read (${(err as Error).message}); stages it recorded will run again.`);
    return new Map();
  }
}
