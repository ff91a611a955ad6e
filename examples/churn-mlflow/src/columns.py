"""The columns of data/raw/churn.csv, and so of data/prepared/{train,test}.csv.

The model takes the raw feature columns: encoding and scaling are part of the
logged scikit-learn pipeline, so the registered model scores raw customer rows.
"""
ID = "customer_id"
LABEL = "churn"
NUMERIC = ["tenure", "monthly_charges", "total_charges", "support_calls"]
CATEGORICAL = ["contract", "internet_service", "paperless_billing"]
FEATURES = NUMERIC + CATEGORICAL


def feature_frame(frame):
    """The model's input: the feature columns, numeric ones as floats (so the logged signature
    takes doubles, and a missing value is representable)."""
    return frame[FEATURES].astype({name: "float64" for name in NUMERIC})


def check_columns(frame, path):
    missing = [c for c in [ID, *FEATURES, LABEL] if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; has {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{path}: no rows")
