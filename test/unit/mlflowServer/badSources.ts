// Model version create requests whose source MLflow 3.17.2's server refuses (400
// INVALID_PARAMETER_VALUE): local paths outside the run's artifact folder, sources without the run
// or logged model that holds them, `..` in any form, and URIs that would make the server connect to
// a host. Shared by our server's refusal test and the interop test that sends them to real MLflow.

export interface SourceContext {
  runId: string;
  otherRunId: string;
  modelId: string;
  /** The run's artifact URI (file://...). */
  runArtifacts: string;
  /** A file URI outside every artifact folder. */
  outside: string;
}

export function badModelVersionSources(c: SourceContext): Record<string, string>[] {
  const localRoot = new URL(c.runArtifacts).pathname;
  return [
    { source: '/etc/passwd', run_id: c.runId },
    { source: `${localRoot}/../../../secret`, run_id: c.runId },
    { source: c.outside, run_id: c.runId },
    { source: `${c.runArtifacts}/model` }, // a local source needs its run
    { source: `${c.runArtifacts}/model`, run_id: c.otherRunId }, // ... and must be inside that run's folder
    { source: `runs:/${c.runId}/model`, run_id: c.otherRunId },
    { source: `runs:/${c.runId}/model` },
    { source: `runs:/${c.runId}/../${c.otherRunId}/model`, run_id: c.runId },
    { source: `runs:/${c.runId}/%2e%2e/x`, run_id: c.runId },
    { source: 'http://169.254.169.254/latest/meta-data', run_id: c.runId },
    { source: 'https://example.com/api/2.0/mlflow-artifacts/artifacts/x', run_id: c.runId },
    { source: 'mlflow-artifacts://attacker.example/x', run_id: c.runId },
    { source: `models:/${c.modelId}` }, // a logged model source needs its model_id
    { source: `models:/${c.modelId}`, model_id: 'm-0123456789abcdef0123456789abcdef' },
    { source: `runs:/${c.runId}/model`, model_id: c.modelId },
    { source: 'models://registry/churn/1' },
    { source: 's3://bucket/a/../b', run_id: c.runId },
  ];
}
