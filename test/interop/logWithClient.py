# Logs with the real mlflow client into the tracking server at MLFLOW_TRACKING_URI (our `mlops serve`)
# and prints, as JSON, what the client reads back. Run by mlflowClientAgainstOurServer.test.ts.
import json
import math

import mlflow
from mlflow import MlflowClient

mlflow.set_experiment("client-interop")
with mlflow.start_run(run_name="first") as first:
    mlflow.log_param("lr", 0.1)
    mlflow.log_params({"depth": 4, "kernel": "rbf"})
    for step in range(5):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    mlflow.log_metrics({"auc": 0.91, "odd": float("nan")}, step=0)
    mlflow.set_tag("team", "ml")
with mlflow.start_run(run_name="second") as second:
    mlflow.log_param("lr", 0.2)
    mlflow.log_metric("auc", 0.75)
with mlflow.start_run(run_name="third"):
    mlflow.log_param("lr", 0.1)
    mlflow.log_metric("auc", 0.6)

experiment = mlflow.get_experiment_by_name("client-interop")
found = mlflow.search_runs(
    experiment_ids=[experiment.experiment_id],
    filter_string="params.lr = '0.1'",
    order_by=["metrics.auc DESC"],
    output_format="list",
)
client = MlflowClient()
history = client.get_metric_history(first.info.run_id, "loss")
run = client.get_run(first.info.run_id)


def number(v):
    return "NaN" if math.isnan(v) else v


print(json.dumps({
    "experiment_id": experiment.experiment_id,
    "first": first.info.run_id,
    "second": second.info.run_id,
    "found": [{"name": r.info.run_name, "auc": r.data.metrics["auc"], "status": r.info.status} for r in found],
    "history": [{"step": m.step, "value": m.value} for m in history],
    "params": run.data.params,
    "tags": {k: v for k, v in run.data.tags.items() if not k.startswith("mlflow.")},
    "metrics": {k: number(v) for k, v in run.data.metrics.items()},
}))
