import { writeSync } from 'node:fs';
import type { RunnerEvent } from '../core/pipeline/runner';

// The runner's events for a program driving `mlops run` (the editor): with MLOPS_EVENTS_FD=N in
// the environment (N ≥ 3, a pipe the caller opened), each event is written to fd N as one line of
// JSON (NDJSON), in the order the runner emits them. `output` events are left out: the stages'
// output goes to stdout as a person reads it. A metric point whose value is NaN or ±Infinity is
// written as null (JSON has no such numbers). The variable is removed from this process's
// environment so stage processes (and an `mlops` they start) do not inherit it.
// Writes are synchronous, so every event is on the pipe before the process exits; when the reader
// has gone (EPIPE), events stop and the run goes on.

export const eventsFdVariable = 'MLOPS_EVENTS_FD';

export interface EventsPipe {
  write(event: RunnerEvent): void;
}

/** The pipe named by MLOPS_EVENTS_FD, or undefined when it is not set. Throws on a value that is no fd. */
export function openEventsPipe(env: NodeJS.ProcessEnv = process.env): EventsPipe | undefined {
  const text = env[eventsFdVariable];
  delete env[eventsFdVariable];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 3) throw new Error(`${eventsFdVariable}=${text}: give the number of an open file descriptor, 3 or more.`);
  const fd = Number(text);
  let open = true;
  return {
    write(event) {
      if (!open || event.kind === 'output') return;
      try {
        writeAll(fd, Buffer.from(`${JSON.stringify(event)}\n`));
      } catch {
        open = false;
      }
    },
  };
}

/** A pipe may take part of a write; a non-blocking one may take none for a moment (EAGAIN). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0, waits = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++waits > 10_000) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
