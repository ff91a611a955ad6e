// The first pass over an mlops.yaml: YAML syntax, and the top-level keys the file may hold.
// Shared by the language server and the CLI, so both report the same problems at the same places.
import { isMap, isNode, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { findExcessiveNesting, maxNesting } from './nestingGuard';

export type IssueSeverity = 'error' | 'warning' | 'info';

/** One problem in a config file. `start` and `end` are character offsets into the text (end exclusive). */
export interface ConfigIssue {
  severity: IssueSeverity;
  code: string;
  message: string;
  start: number;
  end: number;
}

export const topLevelKeys = ['version', 'experiment', 'params', 'stages', 'gates', 'register', 'monitor'] as const;

/** A broken file can make the parser report the same problem thousands of times (deep nesting). */
const maxIssues = 100;

export function validateSyntax(text: string): ConfigIssue[] {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    return [{ severity: 'error', code: 'too-deep', message: `mlops.yaml nests deeper than ${maxNesting} levels here; it is not checked further`, start: tooDeep, end: Math.min(tooDeep + 1, text.length) }];
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  for (const error of doc.errors) issues.push(yamlIssue('error', error.code, error.message, error.pos, text));
  for (const warning of doc.warnings) issues.push(yamlIssue('warning', warning.code, warning.message, warning.pos, text));

  const root = doc.contents;
  if (isMap(root)) issues.push(...unknownKeys(root));
  // With syntax errors the root's shape is the parser's guess: only a clean file is told it is no mapping.
  else if (root !== null && !(isScalar(root) && root.value === null) && doc.errors.length === 0) {
    const [start, end] = root.range;
    issues.push({ severity: 'error', code: 'root-not-mapping', message: 'mlops.yaml must be a mapping of keys such as version, experiment and stages', start, end });
  }
  return issues.slice(0, maxIssues);
}

function unknownKeys(root: YAMLMap): ConfigIssue[] {
  const allowed: readonly string[] = topLevelKeys;
  const issues: ConfigIssue[] = [];
  for (const { key } of root.items) {
    if (!isNode(key) || !key.range) continue;
    const name = isScalar(key) ? String(key.value) : undefined;
    if (name !== undefined && allowed.includes(name)) continue;
    const [start, end] = key.range;
    const message = name === undefined ? 'A top-level key must be a plain name' : `Unknown top-level key "${name}". Allowed: ${topLevelKeys.join(', ')}`;
    issues.push({ severity: 'warning', code: 'unknown-key', message, start, end });
  }
  return issues;
}

function yamlIssue(severity: IssueSeverity, code: string, message: string, [start, end]: [number, number], text: string): ConfigIssue {
  // yaml reports some problems (a missing quote, a missing bracket) one past the last character.
  const clampedStart = Math.min(start, text.length);
  return { severity, code: `yaml-${code.toLowerCase().replaceAll('_', '-')}`, message, start: clampedStart, end: Math.max(clampedStart, Math.min(end, text.length)) };
}
