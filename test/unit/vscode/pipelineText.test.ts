// The command line the editor starts, the terminal text it shows, and what it says when a run ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endMessage, type RunOutcome } from '../../../src/vscode/pipeline/runOutcome';
import { cliInvocation, commandLine, describeRequest, type RunRequest } from '../../../src/vscode/pipeline/runRequest';
import { ansi, colourLine, TerminalText } from '../../../src/vscode/pipeline/terminalText';

const file = '/work space/churn/mlops.yaml';

describe('the command line', () => {
  const node = { cliPath: '/ext/dist/cli.js', execPath: '/usr/bin/node', electron: false };

  it('runs the bundled CLI in the folder of mlops.yaml, with the events pipe on fd 3', () => {
    const invocation = cliInvocation({ file, stages: ['train'], downstream: true }, node);
    assert.deepEqual(invocation, { command: '/usr/bin/node', args: ['/ext/dist/cli.js', 'run', 'train', '--downstream', '--file', file], cwd: '/work space/churn', env: { MLOPS_EVENTS_FD: '3' } });
  });

  it('in desktop VS Code runs Electron as node, and passes --force and a store from the setting', () => {
    const invocation = cliInvocation({ file, stages: [], downstream: false, force: true, store: '/stores/churn' }, { ...node, execPath: '/opt/code/code', electron: true });
    assert.deepEqual(invocation.args, ['/ext/dist/cli.js', 'run', '--force', '--file', file, '--store', '/stores/churn']);
    assert.deepEqual(invocation.env, { MLOPS_EVENTS_FD: '3', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('shows the command a user would type, quoted for a shell', () => {
    assert.equal(commandLine({ file, stages: [], downstream: false }), 'mlops run');
    assert.equal(commandLine({ file, stages: ['train'], downstream: true, force: true, store: '/my stores/x' }), "mlops --store '/my stores/x' run train --downstream --force");
    assert.equal(commandLine({ file, stages: ["it's"], downstream: false }), `mlops run 'it'\\''s'`);
  });

  it('names what runs', () => {
    assert.equal(describeRequest({ stages: [], downstream: false }), 'pipeline');
    assert.equal(describeRequest({ stages: ['train'], downstream: false }), 'stage train');
    assert.equal(describeRequest({ stages: ['train'], downstream: true }), 'train and downstream');
    assert.equal(describeRequest({ stages: ['a', 'b'], downstream: false }), 'stages a, b');
  });
});

describe('terminal text', () => {
  it('writes whole lines with \\r\\n, keeping stdout and stderr lines apart', () => {
    const text = new TerminalText();
    assert.equal(text.push('stdout', 'plain out'), '');
    assert.equal(text.push('stderr', 'plain err\nhalf'), 'plain err\r\n');
    assert.equal(text.push('stdout', 'put\r\nnext\n'), 'plain output\r\nnext\r\n');
    assert.equal(text.flush(), 'half\r\n');
    assert.equal(text.flush(), '');
  });

  it('colours stage headers, stage output prefixes, failures and warnings', () => {
    assert.equal(colourLine('stdout', '── train ── params changed: train.lr 0.5 → 0.25'), `${ansi.bold}${ansi.cyan}── train ── params changed: train.lr 0.5 → 0.25${ansi.reset}`);
    assert.equal(colourLine('stdout', '── prepare: up to date, outputs of run abc ──'), `${ansi.dim}── prepare: up to date, outputs of run abc ──${ansi.reset}`);
    assert.equal(colourLine('stdout', '── train: finished, 2 metrics ──'), `${ansi.green}── train: finished, 2 metrics ──${ansi.reset}`);
    assert.equal(colourLine('stdout', '── train: failed (exit code 1), 0 metrics ──'), `${ansi.bold}${ansi.red}── train: failed (exit code 1), 0 metrics ──${ansi.reset}`);
    assert.equal(colourLine('stdout', '[train] epoch 3 [ok]'), `${ansi.dim}[train] ${ansi.reset}epoch 3 [ok]`);
    assert.equal(colourLine('stdout', "pipeline run 4e91 in experiment 'churn': failed"), `${ansi.bold}${ansi.red}pipeline run 4e91 in experiment 'churn': failed${ansi.reset}`);
    assert.equal(colourLine('stderr', 'warning: train: declared out x was not written'), `${ansi.yellow}warning: train: declared out x was not written${ansi.reset}`);
    assert.equal(colourLine('stderr', 'mlops: Unknown stage: trian.'), `${ansi.red}mlops: Unknown stage: trian.${ansi.reset}`);
    assert.equal(colourLine('stdout', 'stage     status    metrics'), 'stage     status    metrics');
  });
});

describe('what the editor says when a run ends', () => {
  const request: RunRequest = { file, stages: [], downstream: false };
  const outcome = (o: Partial<RunOutcome>): RunOutcome => ({ request, exitCode: 0, stages: {}, gates: {}, cancelled: false, ...o });

  it('a finished run counts the stages that ran and those up to date', () => {
    assert.deepEqual(endMessage(outcome({ status: 'FINISHED', stages: { prepare: 'cached', train: 'finished', evaluate: 'finished' } })), { severity: 'info', text: 'Run of pipeline finished: 2 stages ran, 1 up to date.' });
  });

  it('a run that registered a model version names it and its alias', () => {
    const registration = { model: 'churn', registered: true, version: '2', alias: 'challenger', message: 'registered' };
    assert.equal(endMessage(outcome({ status: 'FINISHED', stages: { evaluate: 'finished' }, gates: { beats_champion: true }, registration })).text, 'Run of pipeline finished: 1 stage ran, 0 up to date. Registered churn version 2 as @challenger.');
    assert.equal(endMessage(outcome({ status: 'FINISHED', registration: { ...registration, registered: false, version: undefined } })).text, 'Run of pipeline finished: 0 stages ran, 0 up to date.');
  });

  it('a failed gate is named', () => {
    assert.deepEqual(endMessage(outcome({ exitCode: 3, status: 'FAILED', gates: { sane: true, beats_champion: false } })), {
      severity: 'warning',
      text: 'Run of pipeline: gate beats_champion failed, so the model was not registered. The terminal shows each metric against its baseline.',
    });
  });

  it('a failed stage, a failed gate, a cancelled run, and a CLI that stopped before any stage', () => {
    assert.deepEqual(endMessage(outcome({ exitCode: 1, status: 'FAILED', stages: { prepare: 'finished', train: 'failed' } })), { severity: 'error', text: 'Run of pipeline failed: stage train failed.' });
    assert.equal(endMessage(outcome({ exitCode: 3, status: 'FAILED' })).severity, 'warning');
    assert.match(endMessage(outcome({ exitCode: 3, status: 'FAILED' })).text, /a gate failed, so the model was not registered/);
    assert.deepEqual(endMessage(outcome({ exitCode: 1, status: 'KILLED', cancelled: true, request: { ...request, stages: ['train'] } })), { severity: 'info', text: 'Run of stage train cancelled.' });
    assert.deepEqual(endMessage(outcome({ exitCode: 1, error: 'mlops: The store in /w/.mlops is in use by pid 12.' })), { severity: 'error', text: 'Run of pipeline failed: The store in /w/.mlops is in use by pid 12.' });
    assert.deepEqual(endMessage(outcome({ exitCode: null })), { severity: 'error', text: 'Run of pipeline failed (the CLI was killed)' });
  });
});
