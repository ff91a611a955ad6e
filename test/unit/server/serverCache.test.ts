// Typing in mlops.yaml: checks are debounced, and files read once stay read until they change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver/node';
import { diskProjectFiles } from '../../../src/core/config/projectFiles';
import { churnProject, positionOf, type ChurnProject } from './churnProject';
import { countingFiles } from './countingFiles';
import { startInProcess } from './inProcessServer';
import type { LspTestClient } from './lspClient';

describe('the server while the user types', () => {
  let project: ChurnProject;
  let client: LspTestClient;
  let reads: string[];

  before(async () => {
    project = churnProject();
    const counting = countingFiles(diskProjectFiles(project.dir));
    reads = counting.reads;
    client = startInProcess({ projectFiles: () => counting.files });
    await client.initialize(null);
  });
  after(() => {
    client.dispose();
    project.cleanup();
  });

  it('a keystroke never reads a project file again, hover and completion included', async () => {
    await client.open(project.configUri, project.config);
    const firstCheck = reads.length;
    assert.ok(reads.includes('readText params.yaml') && reads.includes('readHeader data/raw/churn.csv') && reads.includes('readText metrics/eval.json'), reads.join('\n'));
    let text = project.config;
    for (let version = 2; version <= 6; version++) {
      text = text.replace('python3 src/train.py', `python3 src/train.py --seed ${version}`);
      await client.change(project.configUri, version, [{ text }]);
      await client.hover(project.configUri, positionOf(text, 'train.lr', 2));
      await client.completion(project.configUri, positionOf(text, '{metric: auc', 9));
    }
    assert.deepEqual(reads.slice(firstCheck), []);
  });

  it('a file event makes the server read that file, and only that one, again', async () => {
    const before = reads.length;
    const rechecked = client.nextDiagnostics(project.configUri);
    client.filesChanged([{ uri: project.uri('metrics/eval.json'), type: FileChangeType.Changed }, { uri: project.uri('src/train.py'), type: FileChangeType.Changed }]);
    await rechecked;
    assert.deepEqual(reads.slice(before), ['readText metrics/eval.json']);
  });

  it('events for files the checks never read cause no check', async () => {
    const other = project.uri('other/mlops.yaml');
    await client.open(other, 'version: 1\nexperiment: x\n');
    const published = client.diagnostics.length;
    client.filesChanged([{ uri: project.uri('README.md'), type: FileChangeType.Changed }, { uri: project.uri('.mlops/journal'), type: FileChangeType.Changed }]);
    // A check the event scheduled would be due before this edit's debounced check.
    await client.change(other, 2, [{ text: 'version: 1\nexperiment: y\n' }]);
    assert.deepEqual(client.diagnostics.slice(published).map((d) => d.uri), [other]);
  });

  it('a burst of edits is checked once, at its last version', async () => {
    const uri = project.configUri;
    const published = client.diagnostics.length;
    let text = project.config;
    for (let version = 10; version < 20; version++) {
      text = `${text}# ${version}\n`;
      client.sendChange(uri, version, [{ text }]);
    }
    const last = client.change(uri, 20, [{ text: `${text}# 20\n` }]);
    // Notifications are handled in order, so version 20 is the text the server ends with.
    await last;
    const mine = client.diagnostics.slice(published).filter((d) => d.uri === uri);
    assert.deepEqual(mine.map((d) => d.version), [20]);
  });
});
