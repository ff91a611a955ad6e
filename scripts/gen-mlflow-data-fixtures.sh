#!/usr/bin/env bash
# Regenerates test/fixtures/mlflowData/: real MLflow data written by real MLflow versions.
#   mlflow-X.Y.Z.db  an mlflow.db written by MLflow X.Y.Z (its own migrations, its own client),
#                    for each older version given (default 3.14.0 3.16.1); one temp venv per version
#                    (pip install mlflow==X.Y.Z, a minute or two each).
#   mlflow-3.17.2.db and mlruns/ (MLflow's file store), written by the pinned MLflow (MLFLOW_VENV).
# Every store holds scenario.json, logged by scripts/gen-mlflow-data-fixtures.py.
# Usage: scripts/gen-mlflow-data-fixtures.sh [VERSION...]
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/test/fixtures/mlflowData"
scenario="$out/scenario.json"
logger="$repo/scripts/gen-mlflow-data-fixtures.py"
pinned="${MLFLOW_VENV:-$HOME/.cache/mlops-ci/mlflow-venv}"
python="${PYTHON:-$pinned/bin/python}"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.14.0 3.16.1)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

compact() { # the same schema and rows in 512-byte pages without free ones: ~180 KB instead of ~1 MB
  "$python" - "$1" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA page_size = 512")
con.execute("VACUUM")
assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
con.close()
PY
}

db_for() { # VERSION PYTHON: an mlflow.db written by that python's mlflow
  rm -f "$work/mlflow-$1.db"
  (cd "$work" && "$2" "$logger" "sqlite:///$work/mlflow-$1.db" "$scenario")
  compact "$work/mlflow-$1.db"
  cp "$work/mlflow-$1.db" "$out/mlflow-$1.db"
}

for v in "${versions[@]}"; do
  echo "== mlflow $v: venv" >&2
  "$python" -m venv "$work/venv-$v"
  "$work/venv-$v/bin/pip" install --quiet --disable-pip-version-check "mlflow==$v"
  db_for "$v" "$work/venv-$v/bin/python"
  rm -rf "$work/venv-$v"
done

pinned_version="$("$pinned/bin/python" -c 'import mlflow; print(mlflow.__version__)')"
echo "== mlflow $pinned_version (pinned): mlflow.db and mlruns" >&2
db_for "$pinned_version" "$pinned/bin/python"
rm -rf "$work/mlruns" "$out/mlruns"
(cd "$work" && MLFLOW_ALLOW_FILE_STORE=true "$pinned/bin/python" "$logger" "file://$work/mlruns" "$scenario")
cp -r "$work/mlruns" "$out/mlruns"
ls -la "$out" >&2
