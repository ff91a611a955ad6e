import type { ConfigDiagnostic } from '../diagnostic';
import type { GateNode, PipelineDocument, StageNode } from '../document';
import type { ProjectFiles } from '../projectFiles';

/** What every rule gets: the document, the project's files, and lookups built once per validation. */
export interface RuleContext {
  doc: PipelineDocument;
  files: ProjectFiles;
  /** The first stage of each name (a name written twice is a YAML duplicate-key error). */
  stages: Map<string, StageNode>;
  gates: Map<string, GateNode>;
  report(diagnostic: ConfigDiagnostic): void;
}

export interface Rule {
  /** The diagnostic codes the rule reports, stable across versions. */
  codes: readonly string[];
  /** It reports warnings only, so a check for errors alone (may the pipeline run?) skips it. */
  warningsOnly?: boolean;
  check(ctx: RuleContext): void;
}
