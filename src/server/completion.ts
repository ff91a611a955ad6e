// Completion: the keys a mapping may hold, and values by key: stage and gate names, params keys
// from the params file, metric names from the metrics files, columns of data headers, paths.
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import type { PipelineDocument, Spanned } from '../core/config/document';
import { driftMethods, gateOps, monitorMetrics, registryStages, sectionKeys, type SectionName } from '../core/config/keys';
import { headerColumns, metricNames } from '../core/config/metricNames';
import { defaultParamsFile } from '../core/config/rules/params';
import { completionContext, type CompletionContext, type KeyPath } from './completionContext';
import type { OpenConfig } from './openConfigs';
import { paramEntries } from './paramsFile';
import { pathItems, type PathKind } from './pathCompletion';

/** What a value is, by the section and key it belongs to. */
type ValueKind = 'stage' | 'gate' | 'param' | 'metric' | 'op' | 'baseline' | 'method' | 'monitorMetric' | 'boolean' | 'version' | 'alias' | 'referenceColumn' | 'currentColumn' | PathKind;

const valueKinds: Partial<Record<SectionName, Record<string, ValueKind>>> = {
  root: { version: 'version', params: 'paramsFile' },
  stage: { after: 'stage', deps: 'dep', outs: 'any', metrics: 'any', plots: 'any', params: 'param', wdir: 'folder', always_run: 'boolean' },
  gate: { after: 'stage' },
  requirement: { metric: 'metric', op: 'op', baseline: 'baseline' },
  register: { when: 'gate', artifact: 'output', alias: 'alias' },
  monitor: { reference: 'data', current: 'data', features: 'referenceColumn', labels: 'currentColumn', predictions: 'currentColumn', method: 'method', metric: 'monitorMetric', on_drift: 'stage' },
};

export function completionAt(config: OpenConfig, offset: number): CompletionItem[] {
  const context = completionContext(config.doc.text, offset);
  if (!context) return [];
  const range = { start: config.lines.positionAt(context.prefixStart), end: config.lines.positionAt(offset) };
  let items = context.kind === 'key' ? keyItems(config.doc, context.path, offset) : valueItems(config, context);
  if (context.kind === 'value' && context.inList) {
    const written = new Set(listValues(config.doc, context.path, context.key).filter((v) => offset < v.range.start || offset > v.range.end).map((v) => v.value));
    items = items.filter((item) => !written.has(item.insertText ?? item.label));
  }
  return items.map((item) => ({ ...item, textEdit: { range, newText: item.insertText ?? item.label }, insertText: undefined }));
}

/** The section a key path leads into: `['stages', 'train']` is a stage. */
export function sectionOf(path: KeyPath): SectionName | undefined {
  const [first, , third, fourth] = path;
  if (path.length === 0) return 'root';
  if (path.length === 2 && first === 'stages') return 'stage';
  if (path.length === 2 && first === 'gates') return 'gate';
  if (path.length === 4 && first === 'gates' && third === 'require' && fourth === '-') return 'requirement';
  if (path.length === 1 && (first === 'register' || first === 'protect' || first === 'monitor')) return first;
  return undefined;
}

function keyItems(doc: PipelineDocument, path: KeyPath, offset: number): CompletionItem[] {
  if (path.length === 2 && path[0] === 'protect' && path[1] === 'stages') return registryStages.map((name) => ({ label: name, kind: CompletionItemKind.EnumMember, insertText: `${name}: ` }));
  const section = sectionOf(path);
  if (!section) return [];
  const present = presentKeys(doc, path, offset);
  return sectionKeys[section]
    .filter((info) => !present.has(info.name))
    .map((info, index) => ({
      label: info.name,
      kind: CompletionItemKind.Property,
      detail: info.required ? 'required' : info.default !== undefined ? `default: ${info.default}` : undefined,
      documentation: { kind: MarkupKind.Markdown, value: info.doc },
      insertText: `${info.name}: `,
      // Required keys first, then in the spec's order.
      sortText: `${info.required ? 0 : 1}${String(index).padStart(3, '0')}`,
    }));
}

/** Keys already written in the mapping being completed, except one at the cursor. */
function presentKeys(doc: PipelineDocument, path: KeyPath, offset: number): Set<string> {
  const mapping =
    path.length === 0 ? doc.root
    : path[0] === 'stages' ? doc.stages.find((s) => s.name === path[1])
    : path[0] === 'gates' && path.length === 2 ? doc.gates.find((g) => g.name === path[1])
    : path[0] === 'gates' ? doc.gates.find((g) => g.name === path[1])?.require.find((r) => r.range.start <= offset && offset <= r.range.end)
    : path[0] === 'register' ? doc.register
    : path[0] === 'protect' ? doc.protect
    : path[0] === 'monitor' ? doc.monitor
    : undefined;
  const keys = new Set<string>();
  for (const entry of mapping?.entries.values() ?? []) if (offset < entry.keyRange.start || offset > entry.keyRange.end) keys.add(entry.key);
  return keys;
}

/** The items already written in the list being completed. */
function listValues(doc: PipelineDocument, path: KeyPath, key: string): Spanned<string>[] {
  const listKeys = ['after', 'deps', 'outs', 'params', 'metrics', 'plots'] as const;
  const stage = path[0] === 'stages' && path.length === 2 ? doc.stages.find((s) => s.name === path[1]) : undefined;
  if (stage) return (listKeys as readonly string[]).includes(key) ? stage[key as (typeof listKeys)[number]] : [];
  if (path.length === 1 && path[0] === 'register' && key === 'when') return doc.register?.when ?? [];
  if (path.length === 1 && path[0] === 'monitor') return key === 'features' ? (doc.monitor?.features ?? []) : key === 'on_drift' ? (doc.monitor?.onDrift ?? []) : [];
  if (path.length === 2 && path[0] === 'protect') {
    const rules = path[1] === 'aliases' ? doc.protect?.aliases : path[1] === 'stages' ? doc.protect?.stages : undefined;
    return rules?.find((r) => r.name.value === key)?.gates ?? [];
  }
  return [];
}

function valueItems(config: OpenConfig, context: CompletionContext & { kind: 'value' }): CompletionItem[] {
  const { path, key, prefix } = context;
  const section = sectionOf(path);
  // Under `protect`, each alias or registry stage lists gates.
  const kind: ValueKind | undefined = path.length === 2 && path[0] === 'protect' ? 'gate' : section && valueKinds[section]?.[key];
  if (!kind) return [];
  const doc = config.doc;
  const words = (values: Iterable<string>, itemKind: CompletionItemKind, detail?: (value: string) => string | undefined): CompletionItem[] =>
    [...new Set(values)].map((value) => ({ label: value, kind: itemKind, detail: detail?.(value) }));
  switch (kind) {
    case 'stage': {
      const self = section === 'stage' ? path[1] : undefined;
      return words(doc.stages.map((s) => s.name).filter((n) => n !== self), CompletionItemKind.Function, (n) => doc.stages.find((s) => s.name === n)?.cmd?.value);
    }
    case 'gate':
      return words(doc.gates.map((g) => g.name), CompletionItemKind.Event);
    case 'param':
      return paramItems(config);
    case 'metric':
      return words(metricsOf(config, path[1]), CompletionItemKind.Value);
    case 'op':
      // `>` alone would start a folded block scalar: comparisons are quoted in YAML.
      return gateOps.map((op) => ({ label: op, kind: CompletionItemKind.Operator, insertText: /["']/.test(doc.text[context.prefixStart - 1] ?? '') ? op : `"${op}"` }));
    case 'baseline':
      return baselineItems(doc);
    case 'method':
      return words(driftMethods, CompletionItemKind.EnumMember);
    case 'monitorMetric':
      return words(Object.keys(monitorMetrics), CompletionItemKind.EnumMember, (m) => (monitorMetrics[m] ? 'higher is better' : 'lower is better'));
    case 'boolean':
      return words(['true', 'false'], CompletionItemKind.Value);
    case 'version':
      return words(['1'], CompletionItemKind.Value);
    case 'alias':
      return words(['challenger', 'champion'], CompletionItemKind.Value);
    case 'referenceColumn':
      return words(columnsOf(config, doc.monitor?.reference?.value), CompletionItemKind.Field);
    case 'currentColumn':
      return words(columnsOf(config, doc.monitor?.current?.value), CompletionItemKind.Field);
    default:
      return pathItems(config, kind, prefix);
  }
}

function paramItems(config: OpenConfig): CompletionItem[] {
  const file = config.doc.paramsFile?.value ?? defaultParamsFile;
  const text = config.files?.readText(file);
  if (text === undefined) return [];
  return [...paramEntries(text).values()]
    .filter((entry) => entry.leaf)
    .map((entry) => ({ label: entry.key, kind: CompletionItemKind.Variable, detail: `${entry.valueText} (${file})` }));
}

/** The metrics a gate's `after` stage writes to its metrics files; every stage's when it names none. */
function metricsOf(config: OpenConfig, gateName: string | undefined): string[] {
  const after = config.doc.gates.find((g) => g.name === gateName)?.after?.value;
  const stages = config.doc.stages.filter((s) => after === undefined || s.name === after);
  const names: string[] = [];
  for (const stage of stages) {
    for (const file of stage.metrics) {
      const text = config.files?.readText(file.value);
      const found = text === undefined ? undefined : metricNames(file.value, text);
      if (found) names.push(...found);
    }
  }
  return names;
}

function columnsOf(config: OpenConfig, data: string | undefined): string[] {
  if (!data || !config.files) return [];
  const first = /[*?[]/.test(data) ? config.files.glob(data)[0] : data;
  const header = first === undefined ? undefined : config.files.readHeader(first);
  return header === undefined ? [] : headerColumns(header, first!.toLowerCase().endsWith('.tsv') ? '\t' : ',').filter(Boolean);
}

function baselineItems(doc: PipelineDocument): CompletionItem[] {
  const model = doc.register?.model?.value ?? doc.experiment?.value ?? 'MODEL';
  return [
    { label: `models:/${model}@champion`, kind: CompletionItemKind.Reference, detail: 'the version holding the alias champion' },
    { label: `models:/${model}/1`, kind: CompletionItemKind.Reference, detail: 'a model version' },
    { label: 'runs:/', kind: CompletionItemKind.Reference, detail: 'a run, by its id' },
  ];
}
