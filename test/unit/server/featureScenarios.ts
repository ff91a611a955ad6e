// The language features on a real project (a copy of examples/churn after its stages ran),
// checked the same way in-process and as its own process.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { DiagnosticSeverity, FileChangeType, SymbolKind, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionOf, rangeOf, type ChurnProject } from './churnProject';
import type { LspTestClient } from './lspClient';

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

/** The edits a workspace edit makes to one URI. */
function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  return edit?.changes?.[uri] ?? [];
}

export function featureScenarios(client: () => LspTestClient, project: () => ChurnProject): void {
  let version = 1;
  /** Replaces the open config's text and waits for its diagnostics. */
  const edit = async (text: string) => (await client().change(project().configUri, ++version, [{ text }])).diagnostics;

  it('opens the example with no errors', async () => {
    const { diagnostics } = await client().open(project().configUri, project().config, version);
    assert.deepEqual(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), []);
  });

  it('a misspelt key: an error at the key, and its quick fix clears it', async () => {
    const { configUri, config } = project();
    const text = config.replace('experiment: churn', 'experimnt: churn');
    const diagnostics = await edit(text);
    const typo = diagnostics.find((d) => d.code === 'unknown-key');
    assert.ok(typo, JSON.stringify(diagnostics));
    assert.deepEqual(typo.range, rangeOf(text, 'experimnt'));
    assert.equal(typo.severity, DiagnosticSeverity.Error);
    const actions = await client().codeActions(configUri, typo.range, [typo]);
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Change to "experiment"', 'quickfix', true]]);
    const fixed = applyEdits(text, editsFor(actions[0]!.edit, configUri));
    assert.equal(fixed, config);
    assert.deepEqual((await edit(fixed)).filter((d) => d.severity === DiagnosticSeverity.Error), []);
  });

  it('a gate after an unknown stage: did-you-mean fix', async () => {
    const { configUri, config } = project();
    const text = config.replace('after: evaluate', 'after: evalute');
    const unknown = (await edit(text)).find((d) => d.code === 'unknown-stage');
    assert.ok(unknown);
    assert.deepEqual(unknown.range, rangeOf(text, 'evalute'));
    const [action] = await client().codeActions(configUri, unknown.range, [unknown]);
    assert.equal(action?.title, "Change to 'evaluate'");
    assert.equal(applyEdits(text, editsFor(action!.edit, configUri)), config);
  });

  it('a params key missing from params.yaml: the fix edits params.yaml, and the file watcher brings the check back clean', async () => {
    const { configUri, config, dir, uri } = project();
    const text = config.replace('- train.l2', '- train.momentum');
    const missing = (await edit(text)).find((d) => d.code === 'missing-param');
    assert.ok(missing);
    assert.deepEqual(missing.range, rangeOf(text, 'train.momentum'));
    const [action] = await client().codeActions(configUri, missing.range, [missing]);
    assert.equal(action?.title, "Add 'train.momentum' to params.yaml");
    assert.deepEqual(Object.keys(action!.edit?.changes ?? {}), [uri('params.yaml')]);
    const paramsFile = path.join(dir, 'params.yaml');
    const before = readFileSync(paramsFile, 'utf8');
    try {
      writeFileSync(paramsFile, applyEdits(before, editsFor(action!.edit, uri('params.yaml'))));
      assert.match(readFileSync(paramsFile, 'utf8'), /^train:\n(  .*\n)*  momentum: null$/m);
      const rechecked = client().nextDiagnostics(configUri);
      client().filesChanged([{ uri: uri('params.yaml'), type: FileChangeType.Changed }]);
      assert.deepEqual((await rechecked).diagnostics.filter((d) => d.code === 'missing-param'), []);
    } finally {
      writeFileSync(paramsFile, before);
      const rechecked = client().nextDiagnostics(configUri);
      client().filesChanged([{ uri: uri('params.yaml'), type: FileChangeType.Changed }]);
      assert.equal((await rechecked).diagnostics.filter((d) => d.code === 'missing-param').length, 1);
    }
    await edit(config);
  });

  it('hover: a key, a stage reference, a param with its value, a path', async () => {
    const { configUri, config } = project();
    const hover = async (needle: string, shift: number, occurrence = 0) => {
      const result = await client().hover(configUri, positionOf(config, needle, shift, occurrence));
      assert.ok(result && typeof result.contents === 'object' && 'value' in result.contents, `no hover at ${needle}`);
      return { text: result.contents.value, range: result.range };
    };
    const cmd = await hover('cmd:', 1);
    assert.match(cmd.text, /\*\*cmd\*\* \(required\)/);
    assert.deepEqual(cmd.range, rangeOf(config, 'cmd'));
    const after = await hover('after: evaluate', 10);
    assert.match(after.text, /stage evaluate\ncmd: python3 src\/evaluate.py\ndeps: src\/evaluate.py, /);
    const param = await hover('train.lr', 3);
    assert.match(param.text, /\*\*train\.lr\*\* = `0\.5`/);
    assert.match(param.text, /params\.yaml`, line 7/);
    assert.match((await hover('data/raw/churn.csv', 2)).text, /`data\/raw\/churn\.csv` exists/);
    assert.match((await hover('models/model.json', 2, 1)).text, /exists; written by stage `train`/);
  });

  it('completion: keys by context, stages, params keys, metric names, columns and paths', async () => {
    const { configUri, config } = project();
    const labelsAt = async (text: string, needle: string) => {
      await edit(text);
      return (await client().completion(configUri, positionOf(text, needle, needle.length))).map((item) => item.label);
    };
    const stageKeys = await labelsAt(config.replace('    cmd: python3 src/evaluate.py', '    cmd: python3 src/evaluate.py\n    p'), '\n    p');
    assert.ok(stageKeys.includes('params') && stageKeys.includes('plots') && !stageKeys.includes('cmd') && !stageKeys.includes('deps'), stageKeys.join());
    // train.lr and train.epochs are in the list already.
    assert.deepEqual(await labelsAt(config.replace('      - train.l2', '      - train.'), 'train.epochs\n      - train.'), ['prepare.test_size', 'prepare.seed', 'train.l2']);
    assert.deepEqual(await labelsAt(config.replace('after: evaluate', 'after: ev'), 'after: ev'), ['prepare', 'train', 'evaluate']);
    assert.deepEqual(await labelsAt(config.replace('{metric: auc,', '{metric: a,'), '{metric: a'), ['auc', 'accuracy', 'log_loss']);
    const ops = await labelsAt(config.replace('op: ">=",', 'op: ,'), 'op: ');
    assert.deepEqual(ops, ['>=', '>', '<=', '<']);
    assert.deepEqual(await labelsAt(config.replace('on_drift: [prepare]', 'on_drift: [prepare, t'), 'on_drift: [prepare, t'), ['train', 'evaluate']);
    const features = await labelsAt(config.replace('features: [tenure,', 'features: [te,'), 'features: [te');
    // Columns of the reference file's header, less those already listed.
    assert.ok(features.includes('tenure') && features.includes('total_charges') && !features.includes('contract'), features.join());
    assert.deepEqual(await labelsAt(config.replace('      - data/raw/churn.csv', '      - data/'), '- data/'), ['prepared/', 'raw/']);
    const prepared = await labelsAt(config.replace('      - data/raw/churn.csv', '      - data/prepared/'), '- data/prepared/');
    assert.ok(prepared.includes('train.csv') && prepared.includes('test.csv'), prepared.join());
    await edit(config);
  });

  it('completion items replace exactly what was typed', async () => {
    const { configUri, config } = project();
    const text = config.replace('      - train.l2', '      - train.');
    await edit(text);
    const items = await client().completion(configUri, positionOf(text, '- train.\n', 8));
    const l2 = items.find((item) => item.label === 'train.l2');
    assert.ok(l2?.textEdit && 'range' in l2.textEdit);
    assert.deepEqual(l2.textEdit.range, { start: positionOf(text, '- train.\n', 2), end: positionOf(text, '- train.\n', 8) });
    assert.equal(applyEdits(text, [l2.textEdit]), config);
    await edit(config);
  });

  it('go to definition: stage references, params keys, paths', async () => {
    const { configUri, config, uri } = project();
    const definition = (needle: string, shift: number, occurrence = 0) => client().definition(configUri, positionOf(config, needle, shift, occurrence));
    assert.deepEqual(await definition('after: evaluate', 10), [{ uri: configUri, range: { start: positionOf(config, '  evaluate:', 2), end: positionOf(config, '  evaluate:', 10) } }]);
    assert.deepEqual(await definition('on_drift: [prepare', 12), [{ uri: configUri, range: { start: positionOf(config, '  prepare:', 2), end: positionOf(config, '  prepare:', 9) } }]);
    assert.deepEqual(await definition('when: [beats', 8), [{ uri: configUri, range: { start: positionOf(config, '  beats_champion:', 2), end: positionOf(config, '  beats_champion:', 16) } }]);
    const params = readFileSync(path.join(project().dir, 'params.yaml'), 'utf8');
    assert.deepEqual(await definition('train.epochs', 8), [{ uri: uri('params.yaml'), range: rangeOf(params, 'epochs') }]);
    assert.deepEqual(await definition('data/raw/churn.csv', 5), [{ uri: uri('data/raw/churn.csv'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    assert.deepEqual(await definition('params: params.yaml', 10), [{ uri: uri('params.yaml'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    assert.deepEqual(await definition('cmd:', 1), []);
  });

  it('document symbols: the outline of sections, stages and gates', async () => {
    const { configUri, config } = project();
    const symbols = await client().documentSymbols(configUri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, (s.children ?? []).map((c) => c.name)]),
      [
        ['version', SymbolKind.Constant, []],
        ['experiment', SymbolKind.String, []],
        ['params', SymbolKind.File, []],
        ['stages', SymbolKind.Module, ['prepare', 'train', 'evaluate']],
        ['gates', SymbolKind.Module, ['beats_champion']],
        ['register', SymbolKind.Package, []],
        ['protect', SymbolKind.Object, []],
        ['monitor', SymbolKind.Object, []],
      ],
    );
    const train = symbols[3]!.children![1]!;
    assert.equal(train.detail, 'python3 src/train.py');
    assert.deepEqual(train.selectionRange, { start: positionOf(config, '  train:', 2), end: positionOf(config, '  train:', 7) });
    const lastLine = positionOf(config, '      - metrics/train_history.jsonl').line;
    assert.ok(train.range.end.line >= lastLine && train.range.end.line < positionOf(config, '  evaluate:').line, JSON.stringify(train.range));
  });

  it('data that arrives is seen: a new batch clears the warning about the monitor\'s glob', async () => {
    const { configUri, config, dir, uri } = project();
    const glob = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'no-matching-files' && d.range.start.line === positionOf(config, 'current:').line);
    assert.equal(glob(await edit(config)).length, 1);
    const batch = path.join(dir, 'data', 'incoming', 'batch1.csv');
    mkdirSync(path.dirname(batch), { recursive: true });
    writeFileSync(batch, readFileSync(path.join(dir, 'data', 'raw', 'churn.csv'), 'utf8').split('\n').slice(0, 20).join('\n'));
    try {
      const rechecked = client().nextDiagnostics(configUri);
      client().filesChanged([{ uri: uri('data/incoming'), type: FileChangeType.Created }, { uri: uri('data/incoming/batch1.csv'), type: FileChangeType.Created }]);
      assert.deepEqual(glob((await rechecked).diagnostics), []);
    } finally {
      rmSync(path.dirname(batch), { recursive: true, force: true });
      const rechecked = client().nextDiagnostics(configUri);
      client().filesChanged([{ uri: uri('data/incoming'), type: FileChangeType.Deleted }]);
      assert.equal(glob((await rechecked).diagnostics).length, 1);
    }
  });
}
