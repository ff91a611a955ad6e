// Tasks of type `mlops` (package.json's taskDefinitions): the pipeline, and each stage with and
// without what depends on it, under Run Task. A task runs `mlops run` like the commands do, through
// PipelineRuns, in a terminal of its own (a CustomExecution) that ends with the CLI's exit code.
//
// Definition: { "type": "mlops", "stage"?: string, "downstream"?: boolean, "file"?: string } where
// `file` is the mlops.yaml relative to the task's workspace folder (default: the main one).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePipelineDocument } from '../../core/config/document';
import { pipelineFiles, storeFor } from './pipelineFiles';
import { RunRefused, type PipelineRuns } from './pipelineRuns';
import { describeRequest, type RunRequest } from './runRequest';
import { RunTerminal } from './runTerminal';
import { ansi, terminalLines } from './terminalText';

export const taskType = 'mlops';

export interface PipelineTaskDefinition extends vscode.TaskDefinition {
  stage?: string;
  downstream?: boolean;
  file?: string;
}

export class PipelineTaskProvider implements vscode.TaskProvider {
  constructor(private readonly runs: PipelineRuns) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const files = await pipelineFiles();
    const tasks: vscode.Task[] = [];
    for (const file of files) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
      if (folder === undefined) continue;
      const relative = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
      const base: PipelineTaskDefinition = { type: taskType, ...(files.length > 1 || relative !== 'mlops.yaml' ? { file: relative } : {}) };
      const stages = parsePipelineDocument(await readFile(file, 'utf8').catch(() => '')).stages.map((s) => s.name);
      tasks.push(this.task(base, folder));
      for (const stage of stages) {
        tasks.push(this.task({ ...base, stage }, folder));
        tasks.push(this.task({ ...base, stage, downstream: true }, folder));
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as PipelineTaskDefinition;
    if (definition.type !== taskType) return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder === undefined ? undefined : this.task(definition, folder);
  }

  private task(definition: PipelineTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    const stages = typeof definition.stage === 'string' && definition.stage !== '' ? [definition.stage] : [];
    const name = `run ${describeRequest({ stages, downstream: definition.downstream === true })}${definition.file ? ` (${definition.file})` : ''}`;
    const execution = new vscode.CustomExecution(async () => this.terminal(definition, folder));
    const task = new vscode.Task(definition, folder, name, taskType, execution, []);
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }

  private terminal(definition: PipelineTaskDefinition, folder: vscode.WorkspaceFolder): RunTerminal {
    const pty: RunTerminal = new RunTerminal({
      onOpen: () => void this.start(definition, folder, pty),
      onCancel: () => void this.runs.cancel(pty),
    });
    return pty;
  }

  private async start(definition: PipelineTaskDefinition, folder: vscode.WorkspaceFolder, pty: RunTerminal): Promise<void> {
    const file = definition.file ? path.resolve(folder.uri.fsPath, definition.file) : (await pipelineFiles()).find((f) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f))?.uri.toString() === folder.uri.toString());
    if (file === undefined) {
      pty.write(terminalLines(`No mlops.yaml in ${folder.name}.`, ansi.red));
      return pty.end(1);
    }
    const store = await storeFor(file);
    const request: RunRequest = { file, stages: definition.stage ? [definition.stage] : [], downstream: definition.downstream === true, ...(store.fromSetting ? { store: store.dir } : {}) };
    try {
      await this.runs.run(request, pty);
    } catch (error) {
      pty.write(terminalLines(error instanceof RunRefused ? error.message : String(error), ansi.red));
      if (error instanceof RunRefused && error.reason === 'untrusted') pty.write(terminalLines('Run "Workspaces: Manage Workspace Trust" to trust it.'));
      pty.end(1);
    }
  }
}
