"""Stage train: logistic regression by SGD, one epoch at a time, as a scikit-learn pipeline.

Params (params.yaml): train.lr (constant step size), train.epochs, train.alpha
(L2), train.seed (the shuffle of each epoch). The pipeline one-hot encodes the
categorical columns and standardizes the numeric ones (fitted on the train
split), then an SGDClassifier with log loss. Each epoch logs the train `loss`
(log loss) and `auc` at step = epoch into the stage's MLflow run.

Writes models/model/ (an MLflow model, the stage's out that `register` copies)
and logs the same model into the run with mlflow.sklearn.log_model.
"""
import os
import shutil
import warnings

import mlflow
import mlflow.sklearn
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from columns import CATEGORICAL, LABEL, NUMERIC, check_columns, feature_frame
from params import section

TRAIN = os.path.join("data", "prepared", "train.csv")
MODEL = os.path.join("models", "model")
# mlflow would otherwise infer them by importing the model in a subprocess (seconds).
REQUIREMENTS = "requirements.txt"
# The output signature holds the predicted class, an integer: mlflow's hint about integer columns
# and missing values is about inputs, which are floats here (see feature_frame).
warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer column")


def read_train_params():
    params = section("train")
    lr, epochs, alpha, seed = float(params["lr"]), int(params["epochs"]), float(params["alpha"]), int(params["seed"])
    if lr <= 0 or epochs < 1 or alpha < 0:
        raise ValueError(f"need train.lr > 0, train.epochs >= 1, train.alpha >= 0; got {params}")
    return lr, epochs, alpha, seed


def main():
    lr, epochs, alpha, seed = read_train_params()
    train = pd.read_csv(TRAIN)
    check_columns(train, TRAIN)
    features, labels = feature_frame(train), train[LABEL].to_numpy()

    preprocess = ColumnTransformer([
        ("numeric", StandardScaler(), NUMERIC),
        ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), CATEGORICAL),
    ])
    encoded = preprocess.fit_transform(features)
    classifier = SGDClassifier(loss="log_loss", penalty="l2", alpha=alpha, learning_rate="constant", eta0=lr, random_state=seed)
    shuffle = np.random.default_rng(seed)

    with mlflow.start_run():
        mlflow.log_params({
            "estimator": "SGDClassifier", "loss": "log_loss", "penalty": "l2", "alpha": alpha,
            "learning_rate": "constant", "eta0": lr, "epochs": epochs, "random_state": seed,
        })
        for epoch in range(1, epochs + 1):
            order = shuffle.permutation(len(labels))
            classifier.partial_fit(encoded[order], labels[order], classes=[0, 1])
            probability = classifier.predict_proba(encoded)[:, 1]
            mlflow.log_metrics({"loss": log_loss(labels, probability), "auc": roc_auc_score(labels, probability)}, step=epoch)

        model = Pipeline([("preprocess", preprocess), ("classifier", classifier)])
        example = features.head(3)
        shutil.rmtree(MODEL, ignore_errors=True)  # save_model refuses an existing folder
        mlflow.sklearn.save_model(model, MODEL, input_example=example, pip_requirements=REQUIREMENTS)
        mlflow.sklearn.log_model(model, name="model", input_example=example, pip_requirements=REQUIREMENTS)
    print(f"trained {epochs} epochs: loss {log_loss(labels, probability):.4f}, "
          f"train auc {roc_auc_score(labels, probability):.4f}")


if __name__ == "__main__":
    main()
