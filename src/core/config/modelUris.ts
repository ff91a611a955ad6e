// Names and references of the model registry, checked the way MLflow checks them.

/** MLflow's alias rule: letters, digits, `_` and `-`; `latest` and version-like names are reserved. */
export function aliasProblem(alias: string): string | undefined {
  if (alias === '') return 'an alias cannot be empty';
  if (alias.length > 255) return 'an alias has at most 255 characters';
  if (!/^[\w-]+$/.test(alias)) return 'an alias holds only letters, digits, \'_\' and \'-\'';
  if (alias.toLowerCase() === 'latest') return '\'latest\' is reserved by MLflow for the newest version';
  if (/^v(ersion)?\d+$/i.test(alias)) return `'${alias}' would read as a version number`;
  return undefined;
}

/** Registered model names: MLflow refuses `/`, `:` and `%` in them, and the URIs below split on `@`. */
export function modelNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'a model name cannot be empty';
  if (/[/:%@]/.test(name)) return 'a model name cannot hold \'/\', \':\', \'%\' or \'@\'';
  return undefined;
}

export type Baseline =
  | { kind: 'alias'; model: string; alias: string }
  | { kind: 'version'; model: string; version: number }
  | { kind: 'run'; runId: string }
  | { kind: 'number'; value: number };

/** A gate's baseline: `models:/NAME@ALIAS`, `models:/NAME/VERSION`, `runs:/RUN_ID`, or a number. */
export function parseBaseline(value: string | number): Baseline | { problem: string } {
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { problem: 'a number baseline must be finite' };
  const text = value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { kind: 'number', value: Number(text) };
  const byAlias = /^models:\/([^/@]+)@(.*)$/.exec(text);
  if (byAlias) {
    const problem = modelNameProblem(byAlias[1]!) ?? aliasProblem(byAlias[2]!);
    return problem ? { problem } : { kind: 'alias', model: byAlias[1]!, alias: byAlias[2]! };
  }
  const byVersion = /^models:\/([^/@]+)\/(.*)$/.exec(text);
  if (byVersion) {
    if (!/^[1-9]\d*$/.test(byVersion[2]!)) return { problem: `'${byVersion[2]}' is not a version number (versions count from 1)` };
    return { kind: 'version', model: byVersion[1]!, version: Number(byVersion[2]) };
  }
  const byRun = /^runs:\/(.*)$/.exec(text);
  if (byRun) return /^[0-9a-f]{32}$/i.test(byRun[1]!) ? { kind: 'run', runId: byRun[1]! } : { problem: 'a run id has 32 hexadecimal digits' };
  return { problem: 'it is none of the forms a baseline takes' };
}
