// What is written at a place in an mlops.yaml, read from the parsed model: a key of some section,
// a stage or gate (its name, or a reference to it), a params key, or a project path. Hover and go
// to definition start here.
import type { Range } from '../core/config/diagnostic';
import type { PipelineDocument, Spanned } from '../core/config/document';
import type { SectionName } from '../core/config/keys';
import type { Mapping } from '../core/config/shape';

export type Target =
  | { kind: 'key'; section: SectionName; key: string; range: Range }
  | { kind: 'stage'; name: string; range: Range; declaration: boolean }
  | { kind: 'gate'; name: string; range: Range; declaration: boolean }
  | { kind: 'param'; key: string; range: Range }
  | { kind: 'path'; path: string; range: Range; glob: boolean };

/** Every target in the document, in no particular order. */
export function* targets(doc: PipelineDocument): Generator<Target> {
  if (!doc.root) return;
  yield* keysOf(doc.root, 'root');
  if (doc.paramsFile) yield path(doc.paramsFile);
  for (const stage of doc.stages) {
    yield { kind: 'stage', name: stage.name, range: stage.nameRange, declaration: true };
    yield* keysOf(stage, 'stage');
    for (const before of stage.after) yield stageRef(before);
    for (const param of stage.params) yield { kind: 'param', key: param.value, range: param.range };
    for (const file of [...stage.deps, ...stage.outs, ...stage.metrics, ...stage.plots]) yield path(file);
    if (stage.wdir) yield path(stage.wdir);
  }
  for (const gate of doc.gates) {
    yield { kind: 'gate', name: gate.name, range: gate.nameRange, declaration: true };
    yield* keysOf(gate, 'gate');
    if (gate.after) yield stageRef(gate.after);
    for (const requirement of gate.require) yield* keysOf(requirement, 'requirement');
  }
  if (doc.register) {
    yield* keysOf(doc.register, 'register');
    for (const gate of doc.register.when) yield gateRef(gate);
    if (doc.register.artifact) yield path(doc.register.artifact);
  }
  if (doc.protect) {
    yield* keysOf(doc.protect, 'protect');
    for (const rule of [...doc.protect.aliases, ...doc.protect.stages]) for (const gate of rule.gates) yield gateRef(gate);
  }
  if (doc.monitor) {
    yield* keysOf(doc.monitor, 'monitor');
    for (const file of [doc.monitor.reference, doc.monitor.current]) if (file) yield path(file);
    for (const stage of doc.monitor.onDrift) yield stageRef(stage);
  }
}

/** The innermost target at `offset` (a cursor just after a word still touches it). */
export function targetAt(doc: PipelineDocument, offset: number): Target | undefined {
  let found: Target | undefined;
  for (const target of targets(doc)) {
    const { start, end } = target.range;
    if (offset < start || offset > end) continue;
    if (!found || end - start < found.range.end - found.range.start) found = target;
  }
  return found;
}

function* keysOf(mapping: Mapping, section: SectionName): Generator<Target> {
  for (const entry of mapping.entries.values()) yield { kind: 'key', section, key: entry.key, range: entry.keyRange };
}

function stageRef(ref: Spanned<string>): Target {
  return { kind: 'stage', name: ref.value, range: ref.range, declaration: false };
}

function gateRef(ref: Spanned<string>): Target {
  return { kind: 'gate', name: ref.value, range: ref.range, declaration: false };
}

function path(file: Spanned<string>): Target {
  return { kind: 'path', path: file.value, range: file.range, glob: /[*?[]/.test(file.value) };
}
