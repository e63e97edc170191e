#!/usr/bin/env python3
"""Dev-time check that datasets made by our `create` are what the real tool would read.

    /work/venvs/dd/bin/python Fixtures/datadesigner/check_outputs.py DATASET_FOLDER ...

For each dataset folder: builder_config.json loads with the real library
(`BuilderConfig.model_validate`), its real fingerprint equals the config_hash of our
metadata.json, metadata.json has every field the real tool writes, and the batch files (and
dropped-columns files) read with pandas with the expected record counts. Prints one line per
folder; exits 1 on the first failure.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import pandas as pd  # noqa: E402

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
    how = "weights renormalized on reload, as the real tool's own" if weighted else "real fingerprint matches"
    print(f"ok  {folder}: {len(df)} records, {len(df.columns)} columns, {how}")


if __name__ == "__main__":
    for path in sys.argv[1:]:
        try:
            check(path)
        except Exception as exc:  # noqa: BLE001
            print(f"FAIL {path}: {exc}")
            sys.exit(1)
