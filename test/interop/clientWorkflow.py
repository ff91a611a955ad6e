# The whole mlflow client workflow the workbench promises to serve: tracking, a dataset input, a
# scikit-learn model logged and registered, aliases, stages, search, history, and loading the model
# by alias to predict. Run against MLFLOW_TRACKING_URI (our `mlops serve`, or a real `mlflow server`)
# by clientWorkflowParity.test.ts, which compares the two answers field by field.
#
# Prints one JSON object: {"ids": {<id>: <symbolic name>}, "answers": {...}}. The answers are what
# the client read back, as its entities' dictionaries; ids are listed so the test can name them.
import json
import math
import warnings

import mlflow
import pandas as pd
from mlflow import MlflowClient
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")

MODEL = "churn-classifier"
ids = {}


def name_id(value, name):
    if value:
        ids[str(value)] = name


def number(v):
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return v


def plain(value):
    """An entity as JSON: dictionaries and lists kept, floats with NaN spelled out."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return number(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def run_json(run):
    inputs = run.inputs
    outputs = run.outputs
    return plain({
        "info": {
            "run_name": run.info.run_name,
            "run_id": run.info.run_id,
            "experiment_id": run.info.experiment_id,
            "user_id": run.info.user_id,
            "status": run.info.status,
            "start_time": run.info.start_time,
            "end_time": run.info.end_time,
            "artifact_uri": run.info.artifact_uri,
            "lifecycle_stage": run.info.lifecycle_stage,
        },
        "metrics": run.data.metrics,
        "params": run.data.params,
        "tags": run.data.tags,
        "dataset_inputs": [
            {
                "tags": {t.key: t.value for t in d.tags},
                "name": d.dataset.name,
                "digest": d.dataset.digest,
                "source_type": d.dataset.source_type,
                "source": d.dataset.source,
                "schema": d.dataset.schema,
                "profile": d.dataset.profile,
            }
            for d in (inputs.dataset_inputs if inputs else [])
        ],
        "model_inputs": [m.model_id for m in (inputs.model_inputs if inputs else [])],
        "model_outputs": [{"model_id": m.model_id, "step": m.step} for m in (outputs.model_outputs if outputs else [])],
        "has_inputs": inputs is not None,
        "has_outputs": outputs is not None,
    })


def version_json(mv):
    return plain({
        "name": mv.name,
        "version": mv.version,
        "creation_timestamp": mv.creation_timestamp,
        "last_updated_timestamp": mv.last_updated_timestamp,
        "current_stage": mv.current_stage,
        "description": mv.description,
        "source": mv.source,
        "run_id": mv.run_id,
        "status": mv.status,
        "status_message": mv.status_message,
        "tags": mv.tags,
        "aliases": sorted(mv.aliases),
        "run_link": mv.run_link,
        "user_id": mv.user_id,
    })


def model_json(rm):
    return plain({
        "name": rm.name,
        "creation_timestamp": rm.creation_timestamp,
        "last_updated_timestamp": rm.last_updated_timestamp,
        "description": rm.description,
        "tags": rm.tags,
        "aliases": rm.aliases,
        "latest_versions": [version_json(v) for v in rm.latest_versions],
    })


def logged_model_json(m):
    return plain({
        "model_id": m.model_id,
        "experiment_id": m.experiment_id,
        "name": m.name,
        "artifact_location": m.artifact_location,
        "creation_timestamp": m.creation_timestamp,
        "last_updated_timestamp": m.last_updated_timestamp,
        "status": str(m.status),
        "model_type": m.model_type,
        "source_run_id": m.source_run_id,
        "tags": m.tags,
        "params": m.params,
        "metrics": [
            {"key": x.key, "value": x.value, "step": x.step, "timestamp": x.timestamp, "run_id": x.run_id, "model_id": x.model_id}
            for x in (m.metrics or [])
        ],
    })


frame = pd.DataFrame({
    "tenure": [1.0, 2.0, 3.0, 10.0, 12.0, 15.0, 4.0, 11.0],
    "charges": [80.0, 75.0, 70.0, 30.0, 25.0, 20.0, 65.0, 28.0],
    "churned": [1, 1, 1, 0, 0, 0, 1, 0],
})
features = frame[["tenure", "charges"]]

experiment_id = mlflow.set_experiment("churn-workflow").experiment_id
client = MlflowClient()

runs = {}
for run_name, c, auc in [("baseline", 0.1, 0.71), ("tuned", 1.0, 0.93), ("wide", 1.0, 0.88)]:
    with mlflow.start_run(run_name=run_name) as run:
        runs[run_name] = run.info.run_id
        name_id(run.info.run_id, f"run:{run_name}")
        mlflow.log_param("C", c)
        mlflow.log_params({"solver": "lbfgs", "max_iter": 200})
        for step in range(4):
            mlflow.log_metric("loss", round(1.0 / (step + 1 + c), 6), step=step)
        mlflow.log_metrics({"auc": auc, "f1": auc - 0.05}, step=3)
        mlflow.log_metric("unstable", float("nan"))
        mlflow.set_tag("team", "growth")
        mlflow.set_tag("variant", run_name)
        if run_name != "wide":
            dataset = mlflow.data.from_pandas(frame, source="data/churn.csv", name="churn-train", targets="churned")
            mlflow.log_input(dataset, context="training")
            estimator = LogisticRegression(C=c, max_iter=200).fit(features, frame["churned"])
            info = mlflow.sklearn.log_model(
                estimator, name="model", registered_model_name=MODEL, input_example=features.head(2)
            )
            name_id(info.model_id, f"logged-model:{run_name}")

client.set_registered_model_alias(MODEL, "champion", "2")
client.set_registered_model_alias(MODEL, "challenger", "1")
client.transition_model_version_stage(MODEL, "1", "Staging")
client.transition_model_version_stage(MODEL, "2", "Production", archive_existing_versions=True)
client.transition_model_version_stage(MODEL, "1", "Production", archive_existing_versions=True)
client.set_registered_model_tag(MODEL, "owner", "growth")
client.set_model_version_tag(MODEL, "2", "validated", "yes")

found = mlflow.search_runs(
    experiment_ids=[experiment_id],
    filter_string="params.C = '1.0' AND tags.team = 'growth'",
    order_by=["metrics.auc DESC"],
    output_format="list",
)
ordered = client.search_runs([experiment_id], order_by=["metrics.f1 ASC"], max_results=2)

champion = mlflow.pyfunc.load_model(f"models:/{MODEL}@champion")
prediction = champion.predict(features)
loaded_sklearn = mlflow.sklearn.load_model(f"models:/{MODEL}@challenger")

versions = client.search_model_versions(f"name = '{MODEL}'")
answers = {
    "experiment": plain({
        "name": mlflow.get_experiment(experiment_id).name,
        "lifecycle_stage": mlflow.get_experiment(experiment_id).lifecycle_stage,
    }),
    "found": [run_json(r) for r in found],
    "ordered": [run_json(r) for r in ordered],
    "tuned": run_json(client.get_run(runs["tuned"])),
    "histories": {
        name: [plain({"step": m.step, "value": m.value, "timestamp": m.timestamp}) for m in client.get_metric_history(run_id, "loss")]
        for name, run_id in runs.items()
    },
    "nan_history": [plain({"step": m.step, "value": m.value}) for m in client.get_metric_history(runs["wide"], "unstable")],
    "registered_model": model_json(client.get_registered_model(MODEL)),
    "versions": sorted([version_json(v) for v in versions], key=lambda v: int(v["version"])),
    "latest_production": [version_json(v) for v in client.get_latest_versions(MODEL, stages=["Production"])],
    "latest_all": [version_json(v) for v in client.get_latest_versions(MODEL)],
    "registered_models": [model_json(m) for m in client.search_registered_models()],
    "champion": version_json(client.get_model_version_by_alias(MODEL, "champion")),
    "version_2": version_json(client.get_model_version(MODEL, "2")),
    "download_uri": client.get_model_version_download_uri(MODEL, "2"),
    "logged_models": sorted(
        [logged_model_json(m) for m in client.search_logged_models(experiment_ids=[experiment_id])],
        key=lambda m: ids.get(m["source_run_id"] or "", ""),
    ),
    "prediction": [int(p) for p in prediction],
    "sklearn_prediction": [int(p) for p in loaded_sklearn.predict(features)],
}
print(json.dumps({"ids": ids, "answers": answers}))
