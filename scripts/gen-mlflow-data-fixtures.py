"""Logs test/fixtures/mlflowData/scenario.json into an MLflow store with the installed mlflow's own client.

    python scripts/gen-mlflow-data-fixtures.py TRACKING_URI SCENARIO_JSON

TRACKING_URI is `sqlite:///path/mlflow.db` (an mlflow.db of this mlflow's schema revision) or
`file:///path/mlruns` (MLflow's file store). Run by scripts/gen-mlflow-data-fixtures.sh, once per
MLflow version; the tests compare what MLOps Workbench reads from the result with the scenario.
"""
import json
import os
import sys

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3.17 refuses file stores without it

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Dataset, DatasetInput, InputTag, LoggedModelOutput, LoggedModelStatus, Metric, Param  # noqa: E402

uri, scenario_file = sys.argv[1], sys.argv[2]
with open(scenario_file) as f:
    scenario = json.load(f)

mlflow.set_tracking_uri(uri)
mlflow.set_registry_uri(uri)
client = MlflowClient(tracking_uri=uri, registry_uri=uri)
run_ids = {}
experiment_ids = {}

for exp in scenario["experiments"]:
    experiment_id = client.create_experiment(exp["name"], tags=exp["tags"])
    experiment_ids[exp["name"]] = experiment_id
    for run in exp["runs"]:
        tags = dict(run["tags"])
        if "parent" in run:
            tags["mlflow.parentRunId"] = run_ids[run["parent"]]
        created = client.create_run(experiment_id, start_time=run["startTime"], tags=tags, run_name=run["name"])
        run_id = created.info.run_id
        run_ids[run["name"]] = run_id
        client.log_batch(
            run_id,
            metrics=[Metric(m["key"], float(m["value"]), m["timestamp"], m["step"]) for m in run["metrics"]],
            params=[Param(k, v) for k, v in run["params"].items()],
        )
        datasets = [
            DatasetInput(
                Dataset(d["name"], d["digest"], d["sourceType"], d["source"], d.get("schema"), d.get("profile")),
                [InputTag(k, v) for k, v in d["tags"].items()],
            )
            for d in run.get("datasets", [])
        ]
        if datasets:
            client.log_inputs(run_id, datasets)
        client.set_terminated(run_id, run["status"], run["endTime"])
        if run.get("deleted"):
            client.delete_run(run_id)

for m in scenario["loggedModels"]:
    model = client.create_logged_model(
        experiment_ids[m["experiment"]], m["name"], source_run_id=run_ids[m["run"]], tags=m["tags"], params=m["params"], model_type=m["modelType"]
    )
    run_id = run_ids[m["run"]]
    # Metrics with a model_id belong to the run and to the logged model.
    client.log_batch(
        run_id,
        metrics=[
            Metric(x["key"], x["value"], x["timestamp"], x["step"], model_id=model.model_id, dataset_name=x["datasetName"], dataset_digest=x["datasetDigest"])
            for x in m["metrics"]
        ],
    )
    client.log_outputs(run_id, [LoggedModelOutput(model.model_id, m["outputStep"])])
    client.finalize_logged_model(model.model_id, LoggedModelStatus(m["status"]))

for exp in scenario["experiments"]:
    if exp.get("deleted"):
        client.delete_experiment(experiment_ids[exp["name"]])

for model in scenario["registeredModels"]:
    client.create_registered_model(model["name"], tags=model["tags"], description=model["description"])
    for i, v in enumerate(model["versions"], start=1):
        run_id = run_ids[v["run"]]
        source = f"{client.get_run(run_id).info.artifact_uri}/model"
        client.create_model_version(model["name"], source, run_id=run_id, tags=v["tags"], description=v["description"])
        if v.get("stage"):
            client.transition_model_version_stage(model["name"], str(i), v["stage"])
    for alias, version in model["aliases"].items():
        client.set_registered_model_alias(model["name"], alias, version)
    for i, v in enumerate(model["versions"], start=1):
        if v.get("deleted"):
            client.delete_model_version(model["name"], str(i))

print(f"mlflow {mlflow.__version__}: logged {len(run_ids)} runs into {uri}")
