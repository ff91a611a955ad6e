// Quick fixes: each fix a diagnostic carries in its `data` becomes one code action.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import { diagnosticSource, isDiagnosticData, type FixData } from './lspDiagnostics';

export function quickFixes(params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource || !isDiagnosticData(diagnostic.data)) continue;
    const { fixes } = diagnostic.data;
    for (const fix of fixes) actions.push(toCodeAction(fix, diagnostic, fixes.length === 1));
  }
  return actions;
}

function toCodeAction(fix: FixData, diagnostic: Diagnostic, isPreferred: boolean): CodeAction {
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: toWorkspaceEdit(fix) };
}

export function toWorkspaceEdit(fix: FixData): WorkspaceEdit {
  if (fix.create.length === 0) return { changes: fix.edits };
  return {
    documentChanges: [
      ...fix.create.map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
      ...Object.entries(fix.edits).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
    ],
  };
}
