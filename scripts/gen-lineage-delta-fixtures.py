"""Writes the Delta tables under test/fixtures/lineage/ with the `deltalake` package (delta-rs).

    python -m venv /tmp/delta-venv && /tmp/delta-venv/bin/pip install deltalake pyarrow
    /tmp/delta-venv/bin/python scripts/gen-lineage-delta-fixtures.py

delta-table/               two commits: version 0 creates the table, version 1 appends a batch.
delta-table-checkpointed/  three commits, a checkpoint at version 2 (`_last_checkpoint`), and the
                           commit files before it removed by delta-rs' own log cleanup.
expected.json              each table's version as delta-rs itself reads it; the tests compare ours.
"""
import json
import os
import shutil
import sys

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "lineage")


def batch(first_id: int, rows: list[tuple[int, float, str, bool]]) -> pa.Table:
    return pa.table(
        {
            "customer_id": pa.array(range(first_id, first_id + len(rows)), pa.int64()),
            "tenure": pa.array([r[0] for r in rows], pa.int32()),
            "monthly_charges": pa.array([r[1] for r in rows], pa.float64()),
            "contract": pa.array([r[2] for r in rows], pa.string()),
            "churned": pa.array([r[3] for r in rows], pa.bool_()),
        }
    )


first = batch(1, [(1, 29.85, "month-to-month", True), (34, 56.95, "one-year", False), (2, 53.85, "month-to-month", True)])
second = batch(4, [(45, 42.30, "one-year", False), (8, 99.65, "month-to-month", True)])
third = batch(6, [(72, 24.10, "two-year", False)])


def fresh(name: str) -> str:
    path = os.path.join(out, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


two_commits = fresh("delta-table")
write_deltalake(two_commits, first, mode="error")
write_deltalake(two_commits, second, mode="append")

checkpointed = fresh("delta-table-checkpointed")
# A zero retention lets cleanup_metadata() remove every commit file the checkpoint covers.
write_deltalake(checkpointed, first, mode="error", configuration={"delta.logRetentionDuration": "interval 0 seconds"})
write_deltalake(checkpointed, second, mode="append")
write_deltalake(checkpointed, third, mode="append")
table = DeltaTable(checkpointed)
table.create_checkpoint()
table.cleanup_metadata()

expected = {}
for name in ("delta-table", "delta-table-checkpointed"):
    table = DeltaTable(os.path.join(out, name))
    expected[name] = {"version": table.version(), "rows": table.to_pyarrow_table().num_rows}
    print(name, expected[name], sorted(os.listdir(os.path.join(out, name, "_delta_log"))), file=sys.stderr)
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")
