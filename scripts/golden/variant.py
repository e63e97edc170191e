#!/usr/bin/env python3
"""Reference VARIANT reader (dev-time): the binary encoding (VariantEncoding.md), shredded
reconstruction (VariantShredding.md) and the JSON text of docs/values.md, written
independently of the Swift code to produce and check goldens.

    python3 scripts/golden/variant.py [PARQUET_TESTING_ROOT] [OUT_TSV]

decodes every variant/<name>.metadata + .value pair, checks it against
variant/data_dictionary.json (semantically: numbers by value, the dictionary's own
timestamp spellings normalised) and writes OUT_TSV (default
Fixtures/conformance/variant.tsv): `name<TAB>JSON text` per pair, sorted by name.

Values are tagged tuples: ("null",), ("bool", b), ("int8".."int64", n), ("float", x),
("double", x), ("decimal", unscaled, scale, width), ("date", days),
("timestamp", v, "us"|"ns", utc), ("time", micros), ("binary", bytes), ("string", str),
("uuid", 16 bytes), ("array", [values]), ("object", [(key, value)] in key order).
"""
from __future__ import annotations

import base64
import datetime
import decimal
import json
import math
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402


class VariantError(ValueError):
    pass


def _uint(b: bytes, pos: int, size: int) -> int:
    if pos < 0 or pos + size > len(b):
        raise VariantError("truncated")
    return int.from_bytes(b[pos:pos + size], "little")


def decode_metadata(b: bytes) -> list:
    if not b or b[0] & 0x0F != 1:
        raise VariantError("bad metadata header")
    osize = (b[0] >> 6) + 1
    n = _uint(b, 1, osize)
    offs = [_uint(b, 1 + osize * (i + 1), osize) for i in range(n + 1)]
    start = 1 + osize * (n + 2)
    strings = b[start:]
    return [strings[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]


def decode_value(b: bytes, keys: list, pos: int = 0):
    """The value starting at b[pos]."""
    head = b[pos]
    basic, header = head & 3, head >> 2
    d = pos + 1
    if basic == 1:
        return ("string", b[d:d + header].decode("utf-8", "replace"))
    if basic == 0:
        t = header
        if t == 0:
            return ("null",)
        if t in (1, 2):
            return ("bool", t == 1)
        if t in (3, 4, 5, 6):
            size = {3: 1, 4: 2, 5: 4, 6: 8}[t]
            return ({3: "int8", 4: "int16", 5: "int32", 6: "int64"}[t], int.from_bytes(b[d:d + size], "little", signed=True))
        if t == 7:
            return ("double", struct.unpack_from("<d", b, d)[0])
        if t == 14:
            return ("float", struct.unpack_from("<f", b, d)[0])
        if t in (8, 9, 10):
            width = {8: 4, 9: 8, 10: 16}[t]
            return ("decimal", int.from_bytes(b[d + 1:d + 1 + width], "little", signed=True), b[d], width)
        if t == 11:
            return ("date", int.from_bytes(b[d:d + 4], "little", signed=True))
        if t in (12, 13, 18, 19):
            v = int.from_bytes(b[d:d + 8], "little", signed=True)
            return ("timestamp", v, "ns" if t >= 18 else "us", t in (12, 18))
        if t == 17:
            return ("time", int.from_bytes(b[d:d + 8], "little", signed=True))
        if t in (15, 16):
            n = _uint(b, d, 4)
            raw = b[d + 4:d + 4 + n]
            return ("binary", bytes(raw)) if t == 15 else ("string", raw.decode("utf-8", "replace"))
        if t == 20:
            return ("uuid", bytes(b[d:d + 16]))
        raise VariantError(f"primitive type {t}")
    large = (header >> (4 if basic == 2 else 2)) & 1
    osize = (header & 3) + 1
    isize = ((header >> 2) & 3) + 1 if basic == 2 else 0
    csize = 4 if large else 1
    n = _uint(b, d, csize)
    ids = d + csize
    offs_at = ids + n * isize
    fields = offs_at + (n + 1) * osize
    offs = [_uint(b, offs_at + i * osize, osize) for i in range(n + 1)]
    if basic == 3:
        return ("array", [decode_value(b, keys, fields + offs[i]) for i in range(n)])
    out = []
    for i in range(n):
        key = keys[_uint(b, ids + i * isize, isize)]
        out.append((key, decode_value(b, keys, fields + offs[i])))
    return ("object", out)


def decode(metadata: bytes, value: bytes):
    return decode_value(value, decode_metadata(metadata))


def to_json(v) -> str:
    kind = v[0]
    if kind == "null":
        return "null"
    if kind == "bool":
        return "true" if v[1] else "false"
    if kind in ("int8", "int16", "int32", "int64"):
        return str(v[1])
    if kind == "float":
        return render.float_text(v[1], 32)
    if kind == "double":
        return render.float_text(v[1], 64)
    if kind == "decimal":
        return render.decimal_text(v[1], v[2])
    if kind == "date":
        return '"' + render.date_text(v[1]) + '"'
    if kind == "timestamp":
        return '"' + render.timestamp_text(v[1], v[2], v[3]) + '"'
    if kind == "time":
        return '"' + render.time_text(v[1], "us") + '"'
    if kind == "binary":
        return '"' + base64.b64encode(v[1]).decode("ascii") + '"'
    if kind == "string":
        return render.json_string(v[1])
    if kind == "uuid":
        return '"' + render.uuid_text(v[1]) + '"'
    if kind == "array":
        return "[" + ",".join(to_json(e) for e in v[1]) + "]"
    if kind == "object":
        return "{" + ",".join(render.json_string(k) + ":" + to_json(e) for k, e in v[1]) + "}"
    raise AssertionError(kind)


def sort_object(fields: list) -> list:
    return sorted(fields, key=lambda kv: kv[0].encode("utf-8"))


# --------------------------------------------------------------------------------------
# Shredded reconstruction from pyarrow's reading of a VARIANT group
# --------------------------------------------------------------------------------------


def typed_values(arr, t):
    """Tagged values of a typed_value leaf array (None where null), from its Arrow type."""
    import pyarrow as pa
    while isinstance(arr, pa.ExtensionArray):
        arr = arr.storage
    typ = arr.type
    nulls = arr.is_null().to_pylist()
    def wrap(vals, fn):
        return [None if isnull else fn(v) for isnull, v in zip(nulls, vals)]
    if pa.types.is_boolean(typ):
        return wrap(arr.to_pylist(), lambda v: ("bool", v))
    if pa.types.is_integer(typ):
        name = {8: "int8", 16: "int16", 32: "int32", 64: "int64"}[typ.bit_width]
        if not pa.types.is_signed_integer(typ):
            raise VariantError(f"unsigned shredded type {typ}")
        return wrap(arr.to_pylist(), lambda v: (name, v))
    if pa.types.is_float32(typ):
        return wrap(arr.to_pylist(), lambda v: ("float", v))
    if pa.types.is_float64(typ):
        return wrap(arr.to_pylist(), lambda v: ("double", v))
    if pa.types.is_decimal(typ):
        width = 4 if typ.precision <= 9 else 8 if typ.precision <= 18 else 16
        ctx = decimal.Context(prec=100)
        return wrap(arr.to_pylist(), lambda v: ("decimal", int(ctx.scaleb(v, typ.scale)), typ.scale, width))
    if pa.types.is_date32(typ):
        return wrap(arr.cast(pa.int32()).to_pylist(), lambda v: ("date", v))
    if pa.types.is_time64(typ):
        return wrap(arr.cast(pa.int64()).to_pylist(), lambda v: ("time", v))
    if pa.types.is_timestamp(typ):
        unit = typ.unit
        return wrap(arr.cast(pa.int64()).to_pylist(), lambda v: ("timestamp", v, unit, typ.tz is not None))
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return wrap(arr.to_pylist(), lambda v: ("string", v))
    if pa.types.is_fixed_size_binary(typ) and typ.byte_width == 16 and t == "uuid":
        return wrap(arr.to_pylist(), lambda v: ("uuid", bytes(v)))
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        return wrap(arr.to_pylist(), lambda v: ("binary", bytes(v)))
    raise VariantError(f"unsupported shredded type {typ}")


def shredded(arr, keys_per_row, node) -> list:
    """Values (tagged, or None for missing) of a {value, typed_value} struct array.
    `node` describes the Parquet group: {"value": bool, "typed": None | ("leaf", logical) |
    ("list", node) | ("object", {name: node})}."""
    import pyarrow as pa
    n = len(arr)
    names = [arr.type.field(i).name for i in range(arr.type.num_fields)]
    kids = dict(zip(names, arr.flatten()))
    values = kids["value"].to_pylist() if "value" in kids else [None] * n
    typed = [None] * n
    kind = node["typed"]
    if kind is not None:
        col = kids["typed_value"]
        tnull = col.is_null().to_pylist()
        if kind[0] == "leaf":
            typed = typed_values(col, kind[1])
        elif kind[0] == "list":
            offsets = col.offsets.to_pylist()
            rows = [keys_per_row[i] for i in range(n) for _ in range(offsets[i + 1] - offsets[i])]
            elems = shredded(col.values, rows, kind[1])
            typed = [None if tnull[i] else ("array", [e if e is not None else ("null",) for e in elems[offsets[i]:offsets[i + 1]]])
                     for i in range(n)]
        else:
            fcols = dict(zip([col.type.field(i).name for i in range(col.type.num_fields)], col.flatten()))
            fvals = {name: shredded(fcols[name], keys_per_row, sub) for name, sub in kind[1].items()}
            typed = [None if tnull[i] else ("shredded-object", [(name, fvals[name][i]) for name in kind[1]])
                     for i in range(n)]
    out = []
    for i in range(n):
        v = None if values[i] is None else decode_value(values[i], keys_per_row[i])
        t = typed[i]
        if t is None:
            out.append(v)
        elif t[0] == "shredded-object":
            fields = [(k, e) for k, e in t[1] if e is not None]
            if v is not None:
                if v[0] != "object":
                    raise VariantError("non-object value with shredded fields")
                # Shredded fields come from typed_value only (also where value has them too).
                shredded_names = {k for k, _ in t[1]}
                fields += [(k, e) for k, e in v[1] if k not in shredded_names]
            out.append(("object", sort_object(fields)))
        else:
            if v is not None:
                raise VariantError("conflicting value and typed_value")
            out.append(t)
    return out


def variant_column(arr, node) -> list:
    """Values of a top-level VARIANT struct array (None for a null variant)."""
    nulls = arr.is_null().to_pylist()
    kids = dict(zip([arr.type.field(i).name for i in range(arr.type.num_fields)], arr.flatten()))
    metas = kids["metadata"].to_pylist()
    keys = [decode_metadata(m) if m is not None and not isnull else [] for m, isnull in zip(metas, nulls)]
    vals = shredded(arr, keys, node)
    return [None if isnull else (v if v is not None else ("null",)) for isnull, v in zip(nulls, vals)]


def variant_groups(parquet_path) -> dict:
    """{index of the group's first leaf: (number of leaves, slot node)} for every VARIANT
    group of the file's schema, read from the raw footer (pyarrow does not say which structs
    are variants). A slot node is {"value": bool, "typed": None | ("leaf", "uuid" | None) |
    ("list", slot) | ("object", {name: slot})}."""
    import footer
    import thrift_compact as tc
    elements = tc.get(footer.read_footer(parquet_path), 2).items
    pos = [1]
    leaf = [0]
    found = {}

    def read():
        """The element at pos as a tree: (element, children)."""
        el = elements[pos[0]]
        pos[0] += 1
        kids = [read() for _ in range(tc.get(el, 5) or 0)]
        return el, kids

    def name(el):
        return tc.get(el, 4).decode("utf-8")

    def logical(el):
        lt = tc.get(el, 10)
        return lt[0].fid if lt else None

    def leaves(tree):
        return 1 if not tree[1] else sum(leaves(k) for k in tree[1])

    def slot(tree):
        node = {"value": False, "typed": None}
        for kid in tree[1]:
            if name(kid[0]) == "value":
                node["value"] = True
            elif name(kid[0]) == "typed_value":
                node["typed"] = typed(kid)
        return node

    def typed(tree):
        el, kids = tree
        if not kids:
            return ("leaf", "uuid" if logical(el) == 14 else None)
        if logical(el) == 3 or (logical(el) is None and tc.get(el, 6) == 3):
            return ("list", slot(kids[0][1][0]))
        return ("object", {name(k[0]): slot(k) for k in kids})

    def visit(tree):
        el, kids = tree
        if kids and logical(el) == 16:
            found[leaf[0]] = (leaves(tree), slot(tree))
            leaf[0] += leaves(tree)
            return
        if not kids:
            leaf[0] += 1
        for k in kids:
            visit(k)

    roots = [read() for _ in range(tc.get(elements[0], 5) or 0)]
    for r in roots:
        visit(r)
    return found


# --------------------------------------------------------------------------------------
# variant/ corpus goldens
# --------------------------------------------------------------------------------------


def _expected_matches(name: str, v, expected) -> bool:
    """Semantic comparison with data_dictionary.json (its own spellings for dates/times)."""
    kind = v[0]
    if kind == "object":
        return isinstance(expected, dict) and list(expected) == [k for k, _ in v[1]] and all(
            _expected_matches(name, e, expected[k]) for k, e in v[1])
    if kind == "array":
        return isinstance(expected, list) and len(expected) == len(v[1]) and all(
            _expected_matches(name, e, x) for e, x in zip(v[1], expected))
    if kind == "null":
        return expected is None
    if kind == "bool":
        return expected is v[1]
    if kind.startswith("int"):
        return expected == v[1]
    if kind in ("float", "double"):
        return math.isclose(float(expected), v[1], rel_tol=1e-6)
    if kind == "decimal":
        return math.isclose(float(expected), v[1] / 10 ** v[2], rel_tol=1e-12)
    if kind == "string":
        return expected == v[1]
    if kind == "binary":
        return base64.b64decode(expected) == v[1]
    if kind == "uuid":
        return expected == render.uuid_text(v[1])
    if kind == "date":
        return expected == render.date_text(v[1])
    if kind == "time":
        # the dictionary writes 12:33:54:123456
        return expected.replace(":", "") == render.time_text(v[1], "us").replace(":", "").replace(".", "")
    if kind == "timestamp":
        text = expected.replace(" ", "T")
        if v[3]:
            parsed = datetime.datetime.fromisoformat(text)
            micros = int(parsed.timestamp()) * 1_000_000 + parsed.microsecond
            scale = 1000 if v[2] == "ns" else 1
            return micros == v[1] // scale
        return render.timestamp_text(v[1], v[2], False).rstrip("0") == text.rstrip("0")
    return False


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = argv[0] if argv else "/work/shared/parquet-testing"
    out = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "conformance", "variant.tsv")
    folder = os.path.join(root, "variant")
    with open(os.path.join(folder, "data_dictionary.json")) as f:
        # The file has a trailing comma before its closing brace.
        dictionary = json.loads(re.sub(r",\s*}\s*$", "}", f.read()))
    names = sorted(n[:-len(".value")] for n in os.listdir(folder) if n.endswith(".value"))
    lines, bad = [], 0
    for name in names:
        with open(os.path.join(folder, name + ".metadata"), "rb") as f:
            metadata = f.read()
        with open(os.path.join(folder, name + ".value"), "rb") as f:
            value = f.read()
        v = decode(metadata, value)
        if name not in dictionary:
            print(f"{name}: not in data_dictionary.json (decoded {to_json(v)[:60]}...)")
        elif not _expected_matches(name, v, dictionary[name]):
            print(f"{name}: decoded {to_json(v)} does not match data_dictionary.json {dictionary.get(name)!r}")
            bad += 1
        lines.append(f"{name}\t{to_json(v)}\n")
    with open(out, "w") as f:
        f.write("".join(lines))
    print(f"{len(names)} variant/ values, {bad} mismatches -> {out}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
