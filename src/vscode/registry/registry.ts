// The registry workflow in the editor: the Models view's commands (promote, roll back, history,
// archive, delete, edit), the registry's documents, and the champions' status bar item. Owns its
// disposables; the workbench owns it.
import type * as vscode from 'vscode';
import type { StoreReader } from '../backend/storeReader';
import type { StoreWriter } from '../backend/storeWriter';
import { ChampionStatusBar } from './championStatusBar';
import { archiveFlow, deleteVersionFlow, editDescriptionFlow, setTagFlow, showGatesFlow, showHistoryFlow } from './editFlows';
import { loadProjectRules } from './projectRules';
import { promoteFlow } from './promoteFlow';
import type { RegistryCommandHandlers } from './registryCommandTable';
import type { RegistryContext } from './registryContext';
import { RegistryDocuments } from './registryDocuments';
import { rollbackFlow } from './rollbackFlow';

export class Registry implements RegistryCommandHandlers, vscode.Disposable {
  readonly documents: RegistryDocuments;
  readonly champions: ChampionStatusBar;
  private readonly ctx: RegistryContext;

  constructor(reader: StoreReader, writer: StoreWriter, log: vscode.LogOutputChannel) {
    this.documents = new RegistryDocuments(reader, loadProjectRules);
    this.champions = new ChampionStatusBar(reader);
    this.ctx = { reader, writer, documents: this.documents, rules: loadProjectRules, log };
  }

  promote = (target?: unknown) => promoteFlow(this.ctx, target);
  rollBack = (target?: unknown) => rollbackFlow(this.ctx, target);
  showHistory = (target?: unknown) => showHistoryFlow(this.ctx, target);
  showGateResults = (target?: unknown) => showGatesFlow(this.ctx, target);
  archive = (target?: unknown) => archiveFlow(this.ctx, target);
  deleteVersion = (target?: unknown) => deleteVersionFlow(this.ctx, target);
  editDescription = (target?: unknown) => editDescriptionFlow(this.ctx, target);
  setTag = (target?: unknown) => setTagFlow(this.ctx, target);

  dispose(): void {
    this.champions.dispose();
    this.documents.dispose();
  }
}
