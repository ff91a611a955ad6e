"""The churn model: logistic regression over the prepared features.

models/model.json holds {"features": [names], "weights": [floats, same order],
"bias": float}; evaluation refuses data whose columns differ from "features".
"""
import json
import math
import os
from operator import mul


def logits(weights, bias, rows):
    return [bias + sum(map(mul, weights, row)) for row in rows]


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def save_model(path, features, weights, bias):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"features": features, "weights": weights, "bias": bias}, f, indent=2)
        f.write("\n")


def load_model(path):
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    if len(model["weights"]) != len(model["features"]):
        raise ValueError(f"{path}: {len(model['weights'])} weights for {len(model['features'])} features")
    return model
