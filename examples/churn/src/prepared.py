"""Read a prepared split (data/prepared/train.csv or test.csv).

Contract written by prepare.py: a header of customer_id, the feature columns,
then churn; one row per customer with numeric features and a 0/1 label.
"""
import csv

ID = "customer_id"
LABEL = "churn"


def read_prepared(path):
    """Return (feature names, rows of floats, labels as ints)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[0] != ID or header[-1] != LABEL:
            raise ValueError(f"{path}: expected columns {ID}, <features>..., {LABEL}; got {header}")
        rows, labels = [], []
        for line in reader:
            rows.append([float(v) for v in line[1:-1]])
            labels.append(int(line[-1]))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return header[1:-1], rows, labels
