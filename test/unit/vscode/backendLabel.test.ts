// The status bar's words for each backend.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backendLabel, serverShortName } from '../../../src/vscode/backend/backendLabel';

describe('backend status bar label', () => {
  it('names the embedded store, with its folder and state in the tooltip', () => {
    const label = backendLabel({ kind: 'embedded', dir: '/work/churn/.mlops', state: 'open' });
    assert.equal(label.text, '$(database) Embedded');
    assert.match(label.tooltip, /^Embedded store \/work\/churn\/\.mlops\n/);
    assert.match(label.tooltip, /Click to switch/);
    assert.match(backendLabel({ kind: 'embedded', dir: undefined, state: 'noConfig' }).tooltip, /no mlops\.yaml/);
    assert.match(backendLabel({ kind: 'embedded', dir: '/x/.mlops', state: 'error' }).tooltip, /cannot be read/);
  });

  it('names a server by its host and port, and says how it signs in, never with what', () => {
    const label = backendLabel({ kind: 'remote', url: 'http://host.example:5000', auth: 'token' });
    assert.equal(label.text, '$(cloud) host.example:5000');
    assert.match(label.tooltip, /^MLflow server http:\/\/host\.example:5000\nSigned in with: bearer token\n/);
    assert.match(backendLabel({ kind: 'remote', url: 'https://h', auth: 'basic' }).tooltip, /username and password/);
    assert.match(backendLabel({ kind: 'remote', url: 'https://h', auth: 'none' }).tooltip, /no credentials/);
  });

  it('keeps a server path prefix, drops the default port', () => {
    assert.equal(serverShortName('https://dbc-1.cloud.databricks.com'), 'dbc-1.cloud.databricks.com');
    assert.equal(serverShortName('https://tools.example/mlflow'), 'tools.example/mlflow');
    assert.equal(serverShortName('http://127.0.0.1:80'), '127.0.0.1');
  });

  it('names MLflow data by its file or folder, read only', () => {
    assert.equal(backendLabel({ kind: 'mlflowData', target: '/data/old/mlflow.db', folder: false }).text, '$(file) mlflow.db (read only)');
    assert.equal(backendLabel({ kind: 'mlflowData', target: '/data/old/mlruns', folder: true }).text, '$(folder) mlruns (read only)');
    assert.match(backendLabel({ kind: 'mlflowData', target: '/data/old/mlruns', folder: true }).tooltip, /^MLflow data \/data\/old\/mlruns\nRead only/);
  });
});
