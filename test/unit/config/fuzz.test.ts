// Mutated configs (fixed seed) through the validator in-process and through the language server
// as its own process: nothing throws, hangs or dies, and every diagnostic's range lies inside the
// document. A failure names the seed and case index and shows the input; replay one case with
// `fuzzCase(loadSeeds(), seed, index)` from test/fixtures/fuzz/fuzzCases.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeCase, fuzzCase } from '../../fixtures/fuzz/fuzzCases';
import { runValidatorWorker } from '../../fixtures/fuzz/runValidatorWorker';
import { loadSeeds } from '../../fixtures/fuzz/seeds';
import { fuzzServer } from '../../fixtures/fuzz/serverFuzz';

const seed = 20260103;
const cases = 10_000;
/** Every 20th case goes to the language server as well. */
const serverStride = 20;
const serverModule = join(__dirname, '..', '..', '..', 'dist', 'server.js');
const shown = 5;

function failWith(failures: string[], of: number): void {
  if (failures.length === 0) return;
  assert.fail(`${failures.length} failures over ${of} cases; the first ${Math.min(shown, failures.length)}:\n\n${failures.slice(0, shown).join('\n\n')}`);
}

// The validator runs in a worker and the server in its own process: side by side, one core each.
describe('fuzzed mlops.yaml', { concurrency: true }, () => {
  const seeds = loadSeeds();
  const replay = (index: number) => describeCase(seed, fuzzCase(seeds, seed, index));

  it(`${cases.toLocaleString('en-US')} distinct mutated configs: parse and validate never throw or hang, and every range lies inside the text`, async (t) => {
    const run = await runValidatorWorker({ seed, cases, caseTimeoutMs: 10_000 });
    const failures = run.problems.map(({ index, problems }) => `${problems.join('\n  ')}\n  ${replay(index)}`);
    const { stopped } = run;
    if (stopped !== undefined) failures.unshift(`${stopped.reason}\n  ${stopped.index >= 0 ? replay(stopped.index) : 'before the first case'}`);
    const tally = run.tally;
    if (tally !== undefined) {
      t.diagnostic(`${tally.cases} distinct cases (of ${tally.made} made; ${tally.checkedByRules} reached the rules) from ${seeds.length} seeds in ${(tally.totalMs / 1000).toFixed(1)} s; slowest case ${tally.slowestIndex}: ${tally.slowestMs.toFixed(0)} ms`);
      t.diagnostic(`${tally.diagnostics} diagnostics: ${Object.entries(tally.codes).sort(([, a], [, b]) => b - a).map(([code, n]) => `${code} ${n}`).join(', ')}`);
    }
    failWith(failures, cases);
    assert.equal(tally?.cases, cases);
    // The fuzz must not degenerate into YAML noise: a good share of the cases get past the parser.
    assert.ok(tally!.checkedByRules >= cases * 0.2, `only ${tally!.checkedByRules} cases reached the rules`);
  });

  it(`the language server (dist/server.js over stdio) with every ${serverStride}th of them: it stays up, and every published range lies inside the document`, async (t) => {
    assert.ok(existsSync(serverModule), `${serverModule} is missing: run \`node scripts/build.mjs\` first`);
    const sample = Array.from({ length: cases / serverStride }, (_, i) => fuzzCase(seeds, seed, i * serverStride));
    const report = await fuzzServer({ serverModule, seed, cases: sample, slots: 10, answerTimeoutMs: 20_000 });
    t.diagnostic(`${sample.length} cases, ${report.versionsSent} versions sent, ${report.publishes} publications holding ${report.diagnostics} diagnostics`);
    failWith(
      report.failures.map(({ index, problem }) => (index === undefined ? problem : `${problem}\n  ${replay(index)}`)),
      sample.length,
    );
    assert.equal(report.exitCode, 0, `the server did not exit cleanly after shutdown: ${report.stderr}`);
    assert.ok(report.publishes >= sample.length, `only ${report.publishes} publications for ${sample.length} cases`);
  });
});
