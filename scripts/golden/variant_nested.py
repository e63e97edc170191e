#!/usr/bin/env python3
"""Fixtures/spec/variant-nested.parquet: unshredded VARIANT values inside a nullable struct and
inside a list, for the library's RecordBatch.variants(_:) and the export's record assembly
(DuckDB 1.5 writes VARIANT only as a top-level column; pyarrow 26 not at all).

    python3 scripts/golden/variant_nested.py [OUT_DIR]      (default Fixtures/spec)

pyarrow writes `s: struct<v: struct<metadata, value>, n: int32>` and
`l: list<struct<metadata, value>>`; the footer then gets the VARIANT logical type on `s.v`
and on the list element.  Rows (variants hand-encoded per VariantEncoding.md):

    0: s = {v: 42 (int8), n: 0},             l = ["two"]
    1: s = {v: null, n: 1},                  l = []
    2: s = null,                             l = null
    3: s = {v: {"a":1,"b":"x"}, n: 3},       l = [42, {"a":1,"b":"x"}]

The expected JSONL (render.py's rules) is written next to it as variant-nested.jsonl, from
scripts/golden/variant.py's independent decoder.
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thrift_compact as tc
import variant as vref
import pyarrow as pa
import pyarrow.parquet as pq

EMPTY = bytes([0x01, 0x00, 0x00])                   # metadata: version 1, no keys
AB = bytes([0x11, 2, 0, 1, 2]) + b"ab"              # metadata: sorted keys a, b
INT8_42 = (EMPTY, bytes([0x0C, 42]))                # primitive int8
TWO = (EMPTY, bytes([(3 << 2) | 1]) + b"two")       # short string
OBJECT = (AB, bytes([0x02, 2, 0, 1, 0, 2, 4, 0x0C, 1, 0x05]) + b"x")  # {"a": 1, "b": "x"}

def variant(v):
    return None if v is None else {"metadata": v[0], "value": v[1]}

VT = pa.struct([pa.field("metadata", pa.binary(), nullable=False), pa.field("value", pa.binary(), nullable=False)])
ROWS = [
    ({"v": variant(INT8_42), "n": 0}, [variant(TWO)]),
    ({"v": None, "n": 1}, []),
    (None, None),
    ({"v": variant(OBJECT), "n": 3}, [variant(INT8_42), variant(OBJECT)]),
]

def patch_variant(path: str) -> None:
    data = open(path, "rb").read()
    n = struct.unpack("<i", data[-8:-4])[0]
    start = len(data) - 8 - n
    fmd, _ = tc.decode_struct(data, start)
    elements = tc.get(fmd, 2).items
    names = [tc.get(e, 4) for e in elements]
    # s.v, and the list's element group (both directly followed by their metadata leaf)
    targets = [i for i, e in enumerate(elements)
               if tc.get(e, 5) == 2 and i + 1 < len(names) and names[i + 1] in (b"metadata", "metadata")]
    assert len(targets) == 2, names
    for i in targets:
        tc.drop(elements[i], 6)
        tc.drop(elements[i], 10)
        elements[i].append(tc.Field(10, tc.STRUCT, [tc.Field(16, tc.STRUCT, [tc.Field(1, tc.BYTE, 1)])]))
    nb = tc.encode_struct(fmd)
    open(path, "wb").write(data[:start] + nb + struct.pack("<i", len(nb)) + b"PAR1")

def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = argv[0] if argv else os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "spec"))
    os.makedirs(out, exist_ok=True)
    table = pa.table({
        "id": pa.array(range(len(ROWS)), pa.int32()),
        "s": pa.array([r[0] for r in ROWS], pa.struct([pa.field("v", VT), pa.field("n", pa.int32())])),
        "l": pa.array([r[1] for r in ROWS], pa.list_(pa.field("element", VT, nullable=False))),
    })
    path = os.path.join(out, "variant-nested.parquet")
    pq.write_table(table, path, store_schema=False, use_dictionary=False, compression="none")
    patch_variant(path)

    def text(v):
        return "null" if v is None else vref.to_json(vref.decode(v["metadata"], v["value"]))
    lines = []
    for i, (s, l) in enumerate(ROWS):
        stext = "null" if s is None else '{"v":' + text(s["v"]) + ',"n":' + str(s["n"]) + "}"
        ltext = "null" if l is None else "[" + ",".join(text(v) for v in l) + "]"
        lines.append('{"id":' + str(i) + ',"s":' + stext + ',"l":' + ltext + "}")
    with open(os.path.join(out, "variant-nested.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(path)
    return 0

if __name__ == "__main__":
    sys.exit(main())
