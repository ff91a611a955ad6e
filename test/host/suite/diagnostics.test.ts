// The mlops.yaml language server through the real client in a real extension host: diagnostics in
// vscode.languages.getDiagnostics, quick fixes, hover, completion, definition, outline, file
// watching, and a restart after the server dies. Every edit is undone at the end, so the other
// suites see the workspace as it was.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { waitFor, workbenchApi } from './workbenchApi';

const source = 'mlops';

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === source && (code === undefined || codeOf(d) === code));
}

function positionOf(document: vscode.TextDocument, needle: string, shift = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is not in ${document.uri.fsPath}`);
  return document.positionAt(offset + shift);
}

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  return new vscode.Range(positionOf(document, needle), positionOf(document, needle, needle.length));
}

async function replace(document: vscode.TextDocument, needle: string, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, needle), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `replacing "${needle}" failed`);
}

/** The language server processes this extension host started (Linux: read from /proc). */
function serverProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

suite('mlops.yaml language server', () => {
  let config: vscode.Uri;
  let params: vscode.Uri;
  let document: vscode.TextDocument;
  let paramsText: Uint8Array;

  suiteSetup(async () => {
    await workbenchApi();
    const [found] = await vscode.workspace.findFiles('mlops.yaml');
    assert.ok(found, 'no mlops.yaml in the workspace');
    config = found;
    params = vscode.Uri.joinPath(config, '..', 'params.yaml');
    paramsText = await vscode.workspace.fs.readFile(params);
    document = await vscode.workspace.openTextDocument(config);
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.writeFile(params, paramsText);
    if (document?.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a misspelt key: an error with its code and exact range in getDiagnostics', async () => {
    await replace(document, 'experiment:', 'experimnt:');
    const [typo] = await waitFor('the unknown-key diagnostic', () => {
      const found = ours(config, 'unknown-key');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(typo!.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(typo!.range, rangeOf(document, 'experimnt'));
    assert.match(typo!.message, /Did you mean "experiment"/);
  });

  test('its quick fix comes from the server, and applying it clears the error', async () => {
    const range = rangeOf(document, 'experimnt');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config, range);
    const fix = actions.find((a) => a.title === 'Change to "experiment"');
    assert.ok(fix?.edit, `code actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('the error to clear', () => (ours(config, 'unknown-key').length === 0 && ours(config, 'missing-key').length === 0 ? true : undefined));
    assert.ok(document.getText().includes('\nexperiment: '));
  });

  test('a params key removed from params.yaml on disk: mlops.yaml is checked again without an edit', async () => {
    const text = new TextDecoder().decode(paramsText);
    assert.match(text, /\n {2}l2: /, 'params.yaml has train.l2');
    await vscode.workspace.fs.writeFile(params, new TextEncoder().encode(text.replace(/\n {2}l2: .*/, '')));
    const [missing] = await waitFor('the missing-param diagnostic', () => {
      const found = ours(config, 'missing-param');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(missing!.range, rangeOf(document, 'train.l2'));
    await vscode.workspace.fs.writeFile(params, paramsText);
    await waitFor('the missing-param diagnostic to clear', () => (ours(config, 'missing-param').length === 0 ? true : undefined));
  });

  test('hover on a param shows its value from params.yaml', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', config, positionOf(document, 'train.lr', 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /train\.lr\*\* = `0\.5`/);
  });

  test('go to definition of a param opens params.yaml at its key', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', config, positionOf(document, 'train.epochs', 8));
    const uris = locations.map((l) => ('targetUri' in l ? l.targetUri : l.uri).toString());
    assert.deepEqual(uris, [params.toString()]);
  });

  test('completion lists the params keys of params.yaml', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', config, positionOf(document, '- prepare.seed', 2));
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const key of ['train.lr', 'train.epochs', 'train.l2']) assert.ok(labels.includes(key), `completions: ${labels.join(', ')}`);
  });

  test('the outline lists the stages', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', config);
    const stages = symbols.find((s) => s.name === 'stages');
    assert.deepEqual(stages?.children.map((c) => c.name), ['prepare', 'train', 'evaluate']);
  });

  test('the client starts the server again when it dies', async function () {
    if (!existsSync('/proc/self/cmdline')) this.skip();
    const [first] = await waitFor('the language server process', () => {
      const pids = serverProcesses();
      return pids.length === 1 ? pids : undefined;
    });
    process.kill(first!, 'SIGKILL');
    const [second] = await waitFor('a new language server process', () => {
      const pids = serverProcesses().filter((pid) => pid !== first);
      return pids.length === 1 ? pids : undefined;
    });
    assert.notEqual(second, first);
    // The new server knows the open document: an edit gets diagnostics again.
    await replace(document, 'experiment:', 'experimen:');
    await waitFor('diagnostics from the new server', () => (ours(config, 'unknown-key').length > 0 ? true : undefined));
    await replace(document, 'experimen:', 'experiment:');
    await waitFor('the error to clear', () => (ours(config, 'unknown-key').length === 0 ? true : undefined));
  });
});
