// The language server in-process, over two connected streams.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createConnection, StreamMessageReader, StreamMessageWriter, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { isConfigFile, PipelineServer } from '../../../src/server/pipelineServer';
import { LspTestClient } from './lspClient';
import { serverScenarios } from './serverScenarios';

describe('PipelineServer in-process', () => {
  let client: LspTestClient;

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    new PipelineServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient))).listen();
    client = new LspTestClient(toClient, toServer);
    const { capabilities } = await client.initialize(null);
    assert.equal(capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
  });

  after(() => client.dispose());

  serverScenarios(() => client);
});

describe('isConfigFile', () => {
  it('accepts files named mlops.yaml only', () => {
    assert.ok(isConfigFile('file:///work/churn/mlops.yaml'));
    assert.ok(isConfigFile('file:///c%3A/work/mlops.yaml'));
    assert.ok(!isConfigFile('file:///work/churn/mlops.yaml.bak'));
    assert.ok(!isConfigFile('file:///work/not-mlops.yaml'));
    assert.ok(!isConfigFile('untitled:Untitled-1'));
    assert.ok(!isConfigFile('not a uri'));
  });
});
