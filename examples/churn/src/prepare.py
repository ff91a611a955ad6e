"""Stage prepare: split data/raw/churn.csv into train and test, encode, scale.

Writes data/prepared/train.csv and test.csv (see prepared.py for the layout)
and data/prepared/features.json: the feature names in column order, and the
encoding of each raw column, with scaling statistics from the train split
only, so the same transform can be applied to new data.
"""
import csv
import json
import math
import os
import random

from params import ParamsError, section
from prepared import ID, LABEL

RAW = os.path.join("data", "raw", "churn.csv")
OUT_DIR = os.path.join("data", "prepared")
NUMERIC = ("tenure", "monthly_charges", "total_charges", "support_calls")
CATEGORICAL = ("contract", "internet_service")
BINARY = {"paperless_billing": "yes"}


def read_raw(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def split(rows, test_size, seed):
    if not 0.0 < test_size < 1.0:
        raise ParamsError(f"prepare.test_size must be between 0 and 1, got {test_size}")
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    n_test = max(1, round(len(rows) * test_size))
    return [rows[i] for i in order[n_test:]], [rows[i] for i in order[:n_test]]


def fit_encoding(train):
    numeric = {}
    for name in NUMERIC:
        values = [float(r[name]) for r in train]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
        numeric[name] = {"mean": mean, "std": std}
    categorical = {name: sorted({r[name] for r in train}) for name in CATEGORICAL}
    features = list(NUMERIC)
    features += [f"{name}={level}" for name in CATEGORICAL for level in categorical[name]]
    features += list(BINARY)
    return {"features": features, "numeric": numeric, "categorical": categorical,
            "binary": BINARY, "label": LABEL}


def encode(row, encoding):
    """Feature values in encoding["features"] order; an unseen category encodes as all zeros."""
    values = [(float(row[n]) - s["mean"]) / s["std"] for n, s in encoding["numeric"].items()]
    for name, levels in encoding["categorical"].items():
        values += [1.0 if row[name] == level else 0.0 for level in levels]
    values += [1.0 if row[n] == positive else 0.0 for n, positive in encoding["binary"].items()]
    return values


def write_split(path, rows, encoding):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([ID, *encoding["features"], LABEL])
        for row in rows:
            values = [format(v, ".10g") for v in encode(row, encoding)]
            writer.writerow([row[ID], *values, int(row[LABEL])])


def main():
    params = section("params.yaml", "prepare")
    train, test = split(read_raw(RAW), float(params["test_size"]), int(params["seed"]))
    encoding = fit_encoding(train)
    os.makedirs(OUT_DIR, exist_ok=True)
    write_split(os.path.join(OUT_DIR, "train.csv"), train, encoding)
    write_split(os.path.join(OUT_DIR, "test.csv"), test, encoding)
    with open(os.path.join(OUT_DIR, "features.json"), "w", encoding="utf-8") as f:
        json.dump(encoding, f, indent=2)
        f.write("\n")
    print(f"prepared {len(train)} train and {len(test)} test rows, "
          f"{len(encoding['features'])} features")


if __name__ == "__main__":
    main()
