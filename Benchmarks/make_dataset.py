#!/usr/bin/env python3
"""Writes the standard benchmark dataset: BATCHES batch files x ROWS rows, the way generation
runs write them (pandas `to_parquet`, Snappy), with columns like a synthetic dataset."""
import os, sys, uuid
import numpy as np
import pandas as pd

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
         "sigma tau upsilon phi chi psi omega data model record value synthetic generated sample "
         "customer order product review support ticket account billing shipping return refund").split()
CATEGORIES = ["electronics", "books", "clothing", "home", "garden", "toys", "sports", "beauty"]

def batch(rng: np.random.Generator, rows: int, offset: int) -> pd.DataFrame:
    words = np.array(WORDS)
    text = [" ".join(rng.choice(words, size=rng.integers(20, 81))) for _ in range(rows)]
    tags = [list(rng.choice(words, size=rng.integers(0, 6))) for _ in range(rows)]
    mostly_null = [None if rng.random() < 0.9 else f"note {i}" for i in range(rows)]
    ts = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, size=rows), unit="s")
    return pd.DataFrame({
        "id": [uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))).hex for _ in range(rows)],
        "category": rng.choice(CATEGORIES, size=rows),
        "age": rng.integers(18, 90, size=rows).astype("int64"),
        "quantity": rng.integers(0, 1000, size=rows).astype("int64"),
        "score": rng.normal(50, 15, size=rows),
        "active": rng.random(rows) < 0.5,
        "signup": [t.strftime("%Y-%m-%d %H:%M:%S") for t in ts],
        "created_at": ts,
        "review": text,
        "tags": tags,
        "note": mostly_null,
    })

def main():
    out = sys.argv[1]
    batches = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    folder = os.path.join(out, "parquet-files")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20261126)
    for k in range(batches):
        batch(rng, rows, k * rows).to_parquet(os.path.join(folder, f"batch_{k:05d}.parquet"), compression="snappy")
    print(f"wrote {batches} x {rows} rows to {folder}")

if __name__ == "__main__":
    main()
