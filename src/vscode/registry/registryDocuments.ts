// Read-only Markdown documents of the registry, opened in the Markdown preview: a model's history
// (`mlops-registry:/History of churn.md?model=churn`) and a version's gate results
// (`mlops-registry:/Gates of churn v3.md?model=churn&version=3`). They are read from the active
// backend whenever they are shown, and again when it changes.
import * as vscode from 'vscode';
import { recordedGates, type ProtectionTarget } from '../../core/pipeline/protection';
import { history } from '../../core/registry/history';
import { registryStore } from '../../core/registry/registryStore';
import type { TrackingStore } from '../../core/store/types';
import type { StoreReader } from '../backend/storeReader';
import { formatTime } from '../trees/runLabels';
import { escapeMarkdown, gatesMarkdown, historyMarkdown } from './registryMarkdown';
import { protectionDetail } from './promoteChoices';
import type { ProjectRules } from './projectRules';

export const registryScheme = 'mlops-registry';

export class RegistryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly reader: StoreReader,
    private readonly projectRules: () => Promise<ProjectRules>,
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(registryScheme, this),
      reader.onDidChange(() => {
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === registryScheme) this.changed.fire(doc.uri);
      }),
    ];
  }

  static historyUri(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: registryScheme, path: `/History of ${fileSafe(name)}.md`, query: new URLSearchParams({ model: name }).toString() });
  }

  static gatesUri(name: string, version: string): vscode.Uri {
    return vscode.Uri.from({ scheme: registryScheme, path: `/Gates of ${fileSafe(name)} v${version}.md`, query: new URLSearchParams({ model: name, version }).toString() });
  }

  /** Opens the document in the Markdown preview (its source when the preview is not available); returns it. */
  async show(uri: vscode.Uri): Promise<vscode.Uri> {
    await this.current(uri);
    await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri;
  }

  /**
   * VS Code keeps an open document's text until the provider says it changed, and asks again later:
   * a document shown again right after a write would show what it said before. Brings it up to date first.
   */
  private async current(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (open === undefined) return;
    const fresh = await this.provideTextDocumentContent(uri);
    if (open.getText() === fresh) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 5_000);
      const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === uri.toString() && event.document.getText() === fresh) done();
      });
      function done(): void {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
      this.changed.fire(uri);
      if (open.getText() === fresh) done(); // brought up to date meanwhile (a backend change asks too)
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const name = query.get('model') ?? '';
    const version = query.get('version');
    for (;;) {
      const store = this.reader.store;
      if (store === undefined) return '# Not available\n\nNo tracking store is open.\n';
      try {
        return version === null ? historyMarkdown(name, await history(registryStore(store), name), formatTime) : await this.gates(store, name, version);
      } catch (error) {
        // A snapshot replaced (and closed) while it was read: read the new one.
        if (this.reader.store !== store) continue;
        return `# Cannot read ${version === null ? 'the history' : 'the gate results'}\n\n${escapeMarkdown(error instanceof Error ? error.message : String(error))}\n`;
      }
    }
  }

  private async gates(store: TrackingStore, name: string, version: string): Promise<string> {
    const modelVersion = await store.getModelVersion(name, version);
    const recorded = await recordedGates(modelVersion, store);
    const { rules } = await this.projectRules().catch(() => ({ rules: undefined }));
    const targets: ProtectionTarget[] = rules?.register?.model === name ? [...Object.keys(rules.protect.aliases).map((a) => ({ kind: 'alias' as const, name: a })), ...Object.keys(rules.protect.stages).map((s) => ({ kind: 'stage' as const, name: s }))] : [];
    const protections = targets.map((t) => `${t.kind === 'alias' ? `@${t.name}` : `Stage ${t.name}`}: ${protectionDetail(rules, modelVersion, recorded, t)}`);
    return gatesMarkdown(modelVersion, [...recorded.values()].sort((a, b) => a.gate.localeCompare(b.gate)), protections);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
    this.changed.dispose();
  }
}

function fileSafe(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '_');
}
