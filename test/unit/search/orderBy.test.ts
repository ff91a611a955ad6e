import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchSyntaxError } from '../../../src/core/search/errors';
import { orderBySql, parseOrderBy } from '../../../src/core/search/orderBy';

// Readings checked against MLflow 3.17.2's SearchUtils.parse_order_by_for_search_runs.

describe('parseOrderBy', () => {
  const cases: [string, string][] = [
    ['metrics.acc', 'metric|acc|asc'],
    ['metrics.acc DESC', 'metric|acc|desc'],
    ['metrics.acc   desc', 'metric|acc|desc'],
    ['metric.acc Asc', 'metric|acc|asc'],
    ['metrics.`my metric` ASC', 'metric|my metric|asc'],
    ['metrics."my metric" DESC', 'metric|my metric|desc'],
    ["metrics.'x y'", 'metric|x y|asc'],
    ['tags.`mlflow.runName`', 'tag|mlflow.runName|asc'],
    ['tags.mlflow.runName desc', 'tag|mlflow.runName|desc'],
    ['params.lr', 'param|lr|asc'],
    ['start_time', 'attribute|start_time|asc'],
    ['created DESC', 'attribute|start_time|desc'],
    ['attributes.run_id', 'attribute|run_id|asc'],
    ['run_name DESC', 'attribute|run_name|desc'],
  ];
  for (const [clause, expected] of cases) {
    test(clause, () => {
      const { entity, key, ascending } = parseOrderBy(clause);
      assert.equal(`${entity}|${key}|${ascending ? 'asc' : 'desc'}`, expected);
    });
  }

  const errors: [string, number, RegExp][] = [
    ['metrics.acc DESC extra', 17, /Expected the end after 'metrics.acc DESC', found 'extra'/],
    ['param.lr DESC NULLS LAST', 14, /Expected the end/],
    ['metrics.acc, metrics.b', 11, /Expected ASC, DESC or the end after 'metrics.acc', found ','/],
    ['metrics.a-b', 9, /Unexpected character '-'/],
    ['foo.bar', 0, /Unknown prefix 'foo'/],
    ['Metrics.acc', 0, /Unknown prefix 'Metrics'/],
    ['"run name"', 0, /Unknown attribute 'run name'/],
    ['attributes.lifecycle_stage', 11, /Unknown attribute 'lifecycle_stage'/],
    ['datasets.name', 0, /cannot be ordered by a dataset/],
    ['DESC', 0, /Expected a key to order by/],
    ['', 0, /Expected a key to order by, .* found the end/],
  ];
  for (const [clause, position, message] of errors) {
    test(`refuses ${JSON.stringify(clause)}`, () => {
      assert.throws(
        () => parseOrderBy(clause, 2),
        (e: unknown) => {
          assert.ok(e instanceof SearchSyntaxError);
          assert.equal(e.input, 'order_by[2]');
          assert.equal(e.position, position, e.message);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
});

describe('orderBySql', () => {
  test("MLflow's tie-breaks follow the user's keys; start_time is not repeated", () => {
    assert.equal(orderBySql([]).terms, 'runs.start_time DESC, runs.run_uuid');
    assert.match(orderBySql(['created']).terms, /runs\.start_time, runs\.run_uuid$/);
    assert.doesNotMatch(orderBySql(['created']).terms, /start_time DESC/);
  });

  test('keys are bound parameters of the joins, in join order', () => {
    const sql = orderBySql(['tags.`a\'b`', 'metrics.m', 'status']);
    assert.deepEqual(sql.joinParams, ["a'b", 'm']);
    assert.equal((sql.joins.match(/\?/g) ?? []).length, 2);
    assert.ok(!sql.joins.includes("a'b"));
  });
});
