import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRunSearch } from '../../../src/core/search/toSql';
import { SearchSyntaxError } from '../../../src/core/search/errors';
import { runsDb, type RunsDb } from './runsDb';

// Four active runs in experiment 1 (default order: start_time DESC, then run_uuid: r3, r4, r2, r1),
// one deleted run, one run in experiment 2.
const RUNS = [
  {
    id: 'r1',
    name: 'alpha',
    startTime: 1000,
    endTime: 1500,
    userId: 'ann',
    metrics: { acc: 0.9, loss: 0.1, 'val acc': 0.5 },
    params: { lr: '0.01', opt: 'Adam' },
    tags: { team: 'Vision', note: 'axxb' },
    datasets: [{ name: 'train', digest: 'd1', context: 'training' }],
  },
  {
    id: 'r2',
    name: 'beta',
    startTime: 2000,
    endTime: 2500,
    userId: 'bob',
    metrics: { acc: 0.7, loss: NaN },
    params: { lr: '0.1', opt: 'sgd' },
    tags: { team: 'vision', note: 'a*b' },
    datasets: [{ name: 'eval', digest: 'd2', context: 'eval' }],
  },
  { id: 'r3', name: 'gamma', status: 'RUNNING', startTime: 3000, userId: 'ann', metrics: { acc: NaN }, params: { lr: '0.01' } },
  {
    id: 'r4',
    name: 'Delta_1',
    status: 'FAILED',
    startTime: 3000,
    endTime: 3500,
    userId: 'cy',
    metrics: { acc: Infinity, loss: -Infinity },
    params: { opt: 'ADAM' },
    tags: { team: 'nlp' },
  },
  { id: 'r5', name: 'epsilon', lifecycleStage: 'deleted', startTime: 500, metrics: { acc: 0.95 } },
  { id: 'r6', name: 'zeta', experimentId: 2, startTime: 4000, metrics: { acc: 0.8 } },
] as const;

let runs: RunsDb;
before(async () => {
  runs = await runsDb(RUNS.map((r) => ({ ...r })) as Parameters<typeof runsDb>[0]);
});

const find = (filter: string, extra: Parameters<RunsDb['search']>[0] = {}) => runs.search({ filter, ...extra });

describe('filters on metrics', () => {
  test('each numeric comparator, with NaN matching only != and infinities compared as huge numbers', () => {
    assert.deepEqual(find('metrics.acc > 0.8'), ['r4', 'r1']);
    assert.deepEqual(find('metrics.acc >= 0.9'), ['r4', 'r1']);
    assert.deepEqual(find('metrics.acc = 0.7'), ['r2']);
    assert.deepEqual(find('metrics.acc != 0.9'), ['r3', 'r4', 'r2']);
    assert.deepEqual(find('metrics.acc < 0.9'), ['r2']);
    assert.deepEqual(find('metrics.acc <= 0.9'), ['r2', 'r1']);
    assert.deepEqual(find('metrics.loss < -1e300'), ['r4']);
    assert.deepEqual(find('metrics.missing > 0'), []);
    // NaN is stored as 0: it must neither equal 0 nor fail "!= 0".
    assert.deepEqual(find('metrics.acc = 0'), []);
    assert.deepEqual(find('metrics.acc <= 0'), []);
    assert.deepEqual(find('metrics.acc != 0'), ['r3', 'r4', 'r2', 'r1']);
  });

  test('every metric prefix and quoted keys', () => {
    assert.deepEqual(find('metric.acc > 0.8'), ['r4', 'r1']);
    assert.deepEqual(find('metrics.`val acc` > 0'), ['r1']);
    assert.deepEqual(find('metrics."val acc" > 0'), ['r1']);
  });
});

describe('filters on params and tags', () => {
  test('= and != compare case-sensitively and skip runs without the key', () => {
    assert.deepEqual(find("params.lr = '0.01'"), ['r3', 'r1']);
    assert.deepEqual(find('params.lr = "0.01"'), ['r3', 'r1']);
    assert.deepEqual(find("params.lr != '0.01'"), ['r2']);
    assert.deepEqual(find("tags.team = 'vision'"), ['r2']);
  });

  test('LIKE is case-sensitive, ILIKE is not, and GLOB characters in values stay literal', () => {
    assert.deepEqual(find("params.opt LIKE '%dam'"), ['r1']);
    assert.deepEqual(find("params.opt ILIKE '%dam'"), ['r4', 'r1']);
    assert.deepEqual(find("params.opt like 'sg_'"), ['r2']);
    assert.deepEqual(find("tags.note LIKE 'a*b'"), ['r2']);
    assert.deepEqual(find("tags.note LIKE 'a%b'"), ['r2', 'r1']);
    assert.deepEqual(find("tags.team ILIKE 'VISION'"), ['r2', 'r1']);
  });

  test('IS NULL and IS NOT NULL test whether the run has the key', () => {
    assert.deepEqual(find('tags.team IS NULL'), ['r3']);
    assert.deepEqual(find('tags.team is not null'), ['r4', 'r2', 'r1']);
    assert.deepEqual(find('params.opt IS NULL'), ['r3']);
  });

  test('every prefix and the three ways to quote a dotted tag key', () => {
    for (const prefix of ['param', 'params', 'parameter', 'parameters']) {
      assert.deepEqual(find(`${prefix}.opt = 'sgd'`), ['r2'], prefix);
    }
    for (const filter of ["tags.\"mlflow.runName\" = 'beta'", "tag.`mlflow.runName` = 'beta'", "tags.mlflow.runName = 'beta'"]) {
      assert.deepEqual(find(filter), ['r2'], filter);
    }
  });
});

describe('filters on attributes', () => {
  test('string attributes', () => {
    assert.deepEqual(find("attributes.status = 'RUNNING'"), ['r3']);
    assert.deepEqual(find("status != 'FINISHED'"), ['r3', 'r4']);
    assert.deepEqual(find("attr.user_id = 'ann'"), ['r3', 'r1']);
    assert.deepEqual(find("run.artifact_uri LIKE '%/r2/%'"), ['r2']);
    assert.deepEqual(find("attribute.run_id = 'r4'"), ['r4']);
  });

  test('run_id IN and NOT IN', () => {
    assert.deepEqual(find("attributes.run_id IN ('r1', \"r2\")"), ['r2', 'r1']);
    assert.deepEqual(find("attributes.run_id NOT IN ('r1')"), ['r3', 'r4', 'r2']);
  });

  test('numeric attributes and the created alias; a missing end_time never matches', () => {
    assert.deepEqual(find('attributes.start_time >= 2000'), ['r3', 'r4', 'r2']);
    assert.deepEqual(find('created < 2000'), ['r1']);
    assert.deepEqual(find('end_time > 0'), ['r4', 'r2', 'r1']);
    assert.deepEqual(find('attributes.end_time != 1500'), ['r4', 'r2']);
  });

  test('run_name and its "run name" alias match the mlflow.runName tag', () => {
    assert.deepEqual(find("attributes.run_name = 'alpha'"), ['r1']);
    assert.deepEqual(find("run_name ILIKE 'DELTA%'"), ['r4']);
    assert.deepEqual(find("\"run name\" LIKE '%a'"), ['r3', 'r2', 'r1']);
    assert.deepEqual(find("`Run Name` != 'alpha'"), ['r3', 'r4', 'r2']);
  });
});

describe('filters on datasets', () => {
  test('name, digest and context with each comparator', () => {
    assert.deepEqual(find("datasets.name = 'train'"), ['r1']);
    assert.deepEqual(find("dataset.digest IN ('d1', 'd2')"), ['r2', 'r1']);
    assert.deepEqual(find("datasets.name NOT IN ('train')"), ['r2']);
    assert.deepEqual(find("datasets.context = 'eval'"), ['r2']);
    assert.deepEqual(find("datasets.context LIKE 'train%'"), ['r1']);
    assert.deepEqual(find("datasets.name ILIKE 'EVAL'"), ['r2']);
    assert.deepEqual(find("datasets.name != 'train'"), ['r2']);
  });
});

describe('conditions together', () => {
  test('AND in any case narrows', () => {
    assert.deepEqual(find("params.lr = '0.01' and status = 'RUNNING'"), ['r3']);
    assert.deepEqual(find("metrics.acc > 0 AND tags.team ILIKE 'v%' And params.opt = 'Adam'"), ['r1']);
  });

  test('with allowOr, OR widens, AND binds tighter, and parentheses group', () => {
    const allowOr = true;
    assert.deepEqual(find("metrics.acc > 0.8 OR params.opt = 'sgd'", { allowOr }), ['r4', 'r2', 'r1']);
    assert.deepEqual(find("status = 'RUNNING' or status = 'FAILED' and metrics.acc > 1", { allowOr }), ['r3', 'r4']);
    assert.deepEqual(find("(status = 'RUNNING' or status = 'FAILED') and metrics.acc > 1", { allowOr }), ['r4']);
    assert.deepEqual(find("params.lr = '0.01' AND (status = 'RUNNING' OR tags.team = 'Vision')", { allowOr }), ['r3', 'r1']);
  });

  test('without allowOr, OR is refused where it stands', () => {
    assert.throws(
      () => compileRunSearch({ experimentIds: ['1'], filter: "status = 'RUNNING' OR status = 'FAILED'", maxResults: 10, offset: 0 }),
      (e: unknown) => e instanceof SearchSyntaxError && e.position === 19 && /no OR/.test(e.message),
    );
  });
});

describe('scope', () => {
  test('view type and experiments', () => {
    assert.deepEqual(runs.search({}), ['r3', 'r4', 'r2', 'r1']);
    assert.deepEqual(runs.search({ viewType: 'DELETED_ONLY' }), ['r5']);
    assert.deepEqual(runs.search({ viewType: 'ALL' }), ['r3', 'r4', 'r2', 'r1', 'r5']);
    assert.deepEqual(runs.search({ experimentIds: ['1', '2'], filter: 'metrics.acc > 0.75' }), ['r6', 'r4', 'r1']);
    assert.deepEqual(runs.search({ experimentIds: [] }), []);
  });
});

describe('ordering', () => {
  test('metrics: values, then NaN, then runs without the metric, in both directions', () => {
    assert.deepEqual(runs.search({ orderBy: ['metrics.loss'] }), ['r4', 'r1', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['metrics.loss ASC'] }), ['r4', 'r1', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['metrics.loss DESC'] }), ['r1', 'r4', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['metrics.acc DESC'] }), ['r4', 'r1', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['metrics.acc asc'] }), ['r2', 'r1', 'r4', 'r3']);
  });

  test('params and tags: present values by text, missing last; ties by start_time DESC then run id', () => {
    assert.deepEqual(runs.search({ orderBy: ['params.lr'] }), ['r3', 'r1', 'r2', 'r4']);
    assert.deepEqual(runs.search({ orderBy: ['params.lr DESC'] }), ['r2', 'r3', 'r1', 'r4']);
    assert.deepEqual(runs.search({ orderBy: ['tags.team'] }), ['r1', 'r4', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['tags.`mlflow.runName` DESC'] }), ['r3', 'r2', 'r1', 'r4']);
  });

  test('attributes, with missing values last and run_name read from runs.name', () => {
    assert.deepEqual(runs.search({ orderBy: ['attributes.start_time ASC'] }), ['r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(runs.search({ orderBy: ['created DESC'] }), ['r3', 'r4', 'r2', 'r1']);
    assert.deepEqual(runs.search({ orderBy: ['end_time DESC'] }), ['r4', 'r2', 'r1', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['end_time'] }), ['r1', 'r2', 'r4', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['attributes.run_name'] }), ['r4', 'r1', 'r2', 'r3']);
    assert.deepEqual(runs.search({ orderBy: ['status DESC', 'run_id DESC'] }), ['r3', 'r2', 'r1', 'r4']);
  });

  test('several keys apply in turn', () => {
    assert.deepEqual(runs.search({ orderBy: ['params.lr', 'metrics.acc DESC'] }), ['r1', 'r3', 'r2', 'r4']);
    assert.deepEqual(runs.search({ orderBy: ['attributes.user_id', 'metrics.acc'] }), ['r1', 'r3', 'r2', 'r4']);
  });

  test('a key given twice is refused', () => {
    assert.throws(
      () => runs.search({ orderBy: ['metrics.acc', 'metric.`acc` DESC'] }),
      (e: unknown) => e instanceof SearchSyntaxError && e.input === 'order_by[1]' && /repeats order_by\[0\]/.test(e.message),
    );
  });
});

describe('paging', () => {
  test('LIMIT and OFFSET walk the same order without gaps or repeats', () => {
    const pages = [0, 2, 4].map((offset) => runs.search({ maxResults: 2, offset, orderBy: ['metrics.acc DESC'] }));
    assert.deepEqual(pages, [['r4', 'r1'], ['r2', 'r3'], []]);
  });

  test('maxResults and offset must be non-negative integers', () => {
    assert.throws(() => compileRunSearch({ experimentIds: ['1'], maxResults: -1, offset: 0 }), RangeError);
    assert.throws(() => compileRunSearch({ experimentIds: ['1'], maxResults: 10, offset: 1.5 }), RangeError);
  });
});

describe('values stay data', () => {
  test('quotes and SQL in values and keys are bound, never spliced', () => {
    const filter = "params.`opt' OR '1'='1` = 'x'' OR 1=1 --' AND tags.team != \"'); DROP TABLE runs; --\"";
    const { sql, params } = compileRunSearch({ experimentIds: ['1'], filter, maxResults: 10, offset: 0 });
    assert.ok(!sql.includes('1=1') && !sql.includes('DROP'), sql);
    assert.ok(params.includes("opt' OR '1'='1") && params.includes("x'' OR 1=1 --"));
    assert.deepEqual(find(filter), []);
    assert.deepEqual(find("params.opt != 'x'' OR 1=1 --'"), ['r4', 'r2', 'r1']);
  });
});

describe('query plan', () => {
  test('metric, param and tag conditions and sort keys read the (key, run_uuid) primary keys', () => {
    const { sql, params } = compileRunSearch({
      experimentIds: ['1'],
      filter: "metrics.acc > 0.5 AND params.lr = '0.01' AND tags.team IS NULL AND run_name = 'x'",
      orderBy: ['metrics.loss DESC', 'params.opt', 'tags.team'],
      maxResults: 10,
      offset: 0,
    });
    const plan = runs.db.exec(`EXPLAIN QUERY PLAN ${sql}`, params)[0].values.map((row) => String(row[3]));
    for (const table of ['latest_metrics', 'params', 'tags']) {
      assert.ok(!plan.some((step) => new RegExp(`^SCAN ${table}\\b`).test(step)), `${table} is scanned:\n${plan.join('\n')}`);
    }
    assert.ok(plan.some((step) => /USING (COVERING )?INDEX sqlite_autoindex_latest_metrics_1/.test(step)), plan.join('\n'));
  });
});

describe('run names without the mlflow.runName tag', () => {
  test('fall back to runs.name; a tag that differs from the column wins, as in MLflow', async () => {
    const db = await runsDb([
      { id: 'a', name: 'untagged', nameTag: null },
      { id: 'b', name: 'column', nameTag: 'tagged' },
    ]);
    assert.deepEqual(db.search({ filter: "run_name = 'untagged'" }), ['a']);
    assert.deepEqual(db.search({ filter: "run_name = 'tagged'" }), ['b']);
    assert.deepEqual(db.search({ filter: "run_name = 'column'" }), []);
    assert.deepEqual(db.search({ orderBy: ['run_name DESC'] }), ['a', 'b']);
  });
});
