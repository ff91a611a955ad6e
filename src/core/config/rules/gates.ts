import { diagnostic } from '../diagnostic';
import type { GateNode, RequirementNode } from '../document';
import { gateOps } from '../keys';
import { metricNames } from '../metricNames';
import { parseBaseline } from '../modelUris';
import type { Rule, RuleContext } from './rule';
import { namePattern } from './stages';
import { unknownName } from './unknownName';

const opFixes: Record<string, string> = { '=>': '>=', '=<': '<=', '≥': '>=', '≤': '<=', 'gte': '>=', 'gt': '>', 'lte': '<=', 'lt': '<' };

export const gatesRule: Rule = {
  codes: ['gate-name', 'empty-require', 'unknown-stage', 'undeclared-metric', 'gate-op', 'gate-baseline', 'gate-margin'],
  check(ctx) {
    for (const gate of ctx.doc.gates) {
      if (!namePattern.test(gate.name)) {
        ctx.report(diagnostic('gate-name', 'error', gate.nameRange, `Gate name '${gate.name}' is not allowed: use letters, digits, '_' and '-', starting with a letter or '_'.`));
      }
      const require = gate.entries.get('require');
      if (require && gate.require.length === 0 && require.node && 'items' in require.node && (require.node.items as unknown[]).length === 0) {
        ctx.report(diagnostic('empty-require', 'error', require.valueRange, `Gate '${gate.name}' requires nothing, so it always passes: add a requirement, e.g. - {metric: auc, op: ">=", baseline: "models:/churn@champion"}.`));
      }
      const known = checkAfter(ctx, gate);
      for (const req of gate.require) checkRequirement(ctx, gate, req, known);
    }
  },
};

/** The metric names the `after` stage's existing metrics files declare; undefined when none can tell. */
function checkAfter(ctx: RuleContext, gate: GateNode): { names: Set<string>; files: string[] } | undefined {
  if (!gate.after) return undefined;
  const stage = ctx.stages.get(gate.after.value);
  if (!stage) {
    ctx.report(unknownName('unknown-stage', 'stage', gate.after.value, gate.after.range, ctx.stages.keys(), `\`after\` of gate '${gate.name}'`));
    return undefined;
  }
  const names = new Set<string>();
  const files: string[] = [];
  for (const m of stage.metrics) {
    const text = ctx.files.readText(m.value);
    const declared = text === undefined ? undefined : metricNames(m.value, text);
    if (!declared) continue;
    files.push(m.value);
    for (const n of declared) names.add(n);
  }
  return files.length > 0 ? { names, files } : undefined;
}

function checkRequirement(ctx: RuleContext, gate: GateNode, req: RequirementNode, known: { names: Set<string>; files: string[] } | undefined): void {
  if (req.metric && known && !known.names.has(req.metric.value)) {
    const list = [...known.names].slice(0, 20).join(', ');
    ctx.report(diagnostic('undeclared-metric', 'warning', req.metric.range, `Stage '${gate.after!.value}' does not write '${req.metric.value}' to ${known.files.join(', ')}${list ? ` (it writes ${list})` : ''}. Fix the name, or make the stage write it.`));
  }
  if (req.op && !(gateOps as readonly string[]).includes(req.op.value)) {
    const fix = opFixes[req.op.value.trim()];
    ctx.report(diagnostic('gate-op', 'error', req.op.range, `'${req.op.value}' is not a comparison: use one of ${gateOps.map((o) => `"${o}"`).join(', ')} (quoted in YAML).${fix ? ` Did you mean "${fix}"?` : ''}`, fix ? [{ title: `Change to "${fix}"`, edits: [{ range: req.op.range, newText: `"${fix}"` }] }] : undefined));
  }
  if (req.baseline) {
    const parsed = parseBaseline(req.baseline.value);
    if ('problem' in parsed) {
      ctx.report(diagnostic('gate-baseline', 'error', req.baseline.range, `Baseline '${req.baseline.value}' is malformed: ${parsed.problem}. Write models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID or a number.`));
    }
  }
  if (req.margin && req.margin.value < 0) {
    const positive = String(-req.margin.value);
    ctx.report(diagnostic('gate-margin', 'error', req.margin.range, `A margin is how much the candidate must beat the baseline by, in the direction of \`op\`, so it cannot be negative: write ${positive}.`, [{ title: `Change to ${positive}`, edits: [{ range: req.margin.range, newText: positive }] }]));
  }
}
