// Where mlops.yaml gets its code lenses, read from the document model with source ranges: "Run
// pipeline" at the top, "Run stage" and "Run stage and downstream" above each stage's name. Plain
// logic, no `vscode`; offsets are UTF-16 code units into the text.
import { parsePipelineDocument } from '../../core/config/document';
import type { Range } from '../../core/config/diagnostic';

export type LensTarget = { kind: 'pipeline'; range: Range } | { kind: 'stage'; stage: string; range: Range };

export function lensTargets(text: string): LensTarget[] {
  const doc = parsePipelineDocument(text);
  if (doc.stages.length === 0) return [];
  return [{ kind: 'pipeline', range: { start: 0, end: 0 } }, ...doc.stages.map((stage): LensTarget => ({ kind: 'stage', stage: stage.name, range: stage.nameRange }))];
}
