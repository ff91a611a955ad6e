import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PipelineResult } from "../../../src/core/pipeline/runner";
import { openEmbeddedStore } from "../../../src/core/store/embeddedStore";
import { churnCopy, runProject } from "../../fixtures/pipelines";

const example = path.resolve(__dirname, "../../../examples/churn");
const generated = new Set(["prepared", "models", "metrics", ".mlops", "__pycache__"]);

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-churn-"));
  fs.cpSync(example, dir, {
    recursive: true,
    filter: (source) => !generated.has(path.basename(source)),
  });
  return dir;
}

function python(cwd: string, ...args: string[]): string {
  const result = spawnSync("python3", args, { cwd, encoding: "utf8" });
  assert.equal(result.status, 0, `python3 ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

test("the churn pipeline prepares, trains and evaluates a model with real signal", (t) => {
  const dir = copyExample();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  python(dir, "src/prepare.py");
  python(dir, "src/train.py");
  python(dir, "src/evaluate.py");

  for (const out of ["train.csv", "test.csv", "features.json"]) {
    assert.ok(fs.existsSync(path.join(dir, "data/prepared", out)), `data/prepared/${out} missing`);
  }
  const features = readJson(path.join(dir, "data/prepared/features.json"));
  const model = readJson(path.join(dir, "models/model.json"));
  assert.deepEqual(model.features, features.features);
  assert.equal((model.weights as number[]).length, (features.features as string[]).length);

  const epochs = Number(/^\s+epochs:\s*(\d+)/m.exec(fs.readFileSync(path.join(dir, "params.yaml"), "utf8"))?.[1]);
  const history = fs
    .readFileSync(path.join(dir, "metrics/train_history.jsonl"), "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { step: number; loss: number; auc: number });
  assert.equal(history.length, epochs);
  assert.deepEqual(history.map((h) => h.step), Array.from({ length: epochs }, (_, i) => i + 1));
  for (const h of history) {
    assert.ok(Number.isFinite(h.loss) && h.loss > 0, `step ${h.step}: loss ${h.loss}`);
    assert.ok(h.auc > 0.5 && h.auc <= 1, `step ${h.step}: auc ${h.auc}`);
  }
  const half = Math.floor(epochs / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(history[epochs - 1].loss < history[0].loss, "loss did not decrease");
  assert.ok(
    mean(history.slice(half).map((h) => h.loss)) < mean(history.slice(0, half).map((h) => h.loss)),
    "second half of training has no lower loss than the first",
  );

  const scores = readJson(path.join(dir, "metrics/eval.json"));
  assert.deepEqual(Object.keys(scores).sort(), ["accuracy", "auc", "log_loss"]);
  const { auc, accuracy, log_loss } = scores as Record<string, number>;
  assert.ok(auc > 0.7 && auc < 0.95, `auc ${auc}`);
  assert.ok(accuracy > 0.7 && accuracy < 1, `accuracy ${accuracy}`);
  assert.ok(log_loss > 0 && log_loss < Math.log(2), `log_loss ${log_loss}`);
});

test("make_dataset.py regenerates data/raw/churn.csv byte for byte", (t) => {
  const dir = copyExample();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.rmSync(path.join(dir, "data/raw/churn.csv"));

  python(dir, "src/make_dataset.py");

  const regenerated = fs.readFileSync(path.join(dir, "data/raw/churn.csv"));
  const committed = fs.readFileSync(path.join(example, "data/raw/churn.csv"));
  assert.equal(regenerated.length, committed.length);
  assert.ok(regenerated.equals(committed), "regenerated churn.csv differs from the committed one");
});

test("AUC ranks by score and gives tied scores half credit", () => {
  const cases: Array<[number[], number[], number]> = [
    [[0, 1], [0.2, 0.8], 1],
    [[0, 1], [0.8, 0.2], 0],
    [[0, 1], [0.5, 0.5], 0.5],
    [[0, 0, 1, 1], [0.1, 0.4, 0.4, 0.9], 0.875],
  ];
  const script = `import json, sys; from metrics import auc
for labels, scores, _ in json.loads(sys.argv[1]): print(auc(labels, scores))`;
  const out = python(path.join(example, "src"), "-B", "-c", script, JSON.stringify(cases));
  assert.deepEqual(out.trim().split("\n").map(Number), cases.map((c) => c[2]));
});

test("params.yaml reader reads its shape and names the line of anything else", (t) => {
  const dir = copyExample();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (text: string) => {
    fs.writeFileSync(path.join(dir, "params.yaml"), text);
    return spawnSync("python3", ["-B", "-c", "import json; from params import load_params; print(json.dumps(load_params('../params.yaml')))"], {
      cwd: path.join(dir, "src"),
      encoding: "utf8",
    });
  };

  const ok = read("# c\ntrain:\n  lr: 1e-3 # c\n  epochs: 30\n  name: \"a # b\"\n  flag: true\n  kind: plain text\n");
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), {
    train: { lr: 0.001, epochs: 30, name: "a # b", flag: true, kind: "plain text" },
  });

  for (const [text, line] of [
    ["train:\n  lr: [0.1, 0.2]\n", 2],
    ["train:\n  lr: {a: 1}\n", 2],
    ["train:\n  opt:\n    lr: 0.1\n", 2],
    ["train: 3\n", 1],
    ["train:\n  lr: 0.1\n  lr: 0.2\n", 3],
  ] as const) {
    const bad = read(text);
    assert.notEqual(bad.status, 0, `accepted ${JSON.stringify(text)}`);
    assert.match(bad.stderr, new RegExp(`ParamsError: \\.\\./params\\.yaml:${line}: `));
  }
});

describe("the churn pipeline run by the runner: cached, re-run from a changed param, gated against the champion", () => {
  const churn = churnCopy();
  after(churn.cleanup);
  const setParam = (from: RegExp, to: string) => {
    const file = path.join(churn.dir, "params.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
  };
  const ran = (result: PipelineResult) => result.stages.map((s) => [s.stage, s.cachedFrom ? "cached" : s.reasons.join("; ")]);
  let first: PipelineResult;

  test("the first run runs every stage, passes the gate with no champion to beat, and registers version 1 as challenger", async () => {
    first = await runProject(churn.dir);
    assert.equal(first.status, "FINISHED");
    assert.deepEqual(ran(first), [["prepare", "never run"], ["train", "never run"], ["evaluate", "never run"]]);
    assert.deepEqual(first.gates.map((g) => [g.gate, g.passed]), [["beats_champion", true]]);
    assert.match(first.gates[0].requirements[0].note ?? "", /no version of model 'churn' holds alias 'champion' yet/);
    assert.deepEqual(first.registration, { model: "churn", registered: true, version: "1", alias: "challenger", message: "Registered 'churn' version 1 with alias 'challenger'." });
  });

  test("run again: every stage is skipped, pointing at the first run, and nothing new is registered", async () => {
    const second = await runProject(churn.dir);
    assert.equal(second.status, "FINISHED");
    assert.deepEqual(second.stages.map((s) => [s.stage, s.cachedFrom]), first.stages.map((s) => [s.stage, s.runId]));
    assert.equal(second.registration?.registered, false);
    assert.equal(second.registration?.version, "1");
  });

  test("a changed param re-runs from train; prepare stays cached; the new model becomes the challenger", async () => {
    setParam(/lr: 0\.5/, "lr: 0.25");
    const third = await runProject(churn.dir);
    assert.equal(third.status, "FINISHED");
    assert.deepEqual(ran(third), [["prepare", "cached"], ["train", "params changed: train.lr 0.5 → 0.25"], ["evaluate", "deps changed: models/model.json"]]);
    assert.equal(third.registration?.message, "Registered 'churn' version 2 with alias 'challenger' (moved from version 1).");
  });

  test("once version 1 is the champion, a weaker model fails the gate against it and is not registered", async () => {
    // A person promotes version 1 (mlops models promote churn 1 --alias champion does this, with an audit entry).
    const store = await openEmbeddedStore(path.join(churn.dir, ".mlops"));
    await store.setRegisteredModelAlias("churn", "champion", "1");
    await store.close();
    setParam(/lr: 0\.25/, "lr: 0.05");
    const weaker = await runProject(churn.dir);
    assert.equal(weaker.status, "FAILED");
    assert.equal(weaker.failedGate, "beats_champion");
    const auc = weaker.gates[0].requirements[0];
    assert.equal(auc.passed, false);
    assert.equal(auc.baseline, first.stages.find((s) => s.stage === "evaluate")!.metrics.auc);
    assert.ok(auc.candidate! < auc.baseline! + 0.005, `candidate ${auc.candidate} against ${auc.baseline}`);
    assert.equal(weaker.registration, undefined);
  });
});
