// Go to definition: a stage or gate reference to its name under `stages`/`gates`, a params key to
// its line in the params file, a path to the file (a glob to the files it matches).
import type { Location } from 'vscode-languageserver/node';
import { defaultParamsFile } from '../core/config/rules/params';
import { projectFileUri } from './configUris';
import { positionsOf, toLspRange } from './lspPositions';
import type { OpenConfig } from './openConfigs';
import { paramEntries } from './paramsFile';
import { targetAt } from './targets';

/** A glob's definition lists its files; past this many it is no help. */
const maxGlobFiles = 50;

const fileStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definitionAt(config: OpenConfig, offset: number): Location[] {
  const target = targetAt(config.doc, offset);
  if (!target) return [];
  switch (target.kind) {
    case 'stage': {
      const stage = config.doc.stages.find((s) => s.name === target.name);
      return stage && !target.declaration ? [{ uri: config.uri, range: toLspRange(config.lines, stage.nameRange) }] : [];
    }
    case 'gate': {
      const gate = config.doc.gates.find((g) => g.name === target.name);
      return gate && !target.declaration ? [{ uri: config.uri, range: toLspRange(config.lines, gate.nameRange) }] : [];
    }
    case 'param': {
      const file = config.doc.paramsFile?.value ?? defaultParamsFile;
      const text = config.root === undefined ? undefined : config.files?.readText(file);
      const entry = text === undefined ? undefined : paramEntries(text).get(target.key);
      if (!entry || text === undefined || config.root === undefined) return [];
      return [{ uri: projectFileUri(config.root, file), range: toLspRange(positionsOf(text), entry.keyRange) }];
    }
    case 'path': {
      const { root, files } = config;
      if (root === undefined || !files) return [];
      // glob() of a plain path is that path when it is a file, and nothing for a folder.
      return files
        .glob(target.path)
        .slice(0, maxGlobFiles)
        .map((file) => ({ uri: projectFileUri(root, file), range: fileStart }));
    }
    case 'key':
      return [];
  }
}
