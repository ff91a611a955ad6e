"""Read one section of params.yaml (PyYAML comes with mlflow)."""
import yaml


def section(name, path="params.yaml"):
    with open(path, encoding="utf-8") as f:
        params = yaml.safe_load(f) or {}
    if not isinstance(params, dict) or not isinstance(params.get(name), dict):
        raise ValueError(f"{path}: no section '{name}' of key: value lines")
    return params[name]
