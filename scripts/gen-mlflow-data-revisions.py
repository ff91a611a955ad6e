"""Regenerates src/core/mlflowData/mlflowRevisions.json: which alembic revision each MLflow release's
mlflow.db is at, and the order of all revisions, read from MLflow's own migrations.

Each release's wheel is fetched with `pip download mlflow-skinny==X --no-deps` into a temp folder and
its store/db_migrations/versions read (revision, down_revision); the head is the revision no other
names as its parent. The chain is the pinned (newest) release's, head first. Run with the pinned
mlflow's python:
    $MLFLOW_VENV/bin/python scripts/gen-mlflow-data-revisions.py [VERSION...]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "core", "mlflowData", "mlflowRevisions.json")
# The releases of the last minor versions (every patch), oldest first; the oldest supported is 3.14.
RELEASES = sys.argv[1:] or [
    "3.12.0", "3.13.0", "3.14.0", "3.15.0", "3.15.1", "3.15.2", "3.16.0", "3.16.1", "3.17.0", "3.17.1", "3.17.2",
]
OLDEST_SUPPORTED = "3.14.0"


def migrations(wheel):
    """{revision: down_revision} from a wheel's alembic versions folder."""
    parents = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if re.search(r"store/db_migrations/versions/[^/]+\.py$", name):
                text = z.read(name).decode()
                rev = re.search(r"^revision\s*=\s*['\"]([0-9a-f]+)['\"]", text, re.M)
                down = re.search(r"^down_revision\s*=\s*['\"]?([0-9a-f]+)?", text, re.M)
                if rev:
                    parents[rev.group(1)] = down.group(1) if down else None
    return parents


with tempfile.TemporaryDirectory() as tmp:
    releases = []
    chain = []
    for version in RELEASES:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check", "-d", tmp, f"mlflow-skinny=={version}"],
            check=True,
        )
        wheel = os.path.join(tmp, f"mlflow_skinny-{version}-py3-none-any.whl")
        parents = migrations(wheel)
        named = {p for p in parents.values() if p}
        heads = [r for r in parents if r not in named]
        if len(heads) != 1:
            sys.exit(f"mlflow {version}: expected one alembic head, found {heads}")
        releases.append({"mlflow": version, "head": heads[0]})
        chain = []
        rev = heads[0]
        while rev:
            chain.append(rev)
            rev = parents[rev]

out = {
    "generatedBy": "scripts/gen-mlflow-data-revisions.py",
    "oldestSupported": OLDEST_SUPPORTED,
    "releases": releases,
    "chain": chain,
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
for r in releases:
    print(f"mlflow {r['mlflow']}: {r['head']}")
