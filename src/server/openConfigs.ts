// The mlops.yaml documents the editor has open, each parsed once per version: diagnostics, hover,
// completion and the rest share that parse.
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePipelineDocument, type PipelineDocument } from '../core/config/document';
import type { ProjectFiles } from '../core/config/projectFiles';
import type { ProjectFilesCache } from './cachedProjectFiles';
import { isConfigFile, pipelineRoot } from './configUris';
import { positionsOf, type Positions } from './lspPositions';

/** One version of an open mlops.yaml, parsed. */
export interface OpenConfig {
  uri: string;
  version: number;
  doc: PipelineDocument;
  /** Offsets in the text to and from LSP positions. */
  lines: Positions;
  /** The folder holding the file; undefined when the URI is no local file. */
  root: string | undefined;
  /** The project's files (cached); undefined when the URI is no local file. */
  files: ProjectFiles | undefined;
}

export class OpenConfigs {
  readonly documents = new TextDocuments(TextDocument);
  private readonly parsed = new Map<string, OpenConfig>();

  constructor(private readonly cache: ProjectFilesCache) {}

  /** The open mlops.yaml at `uri` as of its latest version; undefined for other documents. */
  get(uri: string): OpenConfig | undefined {
    if (!isConfigFile(uri)) return undefined;
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const known = this.parsed.get(uri);
    if (known?.version === document.version) return known;
    const text = document.getText();
    const root = pipelineRoot(uri);
    const config: OpenConfig = { uri, version: document.version, doc: parsePipelineDocument(text), lines: positionsOf(text), root, files: root === undefined ? undefined : this.cache.for(root) };
    this.parsed.set(uri, config);
    return config;
  }

  /** The URIs of every open mlops.yaml. */
  uris(): string[] {
    return this.documents.keys().filter(isConfigFile);
  }

  /** After a close: forgets its parse, and the cached files of its folder when no other config there is open. */
  closed(uri: string): void {
    this.parsed.delete(uri);
    const root = pipelineRoot(uri);
    if (root !== undefined && !this.uris().some((other) => other !== uri && pipelineRoot(other) === root)) this.cache.drop(root);
  }
}
