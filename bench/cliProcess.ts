import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

// Commands the pipeline figures time as a user runs them: a fresh process each, its wall time, and
// the CPU time it and its children used (from the shell's `times`), which a loaded machine inflates
// far less than wall time.

export const cliPath = path.join(__dirname, '..', 'dist', 'cli.js');

export interface Timed {
  wallMs: number;
  cpuMs: number;
}

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` in `cwd` and returns its output; throws, with the output, when it exits non-zero. */
export function mustRun(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const done = run(cmd, args, cwd, env);
  if (done.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${done.status}:\n${tail(done.stdout)}\n${tail(done.stderr)}`);
  return done.stdout;
}

export function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Finished {
  const done = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (done.error) throw done.error;
  return { status: done.status, stdout: done.stdout, stderr: done.stderr };
}

/** Times `cmd args` with its output discarded; throws when it exits non-zero. */
export function timeCommand(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Timed {
  const start = performance.now();
  const done = spawnSync('/bin/sh', ['-c', '"$@" > /dev/null; code=$?; times; exit $code', 'sh', cmd, ...args], { cwd, env, encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (done.error) throw done.error;
  if (done.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${done.status}:\n${tail(done.stderr)}`);
  // `times` prints the shell's user and system time, then its children's: "0m1.230000s 0m0.040000s".
  const children = done.stdout.trim().split('\n').pop() ?? '';
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => (Number(m[1]) * 60 + Number(m[2])) * 1000);
  if (parts.length !== 2) throw new Error(`Could not read the CPU time of \`${cmd}\` from the shell's \`times\`: ${JSON.stringify(done.stdout)}`);
  return { wallMs, cpuMs: parts[0] + parts[1] };
}

function tail(text: string): string {
  return text.length > 3000 ? `…${text.slice(-3000)}` : text;
}
