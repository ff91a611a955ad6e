"""Stage train: logistic regression by full-batch gradient descent with L2.

Params (params.yaml): train.lr, train.epochs, train.l2.
metrics/train_history.jsonl gets one line per epoch, flushed as written so it
can be tailed live: {"step": epoch, "loss": objective, "auc": train AUC},
where the objective is the mean log loss plus l2/2 * |weights|^2 after that
epoch's update. Writes models/model.json (see model.py).
"""
import json
import os
from operator import mul

from metrics import auc, log_loss_from_logits
from model import logits, save_model, sigmoid
from params import ParamsError, section
from prepared import read_prepared

TRAIN = os.path.join("data", "prepared", "train.csv")
HISTORY = os.path.join("metrics", "train_history.jsonl")
MODEL = os.path.join("models", "model.json")


def read_train_params():
    params = section("params.yaml", "train")
    lr, epochs, l2 = float(params["lr"]), int(params["epochs"]), float(params["l2"])
    if lr <= 0 or epochs < 1 or l2 < 0:
        raise ParamsError(f"need train.lr > 0, train.epochs >= 1, train.l2 >= 0; got {params}")
    return lr, epochs, l2


def objective(labels, z, weights, l2):
    return log_loss_from_logits(labels, z) + 0.5 * l2 * sum(w * w for w in weights)


def main():
    lr, epochs, l2 = read_train_params()
    features, rows, labels = read_prepared(TRAIN)
    columns = [list(c) for c in zip(*rows)]
    n = len(rows)
    weights, bias = [0.0] * len(features), 0.0

    os.makedirs(os.path.dirname(HISTORY), exist_ok=True)
    z = logits(weights, bias, rows)
    with open(HISTORY, "w", encoding="utf-8") as history:
        for epoch in range(1, epochs + 1):
            errors = [sigmoid(zi) - y for zi, y in zip(z, labels)]
            gradients = [sum(map(mul, errors, col)) / n + l2 * w for col, w in zip(columns, weights)]
            weights = [w - lr * g for w, g in zip(weights, gradients)]
            bias -= lr * sum(errors) / n
            z = logits(weights, bias, rows)
            record = {"step": epoch, "loss": objective(labels, z, weights, l2), "auc": auc(labels, z)}
            history.write(json.dumps(record) + "\n")
            history.flush()

    save_model(MODEL, features, weights, bias)
    print(f"trained {epochs} epochs: loss {record['loss']:.4f}, train auc {record['auc']:.4f}")


if __name__ == "__main__":
    main()
