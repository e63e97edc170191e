#!/usr/bin/env python3
"""Dev-time check that datasets made by our `create` are what the real tool would read.

    $DD_PYTHON Fixtures/datadesigner/check_outputs.py DATASET_FOLDER ...
    $DD_PYTHON Fixtures/datadesigner/check_outputs.py --create BINARY [NAME ...]

(`$DD_PYTHON`: the Python of a venv with data-designer 0.9.7, see README.md.) With `--create`,
every fixture config (or the NAMEs) is run by our `data-designer` BINARY (e.g.
.build/release/data-designer) with the real run's record count, buffer size and run config,
from configs/ (where relative seed paths are read, as for the real run), into a temporary
folder; each dataset is then checked as below, and the Parquet schema of its batch files
(and schema_transform processors' files) is compared with the real run's
(expected/NAME/run.json). Prints a pass count.

For each dataset folder: builder_config.json loads with the real library
(`BuilderConfig.model_validate`), its real fingerprint equals the config_hash of our
metadata.json, metadata.json has every field the real tool writes, and the batch files (and
dropped-columns files, processors' files, as metadata.json lists them) read with pandas
with the expected record counts. Prints one line per
folder; exits 1 on the first failure (with --create: after every config, when any failed).
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from data_designer.config.config_builder import BuilderConfig  # noqa: E402

REAL_METADATA_KEYS = {
    "actual_num_records", "buffer_size", "column_statistics", "config_hash", "config_hash_algo",
    "config_hash_version", "dataset_name", "file_paths", "num_completed_batches",
    "original_target_num_records", "preserve_dropped_columns", "target_num_records", "total_num_batches",
}


def check(folder: str) -> None:
    with open(os.path.join(folder, "builder_config.json")) as f:
        builder = BuilderConfig.model_validate(json.load(f))
    with open(os.path.join(folder, "metadata.json")) as f:
        metadata = json.load(f)
    missing = REAL_METADATA_KEYS - set(metadata)
    assert not missing, f"metadata.json lacks {missing}"
    real_hash = builder.data_designer.fingerprint()["config_hash"]
    # Category weights are normalized again on every load (the real tool's own
    # builder_config.json reloads with another hash then), so only weight-free configs
    # must match exactly.
    weighted = any(c.get("params", {}).get("weights") for c in json.load(open(os.path.join(folder, "builder_config.json")))["data_designer"]["columns"])
    if not weighted:
        assert real_hash == metadata["config_hash"], f"real fingerprint {real_hash} != ours {metadata['config_hash']}"
    df = pd.read_parquet(os.path.join(folder, "parquet-files"))
    assert len(df) == metadata["actual_num_records"], f"{len(df)} records, metadata says {metadata['actual_num_records']}"
    dropped = os.path.join(folder, "dropped-columns-parquet-files")
    if os.path.isdir(dropped):
        assert len(pd.read_parquet(dropped)) == len(df), "dropped-columns files hold another record count"
    processors = os.path.join(folder, "processors-files")
    if os.path.isdir(processors):
        listed = metadata["file_paths"].get("processor-files", {})
        for name in sorted(os.listdir(processors)):
            files = sorted(os.listdir(os.path.join(processors, name)))
            assert listed.get(name) == [f"processors-files/{name}/{f}" for f in files], f"metadata.json lists {listed.get(name)} for processor {name}"
            assert len(pd.read_parquet(os.path.join(processors, name))) == len(df), f"processor {name} holds another record count"
    how = "weights renormalized on reload, as the real tool's own" if weighted else "real fingerprint matches"
    print(f"ok  {folder}: {len(df)} records, {len(df.columns)} columns, {how}")


HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "configs")
EXPECTED = os.path.join(HERE, "expected")


def batch_schema(folder: str) -> list:
    """The schema of the first batch file in `folder`, in run.json's form."""
    first = sorted(n for n in os.listdir(folder) if n.endswith(".parquet"))[0]
    schema = pq.ParquetFile(os.path.join(folder, first)).schema
    out = []
    for i in range(len(schema)):
        col = schema.column(i)
        out.append(dict(name=col.name, path=col.path, physical=col.physical_type, logical=str(col.logical_type),
                        repetition="OPTIONAL" if col.max_definition_level > 0 else "REQUIRED",
                        max_definition_level=col.max_definition_level))
    return out


# Columns whose type differs on purpose (docs/create.md): an int expression with skipped
# cells, which pandas turns into floats; we keep INT64 with nulls.
TYPE_DIFFERS = {("skips", "big")}


def same_schema(name: str, ours: list, real: list) -> None:
    """Our columns and types equal the real run's (in any order: the real tool's column order
    follows its scheduler); only the fields the real run.json records are compared."""
    mine = {c["path"]: c for c in ours}
    theirs = {c.get("path", c["name"]): c for c in real}
    assert set(mine) == set(theirs), f"columns {sorted(mine)} != the real run's {sorted(theirs)}"
    for path, r in theirs.items():
        if (name, path) in TYPE_DIFFERS:
            continue
        o = {k: mine[path][k] for k in r}
        assert o == r, f"column {path}: {o} != the real run's {r}"


def create_and_check(binary: str, name: str, artifacts: str) -> None:
    with open(os.path.join(EXPECTED, name, "run.json")) as f:
        run = json.load(f)
    args = [binary, "create", run["config"], "-n", str(run["num_records"]), "--buffer-size", str(run["buffer_size"]),
            "-o", artifacts, "-d", name, "--seed", "1", "-q"]
    if os.path.exists(os.path.join(CONFIGS, f"{name}.run.yaml")):
        args += ["-c", f"{name}.run.yaml"]
    done = subprocess.run(args, cwd=CONFIGS, capture_output=True, text=True)
    assert done.returncode == 0, f"create exited {done.returncode}: {done.stderr.strip()}"
    folder = os.path.join(artifacts, name)
    check(folder)
    same_schema(name, batch_schema(os.path.join(folder, "parquet-files")), run["schemas"][0])
    for pname, schema in run.get("processor_schemas", {}).items():
        same_schema(name, batch_schema(os.path.join(folder, "processors-files", pname)), schema)


def main_create(binary: str, names: list) -> None:
    binary = os.path.abspath(binary)
    os.chdir(CONFIGS)  # the real library checks relative seed paths from the working directory
    names = names or sorted(n for n in os.listdir(EXPECTED) if os.path.exists(os.path.join(EXPECTED, n, "run.json")))
    failed = []
    with tempfile.TemporaryDirectory() as artifacts:
        for name in names:
            try:
                create_and_check(binary, name, artifacts)
            except Exception as exc:  # noqa: BLE001
                print(f"FAIL {name}: {exc}")
                failed.append(name)
    print(f"{len(names) - len(failed)} of {len(names)} configs pass")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--create"]:
        main_create(sys.argv[2], sys.argv[3:])
        sys.exit(0)
    for path in sys.argv[1:]:
        try:
            check(path)
        except Exception as exc:  # noqa: BLE001
            print(f"FAIL {path}: {exc}")
            sys.exit(1)
