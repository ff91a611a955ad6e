// Offsets into a text as LSP positions. LSP ends a line at \n, \r\n and \r alike, so the
// conversion goes through vscode-languageserver-textdocument, which counts lines that way.
import type { Position, Range as LspRange } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from '../core/config/diagnostic';

export interface Positions {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

export function positionsOf(text: string): Positions {
  return TextDocument.create('file:///positions', 'yaml', 0, text);
}

export function toLspRange(positions: Positions, range: Range): LspRange {
  return { start: positions.positionAt(range.start), end: positions.positionAt(range.end) };
}
