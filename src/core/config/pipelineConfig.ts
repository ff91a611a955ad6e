import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePipelineDocument } from './document';
import type { PipelineDocument } from './document';
import type { gateOps, registryStages } from './keys';
import { parseBaseline, type Baseline } from './modelUris';
import { normalizePath } from './paths';
import { LineIndex } from './positions';
import { bundleBuild, questionsNoted, rememberConfig, rememberedConfig } from './configCache';
import { diskProjectFiles, type ProjectFiles } from './projectFiles';
import { outputIndex } from './rules/outputIndex';
import { defaultParamsFile } from './rules/params';
import { validatePipeline } from './validate';

// `mlops.yaml` as the runner needs it: parsed and validated by the same validator as the editor
// and `mlops validate`, so a file with errors never runs. Warnings do not stop a run.

export interface Stage {
  name: string;
  cmd: string;
  deps: string[];
  outs: string[];
  /** Keys into the params file, e.g. `train.lr`. */
  params: string[];
  /** Files the stage writes its metrics to: JSON scalars, or JSON lines / CSV / TSV histories. */
  metrics: string[];
  /** Files the stage writes for plots. Absent: none. */
  plots?: string[];
  /** Stages this one runs after besides those whose outputs it reads. Absent: none. */
  after?: string[];
  /** Environment variables added for the command. Absent: none. */
  env?: Record<string, string>;
  /** The folder the command runs in, relative to the pipeline's root. Absent: the root. */
  wdir?: string;
  /** Run even when nothing changed. Absent: false. */
  alwaysRun?: boolean;
}

export type GateOp = (typeof gateOps)[number];

/** One requirement of a gate: the candidate's `metric` compared by `op` with the baseline moved by `margin`. */
export interface Requirement {
  metric: string;
  op: GateOp;
  baseline: Baseline;
  /** The baseline as written in mlops.yaml, e.g. `models:/churn@champion` or `0.6`. */
  baselineText: string;
  /** ≥ 0; 0 when not written. */
  margin: number;
}

export interface Gate {
  name: string;
  /** The stage whose run provides the candidate's metrics. */
  after: string;
  require: Requirement[];
}

export interface Register {
  model: string;
  /** The file or folder registered, relative to `root`, as written. */
  artifact: string;
  /** The stage whose outputs hold `artifact`: its run is the version's source run. */
  producer: string;
  /** Gates that must all pass; empty: every finished pipeline run registers. */
  when: string[];
  /** The alias the new version receives; `challenger` when not written. */
  alias: string;
}

export type RegistryStage = (typeof registryStages)[number];

/** Registry protection: alias or registry stage names to the gates a version must have passed. */
export interface Protect {
  aliases: Record<string, string[]>;
  stages: Partial<Record<RegistryStage, string[]>>;
}

export const defaultAlias = 'challenger';

export interface PipelineConfig {
  /** Absolute path of mlops.yaml. */
  file: string;
  /** The folder holding mlops.yaml: paths are relative to it. */
  root: string;
  experiment: string;
  /** The params file, relative to `root`: as written, else `params.yaml` when a stage reads params. */
  paramsFile?: string;
  /** In file order. */
  stages: Stage[];
  /** In file order. */
  gates: Gate[];
  register?: Register;
  /** Empty when mlops.yaml has no `protect`. */
  protect: Protect;
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

export interface LoadOptions {
  /**
   * Remember the config in `.mlops/config.json` and use it while mlops.yaml and what validation
   * read are unchanged (configCache.ts). `build` names the workbench build (default: the running
   * bundle's; none when running from sources, and then nothing is remembered).
   */
  remember?: boolean | { build: string };
}

/** Throws ConfigError listing every error as `line:column: message` (1-based). */
export function loadPipelineConfig(file: string, opts: LoadOptions = {}): PipelineConfig {
  file = path.resolve(file);
  const root = path.dirname(file);
  const text = readFileSync(file, 'utf8');
  const build = typeof opts.remember === 'object' ? opts.remember.build : opts.remember ? bundleBuild() : undefined;
  const disk = diskProjectFiles(root);
  const remembered = build === undefined ? undefined : rememberedConfig(file, text, build, disk);
  if (remembered) return remembered;
  const noted = build === undefined ? { files: disk, asked: [] } : questionsNoted(disk);
  const config = validConfig(file, text, noted.files);
  if (build !== undefined) rememberConfig(file, text, build, noted.asked, config);
  return config;
}

function validConfig(file: string, text: string, files: ProjectFiles): PipelineConfig {
  const root = path.dirname(file);
  const doc = parsePipelineDocument(text);
  const errors = validatePipeline(doc, files, { errorsOnly: true }).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = new LineIndex(text);
    throw new ConfigError(
      file,
      errors.map((d) => {
        const at = lines.positionAt(d.range.start);
        return `${at.line + 1}:${at.character + 1}: ${d.message}`;
      }),
    );
  }
  const stages: Stage[] = doc.stages.map((s) => ({
    name: s.name,
    cmd: s.cmd?.value ?? '',
    deps: s.deps.map((d) => d.value),
    outs: s.outs.map((d) => d.value),
    params: s.params.map((d) => d.value),
    metrics: s.metrics.map((d) => d.value),
    plots: s.plots.map((d) => d.value),
    after: s.after.map((d) => d.value),
    env: Object.fromEntries(s.env.map((e) => [e.name.value, e.value.value])),
    wdir: s.wdir?.value,
    alwaysRun: s.alwaysRun?.value ?? false,
  }));
  const paramsFile = doc.paramsFile?.value ?? (stages.some((s) => s.params.length > 0) ? defaultParamsFile : undefined);
  return { file, root, experiment: doc.experiment?.value ?? '', paramsFile, stages, gates: gatesOf(doc), register: registerOf(doc), protect: protectOf(doc) };
}

// The readers below run only on a document without errors: every required key is there and valid.

function gatesOf(doc: PipelineDocument): Gate[] {
  return doc.gates.map((g) => ({
    name: g.name,
    after: g.after?.value ?? '',
    require: g.require.map((r) => {
      const baseline = parseBaseline(r.baseline?.value ?? '');
      if ('problem' in baseline) throw new Error(`Gate '${g.name}': ${baseline.problem}`); // the validator reports it first
      return { metric: r.metric?.value ?? '', op: (r.op?.value ?? '>=') as GateOp, baseline, baselineText: String(r.baseline?.value ?? ''), margin: r.margin?.value ?? 0 };
    }),
  }));
}

function registerOf(doc: PipelineDocument): Register | undefined {
  const r = doc.register;
  if (!r) return undefined;
  const artifact = r.artifact?.value ?? '';
  return {
    model: r.model?.value ?? '',
    artifact,
    producer: outputIndex(doc.stages).producerOf(normalizePath(artifact))?.stage.name ?? '',
    when: r.when.map((w) => w.value),
    alias: r.alias?.value ?? defaultAlias,
  };
}

function protectOf(doc: PipelineDocument): Protect {
  const rules = (list: NonNullable<PipelineDocument['protect']>['aliases']) => Object.fromEntries(list.map((p) => [p.name.value, p.gates.map((g) => g.value)]));
  return { aliases: rules(doc.protect?.aliases ?? []), stages: rules(doc.protect?.stages ?? []) };
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
