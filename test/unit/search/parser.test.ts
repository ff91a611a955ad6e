import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Comparison, FilterAst } from '../../../src/core/search/ast';
import { SearchSyntaxError } from '../../../src/core/search/errors';
import { parseFilter } from '../../../src/core/search/parser';

// Accepted filters and their readings were checked against MLflow 3.17.2's
// SearchUtils.parse_search_filter.

function conditions(ast: FilterAst): string[] {
  if (ast.kind !== 'comparison') return ast.clauses.flatMap(conditions);
  return [`${ast.entity}|${ast.key}|${ast.comparator}|${JSON.stringify(ast.value)}`];
}

function errorAt(filter: string, opts: { allowOr?: boolean } = {}): { position: number; message: string } {
  try {
    parseFilter(filter, opts);
  } catch (e) {
    assert.ok(e instanceof SearchSyntaxError, `not a SearchSyntaxError: ${String(e)}`);
    assert.equal(e.input, 'filter');
    return { position: e.position, message: e.message };
  }
  assert.fail(`accepted: ${filter}`);
}

describe('parseFilter reads what MLflow reads', () => {
  const cases: [string, string[]][] = [
    ['metrics.acc > 0.5', ['metric|acc|>|0.5']],
    ['metric.acc>=-1', ['metric|acc|>=|-1']],
    ['metrics.acc < 1e5', ['metric|acc|<|100000']],
    ['metrics.acc <= .5', ['metric|acc|<=|0.5']],
    ['metrics.acc != 1.', ['metric|acc|!=|1']],
    ['metrics.acc = 1.5e-3', ['metric|acc|=|0.0015']],
    ['metrics.1acc > 1', ['metric|1acc|>|1']],
    ['metrics.a.b > 1', ['metric|a.b|>|1']],
    ['metrics.`my metric` > 1', ['metric|my metric|>|1']],
    ['metrics."my metric" > 1', ['metric|my metric|>|1']],
    ["tags.mlflow.runName = 'x'", ['tag|mlflow.runName|=|"x"']],
    ['tags."mlflow.runName" = \'x\'', ['tag|mlflow.runName|=|"x"']],
    ["tags.`mlflow.runName` = 'x'", ['tag|mlflow.runName|=|"x"']],
    ["tags.'mlflow.runName' = 'x'", ['tag|mlflow.runName|=|"x"']],
    ["`tags`.a = 'x'", ['tag|a|=|"x"']],
    ['params.a = "x"', ['param|a|=|"x"']],
    ["params.a = ''", ['param|a|=|""']],
    // MLflow strips the outer quotes only; escapes inside stay as typed.
    ["params.a = 'it''s'", ['param|a|=|"it\'\'s"']],
    ["params.a = 'it\\'s'", ['param|a|=|"it\\\\\'s"']],
    ['tags.a = "x\'y"', ['tag|a|=|"x\'y"']],
    ["params.a like 'x%'", ['param|a|LIKE|"x%"']],
    ["parameter.a ILIKE 'x%'", ['param|a|ILIKE|"x%"']],
    ['tags.a IS NULL', ['tag|a|IS NULL|null']],
    ['tags.a is not null', ['tag|a|IS NOT NULL|null']],
    ["attributes.run_id IN ('a', \"b\")", ['attribute|run_id|IN|["a","b"]']],
    ["run.run_id in ('a',)", ['attribute|run_id|IN|["a"]']],
    ["attr.run_id NOT IN ('a')", ['attribute|run_id|NOT IN|["a"]']],
    // IN lists are Python literals to MLflow: escapes apply and 'a''b' is 'ab'.
    ["attributes.run_id IN ('a\\'b', 'c''d')", ['attribute|run_id|IN|["a\'b","cd"]']],
    ["status = 'FINISHED'", ['attribute|status|=|"FINISHED"']],
    ['"run name" = \'x\'', ['attribute|run_name|=|"x"']],
    ["`Run Name` LIKE 'x'", ['attribute|run_name|LIKE|"x"']],
    ['created > 5', ['attribute|start_time|>|5']],
    ['attribute.end_time <= 5.5', ['attribute|end_time|<=|5.5']],
    ["datasets.context IN ('train', 'eval')", ['dataset|context|IN|["train","eval"]']],
    ["dataset.digest != 'x'", ['dataset|digest|!=|"x"']],
    ['  metrics.a > 1  ', ['metric|a|>|1']],
    ["metrics.a > 1 and params.b = 'x' AND tags.c = 'y'", ['metric|a|>|1', 'param|b|=|"x"', 'tag|c|=|"y"']],
    ["params.order = 'x' And metrics.select > 1", ['param|order|=|"x"', 'metric|select|>|1']],
  ];
  for (const [filter, expected] of cases) {
    test(filter, () => assert.deepEqual(conditions(parseFilter(filter)), expected));
  }

  test('the empty filter is an empty AND', () => {
    assert.deepEqual(parseFilter(''), { kind: 'and', clauses: [], span: { start: 0, end: 0 } });
    assert.deepEqual(conditions(parseFilter('   ')), []);
  });

  test('a condition carries the spans of its parts', () => {
    const ast = parseFilter("  tags.`a b`  LIKE  'x%'") as Comparison;
    assert.deepEqual(
      { span: ast.span, keySpan: ast.keySpan, comparatorSpan: ast.comparatorSpan, valueSpan: ast.valueSpan },
      { span: { start: 2, end: 24 }, keySpan: { start: 2, end: 12 }, comparatorSpan: { start: 14, end: 18 }, valueSpan: { start: 20, end: 24 } },
    );
    const negated = parseFilter("run_id NOT  IN ('a')") as Comparison;
    assert.deepEqual(negated.comparatorSpan, { start: 7, end: 14 });
  });
});

describe('OR and parentheses with allowOr', () => {
  test('AND binds tighter than OR', () => {
    const ast = parseFilter("metrics.a > 1 OR params.b = 'x' AND tags.c = 'y'", { allowOr: true });
    assert.equal(ast.kind, 'or');
    assert.ok(ast.kind === 'or');
    assert.deepEqual(ast.clauses.map((c) => c.kind), ['comparison', 'and']);
  });

  test('parentheses regroup and keep their span', () => {
    const ast = parseFilter("(metrics.a > 1 or params.b = 'x') and tags.c = 'y'", { allowOr: true });
    assert.ok(ast.kind === 'and');
    assert.equal(ast.clauses[0].kind, 'or');
    assert.deepEqual(ast.clauses[0].span, { start: 0, end: 33 });
    assert.deepEqual(conditions(ast), ['metric|a|>|1', 'param|b|=|"x"', 'tag|c|=|"y"']);
  });

  test('nested parentheses', () => {
    const ast = parseFilter("((metrics.a > 1))", { allowOr: true });
    assert.deepEqual(conditions(ast), ['metric|a|>|1']);
  });
});

describe('malformed filters are refused at the offending character', () => {
  const cases: [string, number, RegExp, { allowOr?: boolean }?][] = [
    ["metrics.acc > 1 or params.a = 'x'", 16, /MLflow's search syntax has no OR/],
    ['(metrics.acc > 1)', 0, /no parentheses/],
    ["metrics.a > 1 AND (params.b = 'x')", 18, /no parentheses/],
    ['metrics.acc > 1 AND', 19, /Expected a condition .* found the end/],
    ["metrics.a > 1 AND AND params.a = 'x'", 18, /Expected a condition .* found 'AND'/],
    ['AND metrics.a > 1', 0, /Expected a condition/],
    ['metrics.a > 1 metrics.b > 2', 14, /Expected AND between conditions, found 'metrics'/],
    ["params.a = 'x' 'y'", 15, /Expected AND between conditions, found 'y'/],
    ["metrics.acc > 1; params.a = 'x'", 15, /Unexpected character ';'/],
    ['metrics.acc > +1', 14, /Unexpected character '\+'/],
    ['metrics.my-metric > 1', 10, /Unexpected character '-'/],
    ["tags.a = 'x", 9, /Unterminated quote: expected a closing '/],
    ['tags.`a = 1', 5, /Unterminated quote: expected a closing `/],
    ['metrics.acc > 1abc', 14, /Malformed number '1abc'/],
    ['metrics.a>1AND metrics.b>1', 10, /Malformed number '1AND'/],
    ['metrics.acc <> 1', 12, /Unknown comparator '<>'/],
    ['metrics.acc == 1', 12, /Unknown comparator '=='/],
    ['metrics.a', 9, /Expected a comparator .* after 'metrics.a', found the end/],
    ['metrics.a 1', 10, /Expected a comparator/],
    ["params.a NOT LIKE 'x'", 13, /Expected IN after NOT/],
    ['metrics.a >', 11, /Expected a number for metric 'a', found the end/],
    ["metrics.a = 'x'", 12, /Expected a number for metric 'a', found 'x'/],
    ['metrics.a > NaN', 12, /Expected a number/],
    ["start_time > '5'", 13, /Expected a number for attribute 'start_time'/],
    ['params.a = x', 11, /Expected a quoted string for param 'a'/],
    ['params.a = 1', 11, /Expected a quoted string for param 'a'/],
    ["attributes.run_id = ('a')", 20, /Expected a quoted string for attribute 'run_id'/],
    ["params.a IN ('x')", 9, /param 'a' cannot be compared with IN/],
    ["metrics.a LIKE '1'", 10, /metric 'a' cannot be compared with LIKE/],
    ['metrics.a IS NULL', 10, /metric 'a' cannot be compared with IS NULL/],
    ["attributes.status IN ('a')", 18, /only run_id takes a list/],
    ["attributes.start_time LIKE 'x'", 22, /attribute 'start_time' cannot be compared with LIKE/],
    ["datasets.name > 'a'", 14, /dataset 'name' cannot be compared with >/],
    ['attributes.run_id IN ()', 22, /Expected a quoted string in the list, found '\)'/],
    ['attributes.run_id IN (1)', 22, /Expected a quoted string in the list, found '1'/],
    ["attributes.run_id IN ('a' 'b')", 26, /Expected ',' or '\)' in the list/],
    ["attributes.run_id IN ('a', 'b'", 30, /Expected ',' or '\)' in the list, found the end/],
    ['attributes.run_id IN "a"', 21, /Expected a parenthesized list/],
    ["foo.a = 'x'", 0, /Unknown prefix 'foo'/],
    ["Metrics.a > 1", 0, /Unknown prefix 'Metrics'/],
    ['"tags".a = \'x\'', 0, /Unknown prefix '"tags"'/],
    ["attributes.lifecycle_stage = 'x'", 11, /Unknown attribute 'lifecycle_stage'/],
    ["run name = 'x'", 0, /Unknown attribute 'run'/],
    ["datasets.foo = 'x'", 9, /Unknown dataset key 'foo'/],
    ['metrics. > 1', 9, /Expected a key after 'metrics.'/],
    ['metrics.a IS', 12, /Expected NULL after IS/],
    ["tags.a IS NOT 'x'", 14, /Expected NULL after IS NOT/],
    ["(metrics.a > 1 OR params.b = 'x'", 32, /Expected '\)' to close the '\(' at 0, found the end/, { allowOr: true }],
    ['metrics.a > 1)', 13, /Unmatched '\)'/, { allowOr: true }],
    ['metrics.a > 1 OR', 16, /Expected a condition .* found the end/, { allowOr: true }],
    ['()', 1, /Expected a condition .* found '\)'/, { allowOr: true }],
  ];
  for (const [filter, position, message, opts] of cases) {
    test(filter, () => {
      const error = errorAt(filter, opts);
      assert.equal(error.position, position, error.message);
      assert.match(error.message, message);
    });
  }
});
