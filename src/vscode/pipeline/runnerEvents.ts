// Reading the runner's events from `mlops run` with MLOPS_EVENTS_FD (src/cli/eventsPipe.ts): one JSON
// object per line. Plain logic, no `vscode`. A line that is not a known event is handed to
// `onBadLine` and skipped: a newer CLI may send kinds this editor does not know.
import type { RunnerEvent } from '../../core/pipeline/runner';
import type { RunStatus } from '../../core/store/types';

const runStatuses: readonly string[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] satisfies RunStatus[];

/** Splits a byte stream into lines and parses each into an event. */
export class EventLineReader {
  private partial = '';

  constructor(
    private readonly onEvent: (event: RunnerEvent) => void,
    private readonly onBadLine: (line: string, why: string) => void = () => undefined,
  ) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.slice(end + 1);
    for (const line of text.slice(0, end).split('\n')) this.line(line);
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    const rest = this.partial;
    this.partial = '';
    if (rest !== '') this.line(rest);
  }

  private line(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseRunnerEvent(line);
    if (typeof parsed === 'string') this.onBadLine(line, parsed);
    else this.onEvent(parsed);
  }
}

/** The event a line holds, or why it holds none. */
export function parseRunnerEvent(line: string): RunnerEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const e = value as Record<string, unknown>;
  const str = (key: string) => typeof e[key] === 'string';
  const strings = (key: string) => Array.isArray(e[key]) && (e[key] as unknown[]).every((s) => typeof s === 'string');
  const status = (key: string) => typeof e[key] === 'string' && runStatuses.includes(e[key] as string);
  const ok = (() => {
    switch (e.kind) {
      case 'pipelineStarted':
        return str('runId') && strings('stages');
      case 'stageStarted':
        return str('stage') && str('runId') && strings('reasons');
      case 'stageSkipped':
        return str('stage') && str('runId') && str('cachedFrom');
      case 'output':
        return str('stage') && str('chunk');
      case 'metric':
        return str('stage') && str('runId') && Array.isArray(e.points);
      case 'stageEnded':
        return str('stage') && str('runId') && status('status') && (e.exitCode === null || typeof e.exitCode === 'number') && typeof e.metrics === 'number';
      case 'warning':
        return str('stage') && str('message');
      case 'gateChecked':
        return str('gate') && str('stage') && str('runId') && typeof e.passed === 'boolean' && typeof e.result === 'object' && e.result !== null;
      case 'registration':
        return str('model') && typeof e.registered === 'boolean' && str('message');
      case 'pipelineEnded':
        return str('runId') && status('status');
      default:
        return undefined;
    }
  })();
  if (ok === undefined) return `unknown kind ${JSON.stringify(e.kind)}`;
  return ok ? (e as unknown as RunnerEvent) : `a ${String(e.kind)} event with missing or mistyped fields`;
}
