// The language server in-process, over two connected streams.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import { isConfigFile } from '../../../src/server/configUris';
import { churnProject, type ChurnProject } from './churnProject';
import { featureScenarios } from './featureScenarios';
import { startInProcess } from './inProcessServer';
import type { LspTestClient } from './lspClient';
import { serverScenarios } from './serverScenarios';

describe('PipelineServer in-process', () => {
  let client: LspTestClient;
  let project: ChurnProject;

  before(async () => {
    project = churnProject();
    client = startInProcess();
    const { capabilities } = await client.initialize(null);
    assert.equal(capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
  });

  after(() => {
    client.dispose();
    project.cleanup();
  });

  serverScenarios(() => client);
  featureScenarios(() => client, () => project);
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
