"""Stage prepare: split data/raw/churn.csv into data/prepared/train.csv and test.csv.

The split is stratified on churn, seeded by prepare.seed, with prepare.test_size
of the rows held out. Rows keep their raw columns (see columns.py). Logs the
split's params and row counts into the stage's MLflow run.
"""
import os

import mlflow
import pandas as pd
from sklearn.model_selection import train_test_split

from columns import LABEL, check_columns
from params import section

RAW = os.path.join("data", "raw", "churn.csv")
OUT_DIR = os.path.join("data", "prepared")


def main():
    params = section("prepare")
    test_size, seed = float(params["test_size"]), int(params["seed"])
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"prepare.test_size must be between 0 and 1, got {test_size}")
    raw = pd.read_csv(RAW)
    check_columns(raw, RAW)
    train, test = train_test_split(raw, test_size=test_size, random_state=seed, stratify=raw[LABEL])
    os.makedirs(OUT_DIR, exist_ok=True)
    train.to_csv(os.path.join(OUT_DIR, "train.csv"), index=False)
    test.to_csv(os.path.join(OUT_DIR, "test.csv"), index=False)

    # Under `mlops run`, MLFLOW_RUN_ID names this stage's run: start_run() resumes it.
    with mlflow.start_run():
        mlflow.log_params({"test_size": test_size, "seed": seed, "stratify": LABEL})
        mlflow.log_metrics({
            "train_rows": len(train),
            "test_rows": len(test),
            "churn_rate": float(raw[LABEL].mean()),
        })
    print(f"prepared {len(train)} train and {len(test)} test rows")


if __name__ == "__main__":
    main()
