// Hover: what a key means, what a stage or gate does, a param's current value, what a path is.
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { GateNode, PipelineDocument, StageNode } from '../core/config/document';
import { keyInfo } from '../core/config/keys';
import { isWithin, normalizePath } from '../core/config/paths';
import { defaultParamsFile } from '../core/config/rules/params';
import type { OpenConfig } from './openConfigs';
import { paramEntries } from './paramsFile';
import { targetAt, type Target } from './targets';
import { toLspRange } from './lspPositions';

export function hoverAt(config: OpenConfig, offset: number): Hover | null {
  const target = targetAt(config.doc, offset);
  const markdown = target && describe(config, target);
  if (!target || !markdown) return null;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toLspRange(config.lines, target.range) };
}

function describe(config: OpenConfig, target: Target): string | undefined {
  switch (target.kind) {
    case 'key': {
      const info = keyInfo(target.section, target.key);
      if (!info) return undefined;
      const facts = [info.required ? 'required' : undefined, info.default !== undefined ? `default: \`${info.default}\`` : undefined].filter(Boolean);
      return `**${info.name}**${facts.length ? ` (${facts.join(', ')})` : ''}\n\n${info.doc}`;
    }
    case 'stage': {
      const stage = config.doc.stages.find((s) => s.name === target.name);
      return stage && describeStage(stage);
    }
    case 'gate': {
      const gate = config.doc.gates.find((g) => g.name === target.name);
      return gate && describeGate(gate);
    }
    case 'param':
      return describeParam(config, target.key);
    case 'path':
      return describePath(config, target.path, target.glob);
  }
}

function describeStage(stage: StageNode): string {
  const lines = [`stage ${stage.name}`, `cmd: ${stage.cmd?.value ?? '(none)'}`];
  const list = (label: string, items: { value: string }[]) => {
    if (items.length > 0) lines.push(`${label}: ${items.map((i) => i.value).join(', ')}`);
  };
  list('deps', stage.deps);
  list('outs', stage.outs);
  list('params', stage.params);
  list('metrics', stage.metrics);
  list('after', stage.after);
  return codeBlock(lines);
}

function describeGate(gate: GateNode): string {
  const lines = [`gate ${gate.name}`, `after: ${gate.after?.value ?? '(none)'}`];
  for (const r of gate.require) lines.push(`require: ${r.metric?.value ?? '?'} ${r.op?.value ?? '?'} ${r.baseline?.value ?? '?'}${r.margin ? ` + margin ${r.margin.value}` : ''}`);
  return codeBlock(lines);
}

function describeParam(config: OpenConfig, key: string): string {
  const file = config.doc.paramsFile?.value ?? defaultParamsFile;
  const text = config.files?.readText(file);
  if (text === undefined) return `**${key}**: the params file \`${file}\` cannot be read.`;
  const entry = paramEntries(text).get(key);
  if (!entry) return `**${key}** is not in \`${file}\`.`;
  const line = lineOf(text, entry.keyRange.start);
  return `**${key}** = ${entry.leaf ? `\`${entry.valueText}\`` : `\n${codeBlock(entry.valueText.split('\n'))}`}\n\nfrom \`${file}\`, line ${line}`;
}

function describePath(config: OpenConfig, path: string, glob: boolean): string | undefined {
  const files = config.files;
  if (!files) return undefined;
  const facts: string[] = [];
  if (glob) {
    const matched = files.glob(path);
    facts.push(matched.length === 0 ? 'matches no file yet' : `matches ${matched.length} file${matched.length === 1 ? '' : 's'}: ${matched.slice(0, 5).map((f) => `\`${f}\``).join(', ')}${matched.length > 5 ? ', ...' : ''}`);
  } else {
    facts.push(files.exists(path) ? 'exists' : 'does not exist yet');
  }
  const producers = producersOf(config.doc, path);
  if (producers.length > 0) facts.push(`written by stage ${producers.map((s) => `\`${s}\``).join(', ')}`);
  return `\`${path}\` ${facts.join('; ')}`;
}

/** The stages with an output that is the path or holds it. */
function producersOf(doc: PipelineDocument, path: string): string[] {
  const wanted = normalizePath(path);
  return doc.stages.filter((s) => s.outs.some((out) => isWithin(wanted, normalizePath(out.value)))).map((s) => s.name);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function codeBlock(lines: string[]): string {
  const fence = lines.some((l) => l.includes('```')) ? '~~~~' : '```';
  return `${fence}text\n${lines.join('\n')}\n${fence}`;
}
