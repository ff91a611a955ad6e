// The request handlers on mutated configs (the same fixed-seed fuzz cases as the validator's fuzz):
// hover, completion, definition and the outline at many places of each, called directly. None may
// throw, and every range they return lies inside the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentSymbol, Range } from 'vscode-languageserver/node';
import { parsePipelineDocument } from '../../../src/core/config/document';
import { ProjectFilesCache } from '../../../src/server/cachedProjectFiles';
import { completionAt } from '../../../src/server/completion';
import { definitionAt } from '../../../src/server/definition';
import { hoverAt } from '../../../src/server/hover';
import { positionsOf } from '../../../src/server/lspPositions';
import type { OpenConfig } from '../../../src/server/openConfigs';
import { documentSymbols } from '../../../src/server/symbols';
import { describeCase, fuzzCase } from '../../fixtures/fuzz/fuzzCases';
import { lineLengths, lspRangeProblem } from '../../fixtures/fuzz/lspRanges';
import { seededRandom } from '../../fixtures/random';
import { loadSeeds } from '../../fixtures/fuzz/seeds';

const seed = 20260103;
const cases = 3_000;
const placesPerCase = 8;

describe('hover, completion, definition and outline on fuzzed configs', () => {
  it(`${cases.toLocaleString('en-US')} mutated configs, ${placesPerCase} places each: nothing throws, every range lies inside the text`, () => {
    const seeds = loadSeeds();
    const cache = new ProjectFilesCache();
    const failures: string[] = [];
    let answers = 0;
    for (let index = 0; index < cases && failures.length < 5; index++) {
      const fuzz = fuzzCase(seeds, seed, index);
      const { text } = fuzz;
      const uri = 'file:///fuzz/mlops.yaml';
      const config: OpenConfig = { uri, version: 1, doc: parsePipelineDocument(text), lines: positionsOf(text), root: fuzz.seed.root, files: cache.for(fuzz.seed.root) };
      const lengths = lineLengths(text);
      const problems: string[] = [];
      const check = (what: string, range: Range | undefined) => {
        if (!range) return;
        answers++;
        const problem = lspRangeProblem(range, lengths);
        if (problem) problems.push(`${what}: ${problem}`);
      };
      const random = seededRandom(seed, 1_000_000 + index);
      const offsets = [0, text.length, ...Array.from({ length: placesPerCase - 2 }, () => random.int(0, text.length))];
      try {
        for (const offset of offsets) {
          check(`hover at ${offset}`, hoverAt(config, offset)?.range);
          for (const item of completionAt(config, offset)) check(`completion ${item.label} at ${offset}`, item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined);
          for (const location of definitionAt(config, offset)) if (location.uri === uri) check(`definition at ${offset}`, location.range);
        }
        const walk = (symbols: DocumentSymbol[]) => {
          for (const symbol of symbols) {
            check(`symbol ${symbol.name}`, symbol.range);
            check(`symbol ${symbol.name} selection`, symbol.selectionRange);
            walk(symbol.children ?? []);
          }
        };
        walk(documentSymbols(config));
      } catch (error) {
        problems.push(`threw ${(error as Error).stack ?? String(error)}`);
      }
      if (problems.length > 0) failures.push(`${problems.slice(0, 3).join('\n  ')}\n  ${describeCase(seed, fuzz, 1_000)}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(answers > cases, `only ${answers} ranges came back from ${cases} cases: the fuzz checks too little`);
  });
});
