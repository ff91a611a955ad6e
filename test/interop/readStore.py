"""Reads a tracking database with the real mlflow Python client and prints what it sees as JSON.

argv: <path to mlflow.db> <registered model name>
Output: the views of test/interop/views.ts (MLflow's field names). Non-finite doubles are written
as "NaN", "Infinity", "-Infinity", as protobuf's JSON mapping (and so MLflow's REST API) does.
"""

import json
import math
import sys

import mlflow
from mlflow import MlflowClient


def double(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def point(m):
    return {"value": double(m.value), "timestamp": m.timestamp, "step": m.step}


def experiment_view(e):
    return {
        "experiment_id": e.experiment_id,
        "name": e.name,
        "artifact_location": e.artifact_location,
        "lifecycle_stage": e.lifecycle_stage,
        "creation_time": e.creation_time,
        "last_update_time": e.last_update_time,
        "tags": dict(e.tags),
    }


def run_view(client, run):
    i = run.info
    # Run.data.metrics maps key -> value only; the Metric objects behind it keep timestamp and step.
    latest = {m.key: point(m) for m in run.data._metric_objs}
    return {
        "info": {
            "run_id": i.run_id,
            "run_name": i.run_name,
            "experiment_id": i.experiment_id,
            "status": i.status,
            "start_time": i.start_time,
            "end_time": i.end_time,
            "lifecycle_stage": i.lifecycle_stage,
            "artifact_uri": i.artifact_uri,
            "user_id": i.user_id,
        },
        "params": dict(run.data.params),
        "tags": dict(run.data.tags),
        "metrics": latest,
        "histories": {key: [point(m) for m in client.get_metric_history(i.run_id, key)] for key in latest},
    }


def registered_model_view(m):
    return {
        "name": m.name,
        "creation_timestamp": m.creation_timestamp,
        "last_updated_timestamp": m.last_updated_timestamp,
        "description": m.description,
        "tags": dict(m.tags),
        # The client's entity holds versions as ints; MLflow's API (and our store) as strings.
        "aliases": {alias: str(version) for alias, version in m.aliases.items()},
    }


def model_version_view(v):
    return {
        "name": v.name,
        "version": str(v.version),
        "creation_timestamp": v.creation_timestamp,
        "last_updated_timestamp": v.last_updated_timestamp,
        "user_id": v.user_id,
        "current_stage": v.current_stage,
        "description": v.description,
        "source": v.source,
        "run_id": v.run_id,
        "status": v.status,
        "tags": dict(v.tags),
        "aliases": sorted(v.aliases),
    }


def main():
    db_file, model_name = sys.argv[1], sys.argv[2]
    mlflow.set_tracking_uri(f"sqlite:///{db_file}")
    client = MlflowClient()
    experiments = client.search_experiments()
    runs = {
        e.experiment_id: [run_view(client, r) for r in client.search_runs([e.experiment_id], max_results=1000)]
        for e in experiments
    }
    model = client.get_registered_model(model_name)
    versions = client.search_model_versions(f"name = '{model_name}'")
    out = {
        "mlflow_version": mlflow.__version__,
        "experiments": [experiment_view(e) for e in experiments],
        "runs": runs,
        "registered_model": registered_model_view(model),
        "model_versions": {
            str(v.version): model_version_view(client.get_model_version(model_name, v.version)) for v in versions
        },
        "aliases": {a: model_version_view(client.get_model_version_by_alias(model_name, a)) for a in model.aliases},
    }
    json.dump(out, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
