import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { findExcessiveNesting, maxNesting } from './nestingGuard';

// `mlops.yaml` as the runner needs it. This loader checks only what running requires; the full
// validator (every rule with exact ranges, for the editor and `mlops validate`) builds on it.

export interface Stage {
  name: string;
  cmd: string;
  deps: string[];
  outs: string[];
  /** Keys into the params file, e.g. `train.lr`. */
  params: string[];
  /** Files the stage writes its metrics to: JSON scalars, or JSON lines / CSV / TSV histories. */
  metrics: string[];
}

export interface PipelineConfig {
  /** Absolute path of mlops.yaml. */
  file: string;
  /** The folder holding mlops.yaml: stages run here and paths are relative to it. */
  root: string;
  experiment: string;
  paramsFile?: string;
  /** In file order. */
  stages: Stage[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid pipeline:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadPipelineConfig(file: string): PipelineConfig {
  file = path.resolve(file);
  const text = readFileSync(file, 'utf8');
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) throw new ConfigError(file, [`nesting deeper than ${maxNesting} levels near offset ${deep}; a pipeline config is never that deep`]);
  const doc = parseDocument(text, { prettyErrors: false });
  const problems: string[] = [];
  const at = (offset: number | undefined) => {
    if (offset === undefined) return '';
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}: `;
  };
  for (const e of doc.errors) problems.push(`${at(e.pos[0])}${e.message.split('\n')[0]}`);
  if (problems.length > 0) throw new ConfigError(file, problems);

  const root = doc.toJS() as Record<string, unknown> | null;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new ConfigError(file, ['the file must be a mapping with `version`, `experiment` and `stages`']);
  if (root.version !== 1) problems.push(`${at(rangeOf(doc, ['version']))}version must be 1`);
  const experiment = root.experiment;
  if (typeof experiment !== 'string' || experiment === '') problems.push(`${at(rangeOf(doc, ['experiment']))}experiment must name the MLflow experiment, e.g. \`experiment: churn\``);
  if (root.params !== undefined && typeof root.params !== 'string') problems.push(`${at(rangeOf(doc, ['params']))}params must be the path of the params file`);
  const stagesNode = doc.getIn(['stages'], true);
  if (!isMap(stagesNode)) problems.push(`${at(rangeOf(doc, ['stages']))}stages must be a mapping of stage names to stages`);

  const stages: Stage[] = [];
  for (const [name, raw] of Object.entries((root.stages as Record<string, unknown>) ?? {})) {
    const where = at(rangeOf(doc, ['stages', name]));
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${where}stage '${name}' must be a mapping with at least \`cmd\``);
      continue;
    }
    const s = raw as Record<string, unknown>;
    if (typeof s.cmd !== 'string' || s.cmd.trim() === '') problems.push(`${where}stage '${name}' needs a non-empty \`cmd\``);
    const list = (key: string): string[] => {
      const v = s[key] ?? [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        problems.push(`${at(rangeOf(doc, ['stages', name, key]))}stage '${name}': \`${key}\` must be a list of strings`);
        return [];
      }
      return v as string[];
    };
    stages.push({ name, cmd: String(s.cmd ?? ''), deps: list('deps'), outs: list('outs'), params: list('params'), metrics: list('metrics') });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return { file, root: path.dirname(file), experiment: experiment as string, paramsFile: root.params as string | undefined, stages };
}

function rangeOf(doc: Document, keyPath: string[]): number | undefined {
  const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
  if (node?.range) return node.range[0];
  const parent = doc.getIn(keyPath.slice(0, -1), true);
  if (isMap(parent) || isSeq(parent)) return (parent as { range?: [number] }).range?.[0];
  return undefined;
}

/** The nearest mlops.yaml at or above `from`. */
export function findPipelineConfig(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'mlops.yaml');
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // keep climbing
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
