// How a Runs-view filter reaches a store: whole where the store has OR, split into AND-only MLflow
// filters where it has not; and the filter box's error line with its caret.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchSyntaxError } from '../../../src/core/search/errors';
import { parseFilter } from '../../../src/core/search/parser';
import { caret, caretAt, filterErrorMessage, validateFilter } from '../../../src/vscode/runs/filterError';
import { maxServerSearches, narrowFilter, planSearch } from '../../../src/vscode/runs/runSearchPlan';

describe('search plans', () => {
  it('sends a filter whole, OR included, to a store that has OR', () => {
    const filter = "metrics.auc > 0.8 OR (params.lr = '0.1' AND tags.team = 'a')";
    assert.deepEqual(planSearch(filter, true), { kind: 'single', filter, allowOr: true });
  });

  it('splits OR into AND-only filters an MLflow server accepts, distributing AND over OR', () => {
    const plan = planSearch("attributes.status = 'FINISHED' and (metrics.auc > 0.8 or params.lr = '0.1') and (tags.a = 'x' OR tags.b = 'y')", false);
    assert.deepEqual(plan, {
      kind: 'union',
      filters: [
        "attributes.status = 'FINISHED' AND metrics.auc > 0.8 AND tags.a = 'x'",
        "attributes.status = 'FINISHED' AND metrics.auc > 0.8 AND tags.b = 'y'",
        "attributes.status = 'FINISHED' AND params.lr = '0.1' AND tags.a = 'x'",
        "attributes.status = 'FINISHED' AND params.lr = '0.1' AND tags.b = 'y'",
      ],
    });
    for (const filter of (plan as { filters: string[] }).filters) assert.doesNotThrow(() => parseFilter(filter), filter);
  });

  it('drops parentheses MLflow does not accept, and keeps each condition as it was written', () => {
    assert.deepEqual(planSearch('((metrics.`val auc` >= 0.9))', false), { kind: 'single', filter: 'metrics.`val auc` >= 0.9', allowOr: false });
    assert.deepEqual(planSearch('tags."mlflow.runName" IS NULL', false), { kind: 'single', filter: 'tags."mlflow.runName" IS NULL', allowOr: false });
    assert.deepEqual(planSearch('', false), { kind: 'single', filter: '', allowOr: false });
    assert.deepEqual(planSearch("params.a = '1' OR params.a = '1'", false), { kind: 'single', filter: "params.a = '1'", allowOr: false });
  });

  it(`refuses a filter that would take more than ${maxServerSearches} MLflow searches, saying what to do`, () => {
    const conditions = Array.from({ length: maxServerSearches + 1 }, (_, i) => `params.p = '${i}'`).join(' OR ');
    assert.throws(() => planSearch(conditions, false), (error: unknown) => error instanceof SearchSyntaxError && /use the embedded store/.test(error.message));
    const product = ['a', 'b', 'c', 'd', 'e'].map((key) => `(params.${key} = '1' OR params.${key} = '2')`).join(' AND ');
    assert.throws(() => planSearch(product, false), /more than 16 separate searches/);
    assert.doesNotThrow(() => planSearch(product, true), 'the embedded store takes it whole');
  });

  it('rejects an invalid filter at its position', () => {
    assert.throws(() => planSearch("metrics.auc > 'high'", true), (error: unknown) => error instanceof SearchSyntaxError && error.position === 14);
  });

  it('narrows a filter with more conditions, keeping its own OR grouped', () => {
    assert.equal(narrowFilter("params.a = '1' OR params.b = '2'", "attributes.status = 'RUNNING'"), "(params.a = '1' OR params.b = '2') AND (attributes.status = 'RUNNING')");
    assert.equal(narrowFilter('  ', "attributes.status = 'RUNNING'"), "attributes.status = 'RUNNING'");
  });
});

describe('the filter box error line', () => {
  const check = (filter: string): void => void planSearch(filter, true);

  it('names the column and shows a caret in the filter where the error is', () => {
    const filter = "metrics.auc > 0.8 AND params.lr = 0.1";
    const message = validateFilter(filter, check);
    assert.equal(message, `Column 35: Expected a quoted string for param 'lr' (e.g. 'value'), found '0.1' · metrics.auc > 0.8 AND params.lr = ${caret}0.1`);
  });

  it('is undefined for a valid filter, OR and parentheses included', () => {
    assert.equal(validateFilter("(metrics.auc > 0.8 OR metrics.f1 > 0.5) AND attributes.status = 'FINISHED'", check), undefined);
    assert.equal(validateFilter('', check), undefined);
  });

  it('shows the end of the filter for an unclosed parenthesis', () => {
    const filter = "(metrics.auc > 0.8 OR params.lr = '0.1'";
    assert.match(validateFilter(filter, check)!, new RegExp(`^Column ${filter.length + 1}: Expected '\\)' to close the '\\(' at 0, found the end .*'0\\.1'${caret}$`));
  });

  it('cuts a long filter around the error', () => {
    const filter = `${"params.a = 'x' AND ".repeat(5)}metrics.b >> 1${" AND params.c = 'y'".repeat(5)}`;
    const around = caretAt(filter, filter.indexOf('>>'));
    assert.ok(around.startsWith('…') && around.endsWith('…'), around);
    assert.ok(around.includes(`metrics.b ${caret}>> 1`), around);
  });

  it('keeps the filter from turning into icons or links in the message', () => {
    const message = filterErrorMessage("params.x = '$(alert)' AND [a](command:x) ", new SearchSyntaxError('Unexpected character', 26));
    assert.doesNotMatch(message, /\$\(alert\)|\]\(command/);
    assert.match(message, /\$\u200b\(alert\)/);
  });
});
