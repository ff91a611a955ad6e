import * as vscode from 'vscode';
import { commandTable, type CommandContext } from './commandTable';

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, spec]) => vscode.commands.registerCommand(id, spec.handler(ctx)));
}
