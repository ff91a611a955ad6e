// A temporary copy of examples/churn after its three stages ran (real python3), so the metrics
// files, prepared data and model exist as after `mlops run`; plus helpers to point into its text.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver/node';
import { churnCopy } from '../../fixtures/pipelines';

export interface ChurnProject {
  dir: string;
  /** The text of its mlops.yaml. */
  config: string;
  configUri: string;
  uri(relPath: string): string;
  cleanup(): void;
}

export function churnProject(): ChurnProject {
  const { dir, cleanup } = churnCopy();
  for (const stage of ['prepare', 'train', 'evaluate']) execFileSync('python3', [`src/${stage}.py`], { cwd: dir, stdio: 'pipe', timeout: 120_000 });
  const uri = (relPath: string): string => pathToFileURL(path.join(dir, relPath)).href;
  return { dir, config: readFileSync(path.join(dir, 'mlops.yaml'), 'utf8'), configUri: uri('mlops.yaml'), uri, cleanup };
}

/** The position of the `occurrence`-th `needle` in `text` (0-based), moved `shift` characters right. */
export function positionOf(text: string, needle: string, shift = 0, occurrence = 0): Position {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  offset += shift;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The range `needle` covers in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): { start: Position; end: Position } {
  return { start: positionOf(text, needle, 0, occurrence), end: positionOf(text, needle, needle.length, occurrence) };
}
