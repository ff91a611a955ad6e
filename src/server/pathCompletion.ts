// Paths relative to the pipeline root, one folder at a time as the user types them, plus the
// outputs stages declare (a dep may name a file that no run has written yet).
import { readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node';
import type { OpenConfig } from './openConfigs';

/**
 * - dep: files, folders and stage outputs; any: files and folders; folder: folders only;
 * - paramsFile: YAML and JSON files; data: CSV and TSV files; output: stage outputs and files.
 */
export type PathKind = 'dep' | 'any' | 'folder' | 'paramsFile' | 'data' | 'output';

const skippedFolders = new Set(['.git', '.mlops', 'node_modules', '__pycache__', '.venv']);
const maxEntries = 500;
const extensions: Partial<Record<PathKind, RegExp>> = { paramsFile: /\.(ya?ml|json)$/i, data: /\.(csv|tsv)$/i };
/** Picking a folder asks for its contents next. */
const suggestAgain = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function pathItems(config: OpenConfig, kind: PathKind, prefix: string): CompletionItem[] {
  if (config.root === undefined) return [];
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const items: CompletionItem[] = [];
  for (const entry of listFolder(path.resolve(config.root, folder || '.'))) {
    const isFolder = entry.isDirectory();
    if (isFolder ? skippedFolders.has(entry.name) : kind === 'folder' || !(extensions[kind]?.test(entry.name) ?? true)) continue;
    const written = `${folder}${entry.name}${isFolder ? '/' : ''}`;
    items.push({
      label: `${entry.name}${isFolder ? '/' : ''}`,
      kind: isFolder ? CompletionItemKind.Folder : CompletionItemKind.File,
      filterText: written,
      insertText: written,
      sortText: `${isFolder ? 1 : 0}${entry.name}`,
      command: isFolder ? suggestAgain : undefined,
    });
  }
  if (kind === 'dep' || kind === 'output') {
    const listed = new Set(items.map((item) => item.insertText));
    for (const stage of config.doc.stages) {
      for (const out of stage.outs) {
        if (listed.has(out.value) || !out.value.startsWith(folder)) continue;
        listed.add(out.value);
        items.push({ label: out.value, kind: CompletionItemKind.Reference, detail: `output of stage ${stage.name}`, filterText: out.value, insertText: out.value, sortText: `2${out.value}` });
      }
    }
  }
  return items;
}

function listFolder(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).slice(0, maxEntries);
  } catch {
    return [];
  }
}
