// Every key mlops.yaml may hold, by section: its kind, whether it is required, and a line of
// documentation (hover and completion show it; docs/pipeline-config.md says the same at length).
// The document builder checks kinds and unknown keys against this table.

/**
 * - string: a scalar; numbers and booleans are read as their text.
 * - strings: a list of strings, or one string for a list of one; an empty value is an empty list.
 * - number, boolean, version: scalars of that type.
 * - scalar: a string or a number (a gate's baseline).
 * - stringMap: a mapping of names to scalars (a stage's env).
 * - mapping: a section with keys of its own (see `sectionKeys`), or named entries.
 */
export type KeyKind = 'string' | 'strings' | 'number' | 'boolean' | 'version' | 'scalar' | 'stringMap' | 'mapping' | 'mappingList';

export interface KeyInfo {
  name: string;
  kind: KeyKind;
  required?: boolean;
  doc: string;
  /** As the spec writes it, when the key has a default. */
  default?: string;
}

export type SectionName = 'root' | 'stage' | 'gate' | 'requirement' | 'register' | 'protect' | 'monitor';

export const sectionKeys: Record<SectionName, KeyInfo[]> = {
  root: [
    { name: 'version', kind: 'version', required: true, doc: 'Version of the config language. Only `1` exists.' },
    { name: 'experiment', kind: 'string', required: true, doc: 'The MLflow experiment the pipeline runs are recorded in; created on the first run.' },
    { name: 'params', kind: 'string', doc: 'The params file (YAML or JSON) that stages read hyperparameters from, relative to mlops.yaml.', default: 'params.yaml' },
    { name: 'stages', kind: 'mapping', doc: 'The pipeline: stage names to stages. Stages run in dependency order (outs feeding deps, and `after`).' },
    { name: 'gates', kind: 'mapping', doc: 'Gates: names to checks that compare a stage\'s metrics with a baseline before a model is registered.' },
    { name: 'register', kind: 'mapping', doc: 'Registers a stage\'s output as a new model version when the named gates pass.' },
    { name: 'protect', kind: 'mapping', doc: 'Registry protection: which gates a model version must have passed to receive an alias or enter a registry stage.' },
    { name: 'monitor', kind: 'mapping', doc: 'Drift and performance monitoring of new data against the training reference.' },
  ],
  stage: [
    { name: 'cmd', kind: 'string', required: true, doc: 'The shell command the stage runs, from its `wdir`.' },
    { name: 'deps', kind: 'strings', doc: 'Files and folders the stage reads. A stage that produces one of them runs first.', default: '[]' },
    { name: 'outs', kind: 'strings', doc: 'Files and folders the stage writes. A folder ends with `/`. Each output belongs to one stage.', default: '[]' },
    { name: 'params', kind: 'strings', doc: 'Keys of the params file the stage reads, dotted (`train.lr`); logged as the stage run\'s params.', default: '[]' },
    { name: 'metrics', kind: 'strings', doc: 'Metrics files the stage writes: `.json` scalars, or `.jsonl`/`.csv`/`.tsv` step histories.', default: '[]' },
    { name: 'plots', kind: 'strings', doc: 'Files the stage writes for plotting (images, CSV series); logged as artifacts of its run.', default: '[]' },
    { name: 'after', kind: 'strings', doc: 'Stages that must run before this one even though no output of theirs is a dep of it.', default: '[]' },
    { name: 'env', kind: 'stringMap', doc: 'Environment variables for the command, added to the inherited environment.', default: '{}' },
    { name: 'wdir', kind: 'string', doc: 'The folder the command runs in, relative to mlops.yaml. Paths in deps, outs, metrics and plots stay relative to mlops.yaml.', default: '.' },
    { name: 'always_run', kind: 'boolean', doc: 'Run the stage every time, even when its deps, params and command did not change.', default: 'false' },
  ],
  gate: [
    { name: 'after', kind: 'string', required: true, doc: 'The stage whose run provides the candidate\'s metrics; the gate is checked when it finishes.' },
    { name: 'require', kind: 'mappingList', required: true, doc: 'Requirements, all of which must hold: `{metric, op, baseline, margin}`.' },
  ],
  requirement: [
    { name: 'metric', kind: 'string', required: true, doc: 'A metric the `after` stage logs (from its metrics files or with mlflow.log_metric).' },
    { name: 'op', kind: 'string', required: true, doc: 'How the candidate compares with the baseline: `>=`, `>`, `<=` or `<`.' },
    { name: 'baseline', kind: 'scalar', required: true, doc: 'What the candidate is compared with: `models:/NAME@ALIAS`, `models:/NAME/VERSION`, `runs:/RUN_ID`, or a number.' },
    { name: 'margin', kind: 'number', doc: 'How far the candidate must beat the baseline, in the direction of `op`; never negative.', default: '0' },
  ],
  register: [
    { name: 'model', kind: 'string', required: true, doc: 'The registered model that receives a new version.' },
    { name: 'artifact', kind: 'string', required: true, doc: 'The file or folder registered as the version\'s model; an output of a stage.' },
    { name: 'when', kind: 'strings', doc: 'Gates that must all pass for the version to be registered.', default: '[]' },
    { name: 'alias', kind: 'string', doc: 'The alias the new version receives.', default: 'challenger' },
  ],
  protect: [
    { name: 'aliases', kind: 'mapping', doc: 'Alias names to the gates a version must have passed to receive that alias.' },
    { name: 'stages', kind: 'mapping', doc: 'Registry stages (`Staging`, `Production`, `Archived`) to the gates a version must have passed to enter it.' },
  ],
  monitor: [
    { name: 'reference', kind: 'string', required: true, doc: 'The data the model was trained on (a CSV file or glob), relative to mlops.yaml.' },
    { name: 'current', kind: 'string', required: true, doc: 'The new batches compared with the reference (a CSV file or glob), e.g. `data/incoming/*.csv`.' },
    { name: 'features', kind: 'strings', required: true, doc: 'Columns compared for drift; each must be in the reference file\'s header.' },
    { name: 'method', kind: 'string', doc: 'The drift statistic: `psi`, `ks` or `chi2`.', default: 'psi' },
    { name: 'threshold', kind: 'number', doc: 'psi: drift when a feature\'s PSI is at least this (> 0). ks, chi2: drift when the test\'s p-value is below this (between 0 and 1).', default: '0.2 for psi, 0.05 for ks and chi2' },
    { name: 'labels', kind: 'string', doc: 'Performance monitoring: the column of the current batches holding the true outcome.' },
    { name: 'predictions', kind: 'string', doc: 'Performance monitoring: the column of the current batches holding the model\'s prediction or score.', default: 'prediction' },
    { name: 'metric', kind: 'string', doc: 'Performance monitoring: `auc`, `accuracy`, `precision`, `recall`, `f1`, `log_loss`, `rmse` or `mae`.' },
    { name: 'metric_threshold', kind: 'number', doc: 'Performance monitoring: degradation when the batch\'s metric is worse than this (below it, or above it for log_loss, rmse and mae).' },
    { name: 'on_drift', kind: 'strings', doc: 'Stages to run again (with what depends on them) when drift or degradation is found.', default: '[]' },
  ],
};

export function keyInfo(section: SectionName, name: string): KeyInfo | undefined {
  return sectionKeys[section].find((k) => k.name === name);
}

export const gateOps = ['>=', '>', '<=', '<'] as const;
export const driftMethods = ['psi', 'ks', 'chi2'] as const;
export const registryStages = ['Staging', 'Production', 'Archived'] as const;
/** Metrics a monitor computes; true when higher is better. */
export const monitorMetrics: Record<string, boolean> = { auc: true, accuracy: true, precision: true, recall: true, f1: true, log_loss: false, rmse: false, mae: false };
