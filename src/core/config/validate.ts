import { diagnostic, type ConfigDiagnostic } from './diagnostic';
import type { PipelineDocument } from './document';
import type { ProjectFiles } from './projectFiles';
import { cycleRule } from './rules/cycles';
import { depsRule } from './rules/deps';
import { gatesRule } from './rules/gates';
import { monitorRule } from './rules/monitor';
import { outputsRule } from './rules/outputs';
import { paramsRule } from './rules/params';
import { protectRule } from './rules/protect';
import { registerRule } from './rules/register';
import type { Rule, RuleContext } from './rules/rule';
import { stagesRule } from './rules/stages';
import { topLevelRule } from './rules/topLevel';

// Every check of an mlops.yaml: the problems found while parsing (syntax, shape), then the rules.
// A file with YAML syntax errors gets only those and the shape problems: the rules would judge the
// parser's guess at what was meant.

export const rules: readonly Rule[] = [topLevelRule, stagesRule, outputsRule, cycleRule, depsRule, paramsRule, gatesRule, registerRule, protectRule, monitorRule];

export interface ValidateOptions {
  /** Only what decides whether the pipeline may run: the rules that only warn are skipped (others' warnings stay). */
  errorsOnly?: boolean;
}

/** Never throws: an internal error becomes one diagnostic with code 'internal-error'. Sorted by position. */
export function validatePipeline(doc: PipelineDocument, files: ProjectFiles, opts: ValidateOptions = {}): ConfigDiagnostic[] {
  const found = [...doc.problems];
  try {
    if (doc.yaml && doc.yaml.errors.length === 0 && doc.root) {
      const ctx: RuleContext = {
        doc,
        files,
        stages: new Map(doc.stages.map((s) => [s.name, s])),
        gates: new Map(doc.gates.map((g) => [g.name, g])),
        report: (d) => void found.push(d),
      };
      for (const rule of rules) {
        if (opts.errorsOnly && rule.warningsOnly) continue;
        try {
          rule.check(ctx);
        } catch (error) {
          found.push(internalError(error, rule.codes[0] ?? 'a rule'));
        }
      }
    }
  } catch (error) {
    found.push(internalError(error, 'validation'));
  }
  return found.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function internalError(error: unknown, where: string): ConfigDiagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return diagnostic('internal-error', 'error', { start: 0, end: 0 }, `The validator failed in ${where} (${reason}); the file was not fully checked. Please report this with the file.`);
}
