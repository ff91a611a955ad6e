// `mlops run` as the editor starts it (the built CLI as a child process, MLOPS_EVENTS_FD=3): its
// human output on stdout, its events on the extra pipe, cancel by SIGINT. Needs `npm run build`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunnerEvent } from '../../../src/core/pipeline/runner';
import { PipelineProcess, type ProcessEnd } from '../../../src/vscode/pipeline/pipelineProcess';
import { cliInvocation, type RunRequest } from '../../../src/vscode/pipeline/runRequest';
import { cliPath, projectWith } from '../../fixtures/pipelines';

interface Captured {
  stdout: string;
  stderr: string;
  events: RunnerEvent[];
  bad: string[];
  end: ProcessEnd;
}

function start(request: RunRequest, onStdout: (text: string, process: PipelineProcess) => void = () => undefined, env: Record<string, string> = {}): Promise<Captured> {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run npm run build`);
  const captured = { stdout: '', stderr: '', events: [] as RunnerEvent[], bad: [] as string[] };
  const invocation = cliInvocation(request, { cliPath, execPath: process.execPath, electron: false });
  const child: PipelineProcess = new PipelineProcess({ ...invocation, env: { ...invocation.env, ...env } }, {
    onStdout: (text) => {
      captured.stdout += text;
      onStdout(captured.stdout, child);
    },
    onStderr: (text) => (captured.stderr += text),
    onEvent: (event) => captured.events.push(event),
    onBadEventLine: (line, why) => captured.bad.push(`${why}: ${line}`),
  });
  return child.ended.then((end) => ({ ...captured, end }));
}

/** The last event, without its run id. */
function endOf(events: RunnerEvent[]): unknown {
  const last = events.at(-1);
  return last?.kind === 'pipelineEnded' ? { kind: last.kind, status: last.status } : last;
}

const project = projectWith({
  'mlops.yaml': `version: 1
experiment: editor
stages:
  hello:
    cmd: 'echo "hello from the stage, events fd: \${MLOPS_EVENTS_FD:-unset}" > hello.txt; cat hello.txt'
    outs: [hello.txt]
  shout:
    cmd: tr a-z A-Z < hello.txt > shout.txt
    deps: [hello.txt]
    outs: [shout.txt]
  slow:
    cmd: 'echo $$ > slow.pid; echo ready; sleep 60'
    deps: [shout.txt]
`,
});
after(project.cleanup);
const file = path.join(project.dir, 'mlops.yaml');

describe('mlops run driven by the editor', () => {
  it('streams output on stdout and every runner event but output on fd 3, in order', async () => {
    const run = await start({ file, stages: ['hello', 'shout'], downstream: false });
    assert.equal(run.end.exitCode, 0, run.stderr);
    assert.deepEqual(run.bad, []);
    // Warnings about the run as a whole (e.g. no git repository) may come too: they are not stages' steps.
    assert.deepEqual(run.events.filter((e) => e.kind !== 'warning').map((e) => `${e.kind}${'stage' in e ? ` ${e.stage}` : ''}`), [
      'pipelineStarted', 'stageStarted hello', 'stageEnded hello', 'stageStarted shout', 'stageEnded shout', 'pipelineEnded',
    ]);
    const [started, , ended] = run.events.filter((e) => e.kind !== 'warning');
    assert.deepEqual(started, { kind: 'pipelineStarted', runId: (started as { runId: string }).runId, stages: ['hello', 'shout'] });
    assert.deepEqual(ended && { ...ended, runId: '' }, { kind: 'stageEnded', stage: 'hello', runId: '', status: 'FINISHED', exitCode: 0, metrics: 0 });
    assert.deepEqual(endOf(run.events), { kind: 'pipelineEnded', status: 'FINISHED' });
    assert.match(run.stdout, /── hello ── never run\n\[hello\] hello from the stage/);
    assert.match(readFileSync(path.join(project.dir, 'shout.txt'), 'utf8'), /^HELLO FROM THE STAGE/);
  });

  it('does not hand the events pipe on to stage processes', () => {
    assert.match(readFileSync(path.join(project.dir, 'hello.txt'), 'utf8'), /events fd: unset$/m);
  });

  it('a second run skips the stages that are up to date', async () => {
    const run = await start({ file, stages: ['hello', 'shout'], downstream: false });
    assert.equal(run.end.exitCode, 0, run.stderr);
    assert.deepEqual(run.events.filter((e) => e.kind === 'stageSkipped').map((e) => (e as { stage: string }).stage), ['hello', 'shout']);
  });

  it('cancel: SIGINT ends the running stage and the run KILLED, and the stage process is gone', async () => {
    let cancelled = false;
    const run = await start({ file, stages: ['slow'], downstream: false }, (stdout, child) => {
      if (!cancelled && stdout.includes('[slow] ready')) {
        cancelled = true;
        child.cancel();
      }
    });
    assert.ok(cancelled, run.stdout);
    assert.equal(run.end.exitCode, 1, run.stderr);
    assert.deepEqual(run.events.filter((e) => e.kind === 'stageEnded').map((e) => (e as { status: string }).status), ['KILLED']);
    assert.deepEqual(endOf(run.events), { kind: 'pipelineEnded', status: 'KILLED' });
    const pid = Number(readFileSync(path.join(project.dir, 'slow.pid'), 'utf8'));
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `stage process ${pid} is still alive`);
  });

  it('a run that cannot start says why on stderr and sends no event', async () => {
    const run = await start({ file, stages: ['trian'], downstream: false });
    assert.equal(run.end.exitCode, 1);
    assert.match(run.stderr, /^mlops: Unknown stage: trian\. Stages: hello, shout, slow\./m);
    assert.deepEqual(run.events, []);
  });

  it('an events fd that is no number is refused', async () => {
    const run = await start({ file, stages: ['hello'], downstream: false }, undefined, { MLOPS_EVENTS_FD: 'stdout' });
    assert.equal(run.end.exitCode, 1);
    assert.match(run.stderr, /MLOPS_EVENTS_FD=stdout: give the number of an open file descriptor, 3 or more\./);
  });
});
