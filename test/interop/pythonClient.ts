import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { mlflowEnv, mlflowVenv } from './mlflowVenv';
import { decodeDouble, type ExperimentView, type ModelVersionView, type PointView, type RegisteredModelView, type RunView, type StoreReading } from './views';

// What the real mlflow Python client reads from a database file (readStore.py), as views.

export interface PythonClientReading extends StoreReading {
  mlflowVersion: string;
}

type RawPoint = Omit<PointView, 'value'> & { value: unknown };
type RawRun = Omit<RunView, 'metrics' | 'histories'> & { metrics: Record<string, RawPoint>; histories: Record<string, RawPoint[]> };

export function readWithPythonClient(dbFile: string, modelName: string): PythonClientReading {
  const script = path.join(__dirname, 'readStore.py');
  const result = spawnSync(mlflowVenv().python, [script, path.resolve(dbFile), modelName], {
    env: mlflowEnv(),
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`readStore.py exited ${result.status ?? result.signal}:\n${result.stderr.slice(-4000)}`);
  const raw = JSON.parse(result.stdout) as {
    mlflow_version: string;
    experiments: ExperimentView[];
    runs: Record<string, RawRun[]>;
    registered_model: RegisteredModelView;
    model_versions: Record<string, ModelVersionView>;
    aliases: Record<string, ModelVersionView>;
  };
  const decodeRun = (run: RawRun): RunView => {
    const at = `python run ${run.info.run_id}`;
    const points = (key: string, list: RawPoint[]) => list.map((p, i) => ({ ...p, value: decodeDouble(p.value, `${at} ${key}[${i}]`) }));
    return {
      ...run,
      metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, p]) => [k, { ...p, value: decodeDouble(p.value, `${at} ${k}`) }])),
      histories: Object.fromEntries(Object.entries(run.histories).map(([k, list]) => [k, points(k, list)])),
    };
  };
  return {
    mlflowVersion: raw.mlflow_version,
    experiments: raw.experiments,
    runs: Object.fromEntries(Object.entries(raw.runs).map(([id, runs]) => [id, runs.map(decodeRun)])),
    registeredModel: raw.registered_model,
    modelVersions: raw.model_versions,
    aliases: raw.aliases,
  };
}
