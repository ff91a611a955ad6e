// The outline: each top-level key, with the stages and gates under theirs.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Range } from '../core/config/diagnostic';
import { toLspRange } from './lspPositions';
import type { OpenConfig } from './openConfigs';

const sectionKinds: Record<string, SymbolKind> = {
  version: SymbolKind.Constant,
  experiment: SymbolKind.String,
  params: SymbolKind.File,
  stages: SymbolKind.Module,
  gates: SymbolKind.Module,
  register: SymbolKind.Package,
  protect: SymbolKind.Object,
  monitor: SymbolKind.Object,
};

export function documentSymbols(config: OpenConfig): DocumentSymbol[] {
  const { doc } = config;
  if (!doc.root) return [];
  const symbol = (name: string, kind: SymbolKind, selection: Range, end: number, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => ({
    name,
    kind,
    detail,
    range: toLspRange(config.lines, { start: selection.start, end: Math.max(end, selection.end) }),
    selectionRange: toLspRange(config.lines, selection),
    children,
  });
  const stages = doc.stages.map((s) => symbol(s.name || '(empty)', SymbolKind.Function, s.nameRange, s.range.end, s.cmd?.value));
  const gates = doc.gates.map((g) => symbol(g.name || '(empty)', SymbolKind.Event, g.nameRange, g.range.end, g.after && `after ${g.after.value}`));

  return [...doc.root.entries.values()].map((entry) => {
    const kind = sectionKinds[entry.key] ?? SymbolKind.Field;
    const end = entry.valueRange.end;
    switch (entry.key) {
      case 'stages':
        return symbol(entry.key, kind, entry.keyRange, end, undefined, stages);
      case 'gates':
        return symbol(entry.key, kind, entry.keyRange, end, undefined, gates);
      case 'register':
        return symbol(entry.key, kind, entry.keyRange, end, doc.register?.model?.value);
      case 'monitor':
        return symbol(entry.key, kind, entry.keyRange, end, doc.monitor?.method?.value);
      default: {
        const value = config.doc.text.slice(entry.valueRange.start, entry.valueRange.end);
        return symbol(entry.key, kind, entry.keyRange, end, value.includes('\n') ? undefined : value || undefined);
      }
    }
  });
}
