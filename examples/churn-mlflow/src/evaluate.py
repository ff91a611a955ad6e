"""Stage evaluate: score models/model/ on data/prepared/test.csv.

Writes metrics/eval.json = {"auc", "accuracy", "log_loss"} (flat scalars, the
declared metrics file the gate reads), with churn predicted at a probability of
at least evaluate.threshold. Logs the threshold, precision, recall and f1, and
the confusion matrix (an artifact) into the stage's MLflow run.
"""
import json
import os

import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, log_loss, precision_score, recall_score, roc_auc_score

from columns import LABEL, check_columns, feature_frame
from params import section

MODEL = os.path.join("models", "model")
TEST = os.path.join("data", "prepared", "test.csv")
EVAL = os.path.join("metrics", "eval.json")


def main():
    threshold = float(section("evaluate")["threshold"])
    model = mlflow.sklearn.load_model(MODEL)
    test = pd.read_csv(TEST)
    check_columns(test, TEST)
    labels = test[LABEL].to_numpy()
    probability = model.predict_proba(feature_frame(test))[:, 1]
    predicted = (probability >= threshold).astype(int)
    scores = {
        "auc": roc_auc_score(labels, probability),
        "accuracy": accuracy_score(labels, predicted),
        "log_loss": log_loss(labels, probability),
    }
    os.makedirs(os.path.dirname(EVAL), exist_ok=True)
    with open(EVAL, "w", encoding="utf-8") as f:
        json.dump(scores, f, indent=2)
        f.write("\n")

    with mlflow.start_run():
        mlflow.log_param("threshold", threshold)
        mlflow.log_metrics({
            "precision": precision_score(labels, predicted, zero_division=0),
            "recall": recall_score(labels, predicted, zero_division=0),
            "f1": f1_score(labels, predicted, zero_division=0),
        })
        mlflow.log_dict({"labels": [0, 1], "matrix": confusion_matrix(labels, predicted, labels=[0, 1]).tolist()}, "confusion_matrix.json")
    print("evaluated on", len(labels), "customers:", json.dumps(scores))


if __name__ == "__main__":
    main()
