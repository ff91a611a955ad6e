// The rows a tree shows when a read fails: the problem, then what the user can do next.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import { problemNotices } from '../../../src/vscode/backend/notices';

const rows = (...args: Parameters<typeof problemNotices>): string[] =>
  problemNotices(...args).map((row) => `${row.icon} ${row.text}${row.command ? ` -> ${row.command.id}` : ''}`);

describe('notice rows for a failed read', () => {
  it('offers other credentials when a server refused them', () => {
    assert.deepEqual(rows({ kind: 'unauthenticated', message: 'refused (401)' }, 'remote'), [
      'error refused (401)',
      `refresh Retry -> ${CommandId.refresh}`,
      `plug Connect with Other Credentials… -> ${CommandId.connectToServer}`,
      `database Use Embedded Store -> ${CommandId.useEmbeddedStore}`,
    ]);
  });

  it('offers to retry or connect elsewhere when a server is unreachable', () => {
    assert.deepEqual(rows({ kind: 'unreachable', message: 'Cannot reach' }, 'remote').slice(1), [
      `refresh Retry -> ${CommandId.refresh}`,
      `plug Connect to MLflow Server… -> ${CommandId.connectToServer}`,
      `database Use Embedded Store -> ${CommandId.useEmbeddedStore}`,
    ]);
  });

  it('points at the log for the embedded store, and back to it from MLflow data', () => {
    assert.deepEqual(rows({ kind: 'other', message: 'damaged' }, 'embedded'), ['error damaged', `refresh Retry -> ${CommandId.refresh}`, `output Show Log -> ${CommandId.showLog}`]);
    assert.deepEqual(rows({ kind: 'other', message: 'gone' }, 'mlflowData').at(-1), `database Use Embedded Store -> ${CommandId.useEmbeddedStore}`);
  });

  it('cuts a long message on the row and keeps all of it in the tooltip', () => {
    const message = `The MLflow server at https://mlflow.example.com refused the credentials (401 Unauthorized). ${'More words. '.repeat(10)}`;
    const [first] = problemNotices({ kind: 'unauthenticated', message }, 'remote');
    assert.ok(first!.text.length <= 120 && first!.text.endsWith('…'), first!.text);
    assert.equal(first!.tooltip, message);
  });
});
