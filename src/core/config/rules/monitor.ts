import { diagnostic } from '../diagnostic';
import type { Spanned } from '../document';
import { driftMethods, monitorMetrics } from '../keys';
import { headerColumns } from '../metricNames';
import { normalizePath } from '../paths';
import { closest } from '../suggest';
import { outputIndex } from './outputIndex';
import type { Rule, RuleContext } from './rule';
import { unknownName } from './unknownName';

export const monitorRule: Rule = {
  codes: ['no-matching-files', 'unknown-feature', 'drift-method', 'threshold-range', 'monitor-metric', 'missing-key', 'unknown-stage'],
  check(ctx) {
    const monitor = ctx.doc.monitor;
    if (!monitor) return;
    const reference = monitor.reference && matches(ctx, monitor.reference, 'reference');
    if (monitor.current) matches(ctx, monitor.current, 'current');
    if (reference && reference.length > 0 && monitor.features.length > 0) {
      const file = reference[0]!;
      const header = /\.(csv|tsv)$/i.test(file) ? ctx.files.readHeader(file) : undefined;
      const columns = header === undefined ? undefined : headerColumns(header, /\.tsv$/i.test(file) ? '\t' : ',');
      if (columns) {
        const known = new Set(columns);
        for (const feature of monitor.features) {
          if (known.has(feature.value)) continue;
          const suggestion = closest(feature.value, columns);
          ctx.report(diagnostic('unknown-feature', 'error', feature.range, `'${feature.value}' is not a column of ${file}.${suggestion ? ` Did you mean '${suggestion}'?` : ` Its columns: ${columns.slice(0, 30).join(', ')}.`}`, suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: feature.range, newText: suggestion }] }] : undefined));
        }
      }
    }
    const method = monitor.method?.value ?? 'psi';
    if (monitor.method && !(driftMethods as readonly string[]).includes(method)) {
      const suggestion = closest(method, driftMethods);
      ctx.report(diagnostic('drift-method', 'error', monitor.method.range, `'${method}' is not a drift method: use psi, ks or chi2.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: monitor.method.range, newText: suggestion }] }] : undefined));
    }
    const t = monitor.threshold;
    if (t && method === 'psi' && !(t.value > 0)) ctx.report(diagnostic('threshold-range', 'error', t.range, 'A PSI threshold is above 0 (0.1 is a moderate shift, 0.2 a large one).'));
    if (t && (method === 'ks' || method === 'chi2') && !(t.value > 0 && t.value < 1)) ctx.report(diagnostic('threshold-range', 'error', t.range, `For ${method} the threshold is a p-value between 0 and 1 (drift when the test's p-value is below it), e.g. 0.05.`));
    checkPerformance(ctx);
    for (const stage of monitor.onDrift) {
      if (!ctx.stages.has(stage.value)) ctx.report(unknownName('unknown-stage', 'stage', stage.value, stage.range, ctx.stages.keys(), '`on_drift` of `monitor`'));
    }
  },
};

/** The files a reference or current glob matches; a path a stage writes counts as matching. */
function matches(ctx: RuleContext, pattern: Spanned<string>, key: string): string[] {
  const found = ctx.files.glob(pattern.value);
  if (found.length === 0 && !outputIndex(ctx.doc.stages).producerOf(normalizePath(pattern.value))) {
    ctx.report(diagnostic('no-matching-files', 'warning', pattern.range, `No file matches '${pattern.value}' (the monitor's ${key} data) and no stage writes it. Fix the path or glob, or add the data.`));
  }
  return found;
}

function checkPerformance(ctx: RuleContext): void {
  const monitor = ctx.doc.monitor!;
  const metric = monitor.metric;
  if (metric && !(metric.value in monitorMetrics)) {
    const suggestion = closest(metric.value, Object.keys(monitorMetrics));
    ctx.report(diagnostic('monitor-metric', 'error', metric.range, `The monitor cannot compute '${metric.value}': use ${Object.keys(monitorMetrics).join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: metric.range, newText: suggestion }] }] : undefined));
  }
  const higherIsBetter = metric ? monitorMetrics[metric.value] : undefined;
  const t = monitor.metricThreshold;
  if (t && higherIsBetter === true && !(t.value >= 0 && t.value <= 1)) ctx.report(diagnostic('threshold-range', 'error', t.range, `${metric!.value} lies between 0 and 1, so its threshold does too.`));
  if (t && higherIsBetter === false && !(t.value >= 0)) ctx.report(diagnostic('threshold-range', 'error', t.range, `${metric!.value} is never negative, so its threshold cannot be.`));
  // Performance monitoring needs the labels, the metric and its threshold together.
  const parts = { labels: monitor.entries.get('labels'), metric: monitor.entries.get('metric'), metric_threshold: monitor.entries.get('metric_threshold') };
  const present = Object.entries(parts).filter(([, e]) => e);
  if (present.length > 0 && present.length < 3) {
    const missing = Object.keys(parts).filter((k) => !parts[k as keyof typeof parts]);
    for (const [, e] of present) ctx.report(diagnostic('missing-key', 'error', e!.keyRange, `Performance monitoring also needs ${missing.map((k) => `\`${k}\``).join(' and ')} in \`monitor\`.`));
  }
}
