"""Stage evaluate: score models/model.json on data/prepared/test.csv.

Writes metrics/eval.json = {"auc": ..., "accuracy": ..., "log_loss": ...},
flat scalars; accuracy at a 0.5 probability threshold.
"""
import json
import os

from metrics import accuracy, auc, log_loss_from_logits
from model import load_model, logits, sigmoid
from prepared import read_prepared

MODEL = os.path.join("models", "model.json")
TEST = os.path.join("data", "prepared", "test.csv")
EVAL = os.path.join("metrics", "eval.json")


def main():
    model = load_model(MODEL)
    features, rows, labels = read_prepared(TEST)
    if features != model["features"]:
        raise ValueError(f"{TEST} has features {features}, but {MODEL} expects {model['features']}")
    z = logits(model["weights"], model["bias"], rows)
    scores = {
        "auc": auc(labels, z),
        "accuracy": accuracy(labels, [sigmoid(v) for v in z]),
        "log_loss": log_loss_from_logits(labels, z),
    }
    os.makedirs(os.path.dirname(EVAL), exist_ok=True)
    with open(EVAL, "w", encoding="utf-8") as f:
        json.dump(scores, f, indent=2)
        f.write("\n")
    print("evaluated on", len(rows), "customers:", json.dumps(scores))


if __name__ == "__main__":
    main()
