import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { diagnostic, type ConfigDiagnostic, type Range } from './diagnostic';
import { findExcessiveNesting, maxNesting } from './nestingGuard';
import { ShapeReader, type Entry, type Mapping, type Spanned } from './shape';

export type { Entry, Mapping, Spanned } from './shape';

// mlops.yaml as a model that keeps where everything is written: every value with the range of its
// node, every key with the range of the key. Values of the wrong type are left out of the model
// (and reported in `problems`); everything else is kept, so the rules and the language server can
// work on a half-written file.

export interface PipelineDocument {
  text: string;
  /** The parsed YAML; undefined when the text nests too deep to be parsed safely. */
  yaml: Document.Parsed | undefined;
  /** Problems found while parsing: YAML syntax, wrong types, unknown keys, missing keys. */
  problems: ConfigDiagnostic[];
  /** The top-level mapping; undefined when the root is something else. */
  root: Mapping | undefined;
  version?: Spanned<number>;
  experiment?: Spanned<string>;
  /** The params file (`params:` at the top level). */
  paramsFile?: Spanned<string>;
  stages: StageNode[];
  gates: GateNode[];
  register?: RegisterNode;
  protect?: ProtectNode;
  monitor?: MonitorNode;
}

/** An entry of a named mapping (a stage, a gate): its name as written and its own keys. */
export interface Named extends Mapping {
  name: string;
  nameRange: Range;
}

export interface StageNode extends Named {
  cmd?: Spanned<string>;
  deps: Spanned<string>[];
  outs: Spanned<string>[];
  params: Spanned<string>[];
  metrics: Spanned<string>[];
  plots: Spanned<string>[];
  after: Spanned<string>[];
  env: { name: Spanned<string>; value: Spanned<string> }[];
  wdir?: Spanned<string>;
  alwaysRun?: Spanned<boolean>;
}

export interface GateNode extends Named {
  after?: Spanned<string>;
  require: RequirementNode[];
}

export interface RequirementNode extends Mapping {
  metric?: Spanned<string>;
  op?: Spanned<string>;
  baseline?: Spanned<string | number>;
  margin?: Spanned<number>;
}

/** A top-level section: also the range of its key. */
export interface Section extends Mapping {
  keyRange: Range;
}

export interface RegisterNode extends Section {
  model?: Spanned<string>;
  artifact?: Spanned<string>;
  when: Spanned<string>[];
  alias?: Spanned<string>;
}

/** Registry protection: an alias or registry stage, and the gates a version must have passed for it. */
export interface ProtectionNode {
  name: Spanned<string>;
  gates: Spanned<string>[];
}

export interface ProtectNode extends Section {
  aliases: ProtectionNode[];
  stages: ProtectionNode[];
}

export interface MonitorNode extends Section {
  reference?: Spanned<string>;
  current?: Spanned<string>;
  features: Spanned<string>[];
  method?: Spanned<string>;
  threshold?: Spanned<number>;
  labels?: Spanned<string>;
  predictions?: Spanned<string>;
  metric?: Spanned<string>;
  metricThreshold?: Spanned<number>;
  onDrift: Spanned<string>[];
}

/** A broken file can make the parser report the same problem thousands of times. */
const maxYamlProblems = 100;

/** Never throws. */
export function parsePipelineDocument(text: string): PipelineDocument {
  const doc: PipelineDocument = { text, yaml: undefined, problems: [], root: undefined, stages: [], gates: [] };
  // The guard does not count a line's `- ` after a tab; read as a space (same length, same offsets), it does.
  const deep = findExcessiveNesting(text.includes('\t') ? text.replace(/\t/g, ' ') : text);
  if (deep !== undefined) {
    doc.problems.push(diagnostic('too-deep', 'error', { start: deep, end: Math.min(deep + 1, text.length) }, `mlops.yaml nests deeper than ${maxNesting} levels here; it is not checked further. A pipeline config is never that deep: look for unclosed brackets.`));
    return doc;
  }
  let yaml: Document.Parsed;
  try {
    yaml = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser recurses per nesting level; what the guard misses can still overflow the stack.
    doc.problems.push(diagnostic('too-deep', 'error', { start: 0, end: Math.min(1, text.length) }, `mlops.yaml could not be parsed (${error instanceof Error ? error.message : String(error)}); it is not checked further. Look for deeply nested lists or mappings.`));
    return doc;
  }
  doc.yaml = yaml;
  for (const e of yaml.errors.slice(0, maxYamlProblems)) doc.problems.push(yamlProblem('error', e.code, e.message, e.pos, text));
  for (const w of yaml.warnings.slice(0, maxYamlProblems)) doc.problems.push(yamlProblem('warning', w.code, w.message, w.pos, text));

  const contents = yaml.contents as Node | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return readRoot(doc, undefined);
  if (!isMap(contents)) {
    // With syntax errors the root's shape is the parser's guess: only a clean file is told it is no mapping.
    if (yaml.errors.length === 0) {
      const [start, end] = contents.range ?? [0, text.length];
      doc.problems.push(diagnostic('root-not-mapping', 'error', { start, end }, 'mlops.yaml must be a mapping of keys such as version, experiment and stages.'));
    }
    return doc;
  }
  return readRoot(doc, contents);
}

function readRoot(doc: PipelineDocument, contents: Node | undefined): PipelineDocument {
  const r = new ShapeReader(doc.text);
  const firstKey = isMap(contents) ? (contents.items[0] as Pair<Node, Node> | undefined)?.key?.range : undefined;
  const at: Range = firstKey ? { start: firstKey[0], end: firstKey[1] } : { start: 0, end: 0 };
  const root = r.mapping(contents ?? null, 'mlops.yaml', at, 'root');
  doc.root = root;
  if (root) {
    const e = root.entries;
    doc.version = r.number(e.get('version'), '`version`');
    doc.experiment = r.string(e.get('experiment'), '`experiment`');
    doc.paramsFile = r.string(e.get('params'), '`params`');
    doc.stages = named(r, e.get('stages'), '`stages`').map((n) => readStage(r, n));
    doc.gates = named(r, e.get('gates'), '`gates`').map((n) => readGate(r, n));
    doc.register = readRegister(r, e.get('register'));
    doc.protect = readProtect(r, e.get('protect'));
    doc.monitor = readMonitor(r, e.get('monitor'));
  }
  doc.problems.push(...r.problems);
  return doc;
}

/** The entries of a mapping of names (stages, gates), each with its value still a YAML node. */
function named(r: ShapeReader, entry: Entry | undefined, where: string): { name: string; nameRange: Range; entry: Entry }[] {
  if (!entry) return [];
  const m = r.mapping(entry.node, where, entry.keyRange);
  return m ? [...m.entries.values()].map((e) => ({ name: e.key, nameRange: e.keyRange, entry: e })) : [];
}

function readStage(r: ShapeReader, { name, nameRange, entry }: { name: string; nameRange: Range; entry: Entry }): StageNode {
  const where = `stage '${name}'`;
  const m = r.mapping(entry.node, where, nameRange, 'stage') ?? { range: entry.valueRange, entries: new Map() };
  const e = m.entries;
  const field = (key: string) => `\`${key}\` of ${where}`;
  const cmdEntry = e.get('cmd');
  // `cmd:` with nothing after it is an empty command (the rule for that says what to do), not a type error.
  const cmd = cmdEntry && isScalar(cmdEntry.node) && cmdEntry.node.value === null ? { value: '', range: cmdEntry.keyRange } : r.string(cmdEntry, field('cmd'));
  return {
    name,
    nameRange,
    ...m,
    cmd,
    deps: r.strings(e.get('deps'), field('deps')),
    outs: r.strings(e.get('outs'), field('outs')),
    params: r.strings(e.get('params'), field('params')),
    metrics: r.strings(e.get('metrics'), field('metrics')),
    plots: r.strings(e.get('plots'), field('plots')),
    after: r.strings(e.get('after'), field('after')),
    env: readEnv(r, e.get('env'), field('env')),
    wdir: r.string(e.get('wdir'), field('wdir')),
    alwaysRun: r.boolean(e.get('always_run'), field('always_run')),
  };
}

function readEnv(r: ShapeReader, entry: Entry | undefined, where: string): StageNode['env'] {
  if (!entry) return [];
  const m = r.mapping(entry.node, where, entry.keyRange);
  if (!m) return [];
  const env: StageNode['env'] = [];
  for (const e of m.entries.values()) {
    const value = r.string(e, `${where}: \`${e.key}\``);
    if (value) env.push({ name: { value: e.key, range: e.keyRange }, value });
  }
  return env;
}

function readGate(r: ShapeReader, { name, nameRange, entry }: { name: string; nameRange: Range; entry: Entry }): GateNode {
  const where = `gate '${name}'`;
  const m = r.mapping(entry.node, where, nameRange, 'gate') ?? { range: entry.valueRange, entries: new Map() };
  const requireEntry = m.entries.get('require');
  const require: RequirementNode[] = [];
  if (requireEntry && isSeq(requireEntry.node)) {
    (requireEntry.node.items as (Node | null)[]).forEach((item, i) => {
      const itemRange = r.rangeOf(item, requireEntry.valueRange);
      const req = r.mapping(item, `requirement ${i + 1} of ${where}`, itemRange, 'requirement');
      if (!req) return;
      const field = (key: string) => `\`${key}\` of requirement ${i + 1} of ${where}`;
      require.push({
        ...req,
        metric: r.string(req.entries.get('metric'), field('metric')),
        op: r.string(req.entries.get('op'), field('op')),
        baseline: r.scalar(req.entries.get('baseline'), field('baseline')),
        margin: r.number(req.entries.get('margin'), field('margin')),
      });
    });
  } else if (requireEntry) {
    r.wrongType(requireEntry, `\`require\` of ${where}`, 'must be a list of requirements, e.g. - {metric: auc, op: ">=", baseline: 0.8}');
  }
  return { name, nameRange, ...m, after: r.string(m.entries.get('after'), `\`after\` of ${where}`), require };
}

function section(r: ShapeReader, entry: Entry | undefined, name: 'register' | 'protect' | 'monitor'): Section | undefined {
  if (!entry) return undefined;
  const m = r.mapping(entry.node, `\`${name}\``, entry.keyRange, name);
  return m && { ...m, keyRange: entry.keyRange };
}

function readRegister(r: ShapeReader, entry: Entry | undefined): RegisterNode | undefined {
  const s = section(r, entry, 'register');
  if (!s) return undefined;
  const field = (key: string) => `\`${key}\` of \`register\``;
  const e = s.entries;
  return { ...s, model: r.string(e.get('model'), field('model')), artifact: r.string(e.get('artifact'), field('artifact')), when: r.strings(e.get('when'), field('when')), alias: r.string(e.get('alias'), field('alias')) };
}

function readProtect(r: ShapeReader, entry: Entry | undefined): ProtectNode | undefined {
  const s = section(r, entry, 'protect');
  if (!s) return undefined;
  const rules = (key: 'aliases' | 'stages'): ProtectionNode[] =>
    named(r, s.entries.get(key), `\`protect.${key}\``).map(({ name, nameRange, entry: e }) => ({
      name: { value: name, range: nameRange },
      gates: r.strings(e, `the gates of ${key === 'aliases' ? 'alias' : 'registry stage'} '${name}'`),
    }));
  return { ...s, aliases: rules('aliases'), stages: rules('stages') };
}

function readMonitor(r: ShapeReader, entry: Entry | undefined): MonitorNode | undefined {
  const s = section(r, entry, 'monitor');
  if (!s) return undefined;
  const field = (key: string) => `\`${key}\` of \`monitor\``;
  const e = s.entries;
  return {
    ...s,
    reference: r.string(e.get('reference'), field('reference')),
    current: r.string(e.get('current'), field('current')),
    features: r.strings(e.get('features'), field('features')),
    method: r.string(e.get('method'), field('method')),
    threshold: r.number(e.get('threshold'), field('threshold')),
    labels: r.string(e.get('labels'), field('labels')),
    predictions: r.string(e.get('predictions'), field('predictions')),
    metric: r.string(e.get('metric'), field('metric')),
    metricThreshold: r.number(e.get('metric_threshold'), field('metric_threshold')),
    onDrift: r.strings(e.get('on_drift'), field('on_drift')),
  };
}

function yamlProblem(severity: 'error' | 'warning', code: string, message: string, [start, end]: [number, number], text: string): ConfigDiagnostic {
  // yaml reports some problems (a missing quote, a missing bracket) one past the last character.
  const s = Math.min(start, text.length);
  return diagnostic(`yaml-${code.toLowerCase().replaceAll('_', '-')}`, severity, { start: s, end: Math.max(s, Math.min(end, text.length)) }, message.split('\n')[0]!);
}
