#!/usr/bin/env python3
"""What pyarrow reads back from our writer's committed output (dev-time only).

Fixtures/writer/ holds the golden fixtures rewritten by our ParquetFileWriter (deterministic;
`DD_WRITE_WRITER_FIXTURES=1 swift test --filter WriterReadbackTests` writes them). This script
reads each of them with pyarrow and writes `<name>.pyarrow.jsonl` next to it, rendered by the
reference renderer (render.py, contracts/values.md). WriterReadbackTests checks that our writer
still produces those bytes and that our reading and the source's golden equal pyarrow's.

    python3 scripts/golden/writer_readback.py [FIXTURES_WRITER_DIR]
"""
import os
import sys

import pyarrow.parquet as pq

import render

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv):
    folder = argv[0] if argv else os.path.join(ROOT, "Fixtures", "writer")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".parquet"))
    if not files:
        sys.exit(f"writer_readback.py: no .parquet files under {folder} (write them with the Swift test first)")
    for path in files:
        created_by = pq.ParquetFile(path).metadata.created_by
        if created_by != "parquet-swift writer fixture":
            sys.exit(f"writer_readback.py: {path} was not written by the writer fixture test ({created_by!r})")
        with open(path[: -len(".parquet")] + ".pyarrow.jsonl", "wb") as f:
            f.write(render.render_jsonl(path))
    print(f"{len(files)} pyarrow read-backs written under {folder}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
