// What "Connect to MLflow Server…" accepts as a URL, and what it says about the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerUrl, serverUrlError } from '../../../src/vscode/backend/serverUrl';
import { serverFromArgument } from '../../../src/vscode/commands/serverArgument';

describe('MLflow server URL', () => {
  it('accepts http and https, with a port and a path prefix, without the trailing slash', () => {
    assert.deepEqual(parseServerUrl('http://127.0.0.1:5000'), { url: 'http://127.0.0.1:5000' });
    assert.deepEqual(parseServerUrl('  https://mlflow.example.com/  '), { url: 'https://mlflow.example.com' });
    assert.deepEqual(parseServerUrl('https://dbc-1234.cloud.databricks.com/mlflow/'), { url: 'https://dbc-1234.cloud.databricks.com/mlflow' });
    assert.deepEqual(parseServerUrl('HTTP://Host.Example:8080'), { url: 'http://host.example:8080' });
  });

  it('asks for a scheme when there is none', () => {
    assert.match(serverUrlError('localhost:5000')!, /Start the URL with http:\/\/ or https:\/\//);
    assert.match(serverUrlError('mlflow.example.com')!, /Start the URL with http:\/\//);
  });

  it('refuses other schemes, empty input and malformed URLs', () => {
    assert.match(serverUrlError('ftp://host')!, /starts with http:\/\/ or https:\/\/, not ftp:\/\//);
    assert.match(serverUrlError('file:///tmp/mlruns')!, /not file:\/\//);
    assert.match(serverUrlError('   ')!, /Type the MLflow server's URL/);
    assert.match(serverUrlError('http://')!, /is not a URL/);
    assert.match(serverUrlError('http://exa mple.com')!, /is not a URL/);
  });

  it('keeps credentials out of the URL, since the URL is remembered in workspace state', () => {
    assert.match(serverUrlError('https://user:secret@mlflow.example.com')!, /Leave the credentials out of the URL/);
    assert.match(serverUrlError('https://token@mlflow.example.com')!, /Leave the credentials out/);
  });

  it('refuses a query or a fragment', () => {
    assert.match(serverUrlError('http://host:5000/?o=1')!, /no query/);
    assert.match(serverUrlError('http://host:5000/#/experiments/1')!, /fragment/);
  });

  it('is undefined for a usable URL (what an input box needs)', () => {
    assert.equal(serverUrlError('http://127.0.0.1:5000'), undefined);
  });
});

describe('the connect command argument', () => {
  it('is no argument at all when it names no url: the prompts ask', () => {
    assert.equal(serverFromArgument(undefined), undefined);
    assert.equal(serverFromArgument('http://host'), undefined);
    assert.equal(serverFromArgument({ token: 't' }), undefined);
  });

  it('picks the sign-in kind from what it holds', () => {
    assert.deepEqual(serverFromArgument({ url: 'http://host:5000/' }), { url: 'http://host:5000', auth: 'none', credentials: {} });
    assert.deepEqual(serverFromArgument({ url: 'https://host', token: 'dapi123' }), { url: 'https://host', auth: 'token', credentials: { token: 'dapi123' } });
    assert.deepEqual(serverFromArgument({ url: 'https://host', username: 'ana', password: 'pw' }), {
      url: 'https://host', auth: 'basic', credentials: { username: 'ana', password: 'pw' },
    });
  });

  it('says what is wrong with a bad one', () => {
    assert.deepEqual(serverFromArgument({ url: 42 }), { error: 'The server argument needs a url string.' });
    assert.match((serverFromArgument({ url: 'host:5000' }) as { error: string }).error, /http:\/\//);
    assert.match((serverFromArgument({ url: 'http://host', token: 5 }) as { error: string }).error, /token must be a string/);
    assert.match((serverFromArgument({ url: 'http://host', token: 't', username: 'u' }) as { error: string }).error, /not both/);
  });
});
