// Asks an MLflow server one small question before the views switch to it: does it answer, with
// MLflow's REST API, to these credentials? Throws the transport's error otherwise.
import { MlflowHttp, type MlflowCredentials } from '../../core/mlflow/client/http';

/** Long enough for a server far away, short enough that a progress notification does not linger. */
const checkTimeoutMs = 20_000;

export async function checkServer(url: string, credentials: MlflowCredentials, opts: { timeoutMs?: number } = {}): Promise<void> {
  const http = new MlflowHttp({ url, ...credentials, timeoutMs: opts.timeoutMs ?? checkTimeoutMs, maxRetries: 1, backoffMs: 250 });
  await http.post('experiments/search', { max_results: 1 });
}
