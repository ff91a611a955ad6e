// Seeds an MLflow server through its REST API 2.0, as any MLflow client would: experiments, runs,
// params and metrics. Works on the real MLflow server and on our own (which wants a token).
export interface SeededRun {
  name: string;
  runId: string;
}

export class MlflowRest {
  constructor(
    readonly url: string,
    private readonly token?: string,
  ) {}

  async post<T>(endpoint: string, body: unknown): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.url}/api/2.0/mlflow/${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${this.url} answered ${res.status} to ${endpoint}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** An experiment holding one finished run per name, each with a param `lr` and a metric `auc`. */
  async seedExperiment(name: string, runNames: readonly string[]): Promise<SeededRun[]> {
    const { experiment_id } = await this.post<{ experiment_id: string }>('experiments/create', { name });
    const start = Date.now() - runNames.length * 60_000;
    const runs: SeededRun[] = [];
    for (const [index, runName] of runNames.entries()) {
      const startTime = start + index * 60_000;
      const created = await this.post<{ run: { info: { run_id: string } } }>('runs/create', { experiment_id, run_name: runName, start_time: startTime });
      const runId = created.run.info.run_id;
      await this.post('runs/log-batch', {
        run_id: runId,
        params: [{ key: 'lr', value: String(0.1 / (index + 1)) }],
        metrics: [0, 1, 2].map((step) => ({ key: 'auc', value: 0.7 + index / 100 + step / 1000, timestamp: startTime + step, step })),
      });
      await this.post('runs/update', { run_id: runId, status: 'FINISHED', end_time: startTime + 30_000 });
      runs.push({ name: runName, runId });
    }
    return runs;
  }
}
