import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePipelineDocument } from '../../core/config/document';
import { ConfigError, findPipelineConfig } from '../../core/config/pipelineConfig';
import { LineIndex } from '../../core/config/positions';
import { diskProjectFiles } from '../../core/config/projectFiles';
import { validatePipeline } from '../../core/config/validate';
import { parseArgs, UsageError } from '../args';
import type { CliContext } from '../context';

export const validateUsage = `mlops validate [FILE]
  Checks mlops.yaml (or FILE) as the editor does: syntax, keys, stages, params, gates, register,
  monitor. Prints each problem as FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE; with --json, a list of
  {file, line, column, endLine, endColumn, severity, code, message} (1-based). Exits 1 when there
  are errors, 0 when there are only warnings or nothing.`;

/** One problem as `mlops validate --json` prints it: lines and columns 1-based, end exclusive. */
export interface ValidationProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export async function validateCommand(argv: string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, {});
  if (args.positionals.length > 1) throw new UsageError('mlops validate checks one file at a time.');
  const given = args.positionals[0];
  const file = given ? path.resolve(ctx.cwd, given) : findPipelineConfig(ctx.cwd);
  if (!file) throw new UsageError(`No mlops.yaml in ${ctx.cwd} or any folder above it. Name the file: mlops validate FILE.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  const shown = given ?? (path.relative(ctx.cwd, file) || file);
  const lines = new LineIndex(text);
  const problems: ValidationProblem[] = validatePipeline(parsePipelineDocument(text), diskProjectFiles(path.dirname(file))).map((d) => {
    const start = lines.positionAt(d.range.start);
    const end = lines.positionAt(d.range.end);
    return { file: shown, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message };
  });
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (ctx.json) {
    ctx.out(JSON.stringify(problems, null, 2));
  } else {
    for (const p of problems) ctx.out(`${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}`);
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    ctx.out(problems.length === 0 ? `${shown}: no problems` : `${shown}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  return errors > 0 ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
