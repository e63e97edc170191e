#!/usr/bin/env python3
"""Fixtures/annotations/: one-column files whose logical or converted type is patched onto a
physical type, for every annotation the spec restricts (LogicalTypes.md) — most of them on a
type they cannot annotate — plus the expectation list the Swift tests check.

    python3 scripts/golden/annotations.py [OUT_DIR]      (default Fixtures/annotations)

expected.tsv: `name<TAB>ok|error<TAB>detail<TAB>pyarrow<TAB>duckdb` where detail is, for `ok`,
the file's JSONL (render.py, one line per record joined by `|`), and for `error` the text the
error must contain; the last two columns record what pyarrow and the DuckDB Python module did
with the file (`ok` or `error`), for reference only.  Files are written by pyarrow (no
dictionary, no Arrow schema) and then get their footer's schema element patched.
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thrift_compact as tc
import pyarrow as pa, pyarrow.parquet as pq, duckdb
F=tc.Field
def lt(member, fields=None): return F(10, tc.STRUCT, [F(member, tc.STRUCT, fields or [])])
def b(v): return F(0, tc.BOOL_TRUE if v else tc.BOOL_FALSE, v)
def unit(u): return [F({'ms':1,'us':2,'ns':3}[u], tc.STRUCT, [])]
def time(member, utc, u): return lt(member, [F(1, tc.BOOL_TRUE if utc else tc.BOOL_FALSE, utc), F(2, tc.STRUCT, unit(u))])
def integer(w, s): return lt(10, [F(1, tc.BYTE, w), F(2, tc.BOOL_TRUE if s else tc.BOOL_FALSE, s)])
def dec(p, s): return lt(5, [F(1, tc.I32, s), F(2, tc.I32, p)])
CT={'UTF8':0,'ENUM':4,'DECIMAL':5,'DATE':6,'TIME_MILLIS':7,'TIME_MICROS':8,'TIMESTAMP_MILLIS':9,'TIMESTAMP_MICROS':10,'UINT_8':11,'UINT_16':12,'UINT_32':13,'UINT_64':14,'INT_8':15,'INT_16':16,'INT_32':17,'INT_64':18,'JSON':19,'BSON':20,'INTERVAL':21,'MAP':1,'LIST':3}
bases={'BOOLEAN':pa.array([True,False,True]),'INT32':pa.array([1,2,3],pa.int32()),'INT64':pa.array([1,2,3],pa.int64()),
 'FLOAT':pa.array([1.5,2,3],pa.float32()),'DOUBLE':pa.array([1.5,2,3]),'BYTE_ARRAY':pa.array([b'ab',b'c',b'']),
 'FLBA2':pa.array([b'ab',b'cd',b'ef'],pa.binary(2)),'FLBA4':pa.array([b'abcd']*3,pa.binary(4)),'FLBA8':pa.array([b'abcdefgh']*3,pa.binary(8)),
 'FLBA12':pa.array([b'abcdefghijkl']*3,pa.binary(12)),'FLBA16':pa.array([b'abcdefghijklmnop']*3,pa.binary(16)),
 'INT96':pa.array([0,1,2],pa.timestamp('ns'))}
def make(path, phys, conv=None, logical=None, scale=None, precision=None):
    t=pa.table({'val':bases[phys]})
    pq.write_table(t, path, use_deprecated_int96_timestamps=(phys=='INT96'), store_schema=False, use_dictionary=False)
    data=open(path,'rb').read(); n=struct.unpack('<i',data[-8:-4])[0]; start=len(data)-8-n
    fmd,_=tc.decode_struct(data,start)
    el=tc.get(fmd,2).items[1]
    tc.drop(el,6); tc.drop(el,10); tc.drop(el,7); tc.drop(el,8)
    if conv is not None: tc.put(el,6,tc.I32,CT[conv])
    if scale is not None: tc.put(el,7,tc.I32,scale)
    if precision is not None: tc.put(el,8,tc.I32,precision)
    if logical is not None: el.append(logical)
    nb=tc.encode_struct(fmd)
    open(path,'wb').write(data[:start]+nb+struct.pack('<i',len(nb))+b'PAR1')
cases=[]
def case(name, phys, conv=None, logical=None, scale=None, precision=None): cases.append((name,phys,conv,logical,scale,precision))
# converted types on every physical type they cannot annotate
for c in ['UTF8','ENUM','JSON','BSON']:
    for p in ['INT32','FLBA4','BOOLEAN']: case(f'{c}-on-{p}',p,c)
for c in ['DATE','TIME_MILLIS','INT_8','INT_16','INT_32','UINT_8','UINT_16','UINT_32']:
    for p in ['INT64','BYTE_ARRAY','FLOAT']: case(f'{c}-on-{p}',p,c)
for c in ['TIME_MICROS','TIMESTAMP_MILLIS','TIMESTAMP_MICROS','INT_64','UINT_64']:
    for p in ['INT32','BYTE_ARRAY','DOUBLE']: case(f'{c}-on-{p}',p,c)
case('INTERVAL-on-FLBA8','FLBA8','INTERVAL'); case('INTERVAL-on-BYTE_ARRAY','BYTE_ARRAY','INTERVAL'); case('INTERVAL-on-FLBA12','FLBA12','INTERVAL')
case('DECIMAL-conv-on-FLOAT','FLOAT','DECIMAL',scale=1,precision=5); case('DECIMAL-conv-on-BOOLEAN','BOOLEAN','DECIMAL',scale=1,precision=5)
case('DECIMAL-conv-p10-on-INT32','INT32','DECIMAL',scale=1,precision=10); case('DECIMAL-conv-p19-on-INT64','INT64','DECIMAL',scale=1,precision=19)
case('DECIMAL-conv-p10-on-FLBA4','FLBA4','DECIMAL',scale=1,precision=10)
case('DECIMAL-conv-no-precision-INT32','INT32','DECIMAL')
case('DECIMAL-conv-scale-gt-precision','INT32','DECIMAL',scale=5,precision=3)
case('MAP-conv-on-leaf','INT32','MAP'); case('LIST-conv-on-leaf','INT32','LIST')
# logical types
for p in ['INT32','FLBA4']: case(f'STRING-on-{p}',p,logical=lt(1)); case(f'ENUM-L-on-{p}',p,logical=lt(4)); case(f'JSON-L-on-{p}',p,logical=lt(12)); case(f'BSON-L-on-{p}',p,logical=lt(13))
case('DATE-L-on-INT64','INT64',logical=lt(6)); case('DATE-L-on-FLBA4','FLBA4',logical=lt(6))
case('TIME-ms-on-INT64','INT64',logical=time(7,False,'ms')); case('TIME-us-on-INT32','INT32',logical=time(7,False,'us')); case('TIME-ns-on-INT32','INT32',logical=time(7,True,'ns'))
case('TIMESTAMP-us-on-INT32','INT32',logical=time(8,True,'us')); case('TIMESTAMP-ms-on-INT32','INT32',logical=time(8,False,'ms')); case('TIMESTAMP-ns-on-INT96','INT96',logical=time(8,False,'ns'))
case('TIMESTAMP-us-on-BYTE_ARRAY','BYTE_ARRAY',logical=time(8,True,'us'))
case('INT64-L-on-INT32','INT32',logical=integer(64,True)); case('INT8-L-on-INT64','INT64',logical=integer(8,True)); case('UINT32-L-on-INT64','INT64',logical=integer(32,False))
case('INT32-L-on-BYTE_ARRAY','BYTE_ARRAY',logical=integer(32,True)); case('INT-width-7','INT32',logical=integer(7,True))
case('UUID-on-FLBA8','FLBA8',logical=lt(14)); case('UUID-on-BYTE_ARRAY','BYTE_ARRAY',logical=lt(14))
case('FLOAT16-on-FLBA4','FLBA4',logical=lt(15)); case('FLOAT16-on-BYTE_ARRAY','BYTE_ARRAY',logical=lt(15)); case('FLOAT16-on-FLOAT','FLOAT',logical=lt(15))
case('DECIMAL-L-on-FLOAT','FLOAT',logical=dec(5,1)); case('DECIMAL-L-p10-on-INT32','INT32',logical=dec(10,1)); case('DECIMAL-L-p19-on-INT64','INT64',logical=dec(19,2)); case('DECIMAL-L-p10-on-FLBA4','FLBA4',logical=dec(10,1)); case('DECIMAL-L-scale-gt-precision','INT32',logical=dec(3,5)); case('DECIMAL-L-p0','INT32',logical=dec(0,0))
case('GEOMETRY-on-INT32','INT32',logical=lt(17)); case('GEOMETRY-on-FLBA4','FLBA4',logical=lt(17)); case('GEOGRAPHY-on-INT64','INT64',logical=lt(18))
case('VARIANT-on-leaf','BYTE_ARRAY',logical=lt(16,[F(1,tc.BYTE,1)])); case('LIST-L-on-leaf','INT32',logical=lt(3)); case('MAP-L-on-leaf','INT32',logical=lt(2))
case('UNKNOWN-L-on-INT32','INT32',logical=lt(11)); case('FUTURE-L-19-on-INT32','INT32',logical=lt(19)); case('FUTURE-L-25-on-BYTE_ARRAY','BYTE_ARRAY',logical=lt(25))
case('STRING-L-with-INT_32-conv-on-INT32','INT32','INT_32',logical=lt(1))
case('INT_32-conv-with-STRING-L-on-BYTE_ARRAY','BYTE_ARRAY','INT_32',logical=lt(1))


NAMES = {1: "STRING", 2: "MAP", 3: "LIST", 4: "ENUM", 5: "DECIMAL", 6: "DATE", 7: "TIME", 8: "TIMESTAMP",
         10: "INT", 11: "NULL", 12: "JSON", 13: "BSON", 14: "UUID", 15: "FLOAT16", 16: "VARIANT",
         17: "GEOMETRY", 18: "GEOGRAPHY"}
PHYSICAL = {"FLBA2": "FIXED_LEN_BYTE_ARRAY(2)", "FLBA4": "FIXED_LEN_BYTE_ARRAY(4)", "FLBA8": "FIXED_LEN_BYTE_ARRAY(8)",
            "FLBA12": "FIXED_LEN_BYTE_ARRAY(12)", "FLBA16": "FIXED_LEN_BYTE_ARRAY(16)"}


def expected_error(phys, conv, logical, scale, precision):
    """The fault the reader must report, or None when the annotation applies."""
    physical = PHYSICAL.get(phys, phys)
    if logical is not None:
        member = logical.value[0]
        fid = member.fid
        if fid not in NAMES:
            return None  # a logical type from a newer writer: read as its physical type
        if fid == 11:
            return None
        if fid == 5:
            s, p = tc.get(member.value, 1), tc.get(member.value, 2)
            if p < 1:
                return "has no positive precision"
            if not 0 <= s <= p:
                return "has a scale outside 0...precision"
            return None if phys in ("INT32", "INT64", "BYTE_ARRAY") or phys.startswith("FLBA") else f"cannot annotate physical type {physical}"
        if fid == 10:
            w = tc.get(member.value, 1)
            if w not in (8, 16, 32, 64):
                return "has a bit width other than 8, 16, 32 or 64"
            return None if phys == ("INT64" if w == 64 else "INT32") else f"cannot annotate physical type {physical}"
        if fid in (7,):
            u = tc.get(member.value, 2)[0].fid
            return None if phys == ("INT32" if u == 1 else "INT64") else f"cannot annotate physical type {physical}"
        allowed = {1: "BYTE_ARRAY", 4: "BYTE_ARRAY", 12: "BYTE_ARRAY", 13: "BYTE_ARRAY", 17: "BYTE_ARRAY", 18: "BYTE_ARRAY",
                   6: "INT32", 8: "INT64", 14: "FLBA16", 15: "FLBA2"}.get(fid)
        return None if phys == allowed else f"cannot annotate physical type {physical}"
    if conv is None:
        return None
    if conv == "DECIMAL":
        if precision is None or precision < 1:
            return "has no positive precision"
        if not 0 <= (scale or 0) <= precision:
            return "has a scale outside 0...precision"
        return None if phys in ("INT32", "INT64", "BYTE_ARRAY") or phys.startswith("FLBA") else f"cannot annotate physical type {physical}"
    allowed = {"UTF8": "BYTE_ARRAY", "ENUM": "BYTE_ARRAY", "JSON": "BYTE_ARRAY", "BSON": "BYTE_ARRAY",
               "DATE": "INT32", "TIME_MILLIS": "INT32", "INT_8": "INT32", "INT_16": "INT32", "INT_32": "INT32",
               "UINT_8": "INT32", "UINT_16": "INT32", "UINT_32": "INT32", "TIME_MICROS": "INT64",
               "TIMESTAMP_MILLIS": "INT64", "TIMESTAMP_MICROS": "INT64", "INT_64": "INT64", "UINT_64": "INT64",
               "INTERVAL": "FLBA12"}.get(conv)
    return None if phys == allowed else f"cannot annotate physical type {physical}"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "annotations")
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith((".parquet", ".tsv")):
            os.remove(os.path.join(out, f))
    import duckdb
    import render
    lines = []
    for name, phys, conv, logical, scale, precision in cases:
        path = os.path.join(out, name + ".parquet")
        make(path, phys, conv, logical, scale, precision)
        try:
            pq.read_table(path)
            pa_verdict = "ok"
        except Exception:  # noqa: BLE001
            pa_verdict = "error"
        try:
            duckdb.sql(f"select * from '{path}'").fetchall()
            duck_verdict = "ok"
        except Exception:  # noqa: BLE001
            duck_verdict = "error"
        fault = expected_error(phys, conv, logical, scale, precision)
        if fault is None and logical is not None and logical.value[0].fid == 5:
            # pyarrow ignores a logical DECIMAL whose precision exceeds the physical type
            # (the converted form it reads): render the same file with the converted type.
            member = logical.value[0].value
            twin = path + ".converted"
            make(twin, phys, "DECIMAL", None, tc.get(member, 1), tc.get(member, 2))
            detail = render.render_jsonl(twin).decode("utf-8").rstrip("\n").replace("\n", "|")
            os.remove(twin)
            lines.append(f"{name}\tok\t{detail}\t{pa_verdict}\t{duck_verdict}\n")
        elif fault is None:
            detail = render.render_jsonl(path).decode("utf-8").rstrip("\n").replace("\n", "|")
            lines.append(f"{name}\tok\t{detail}\t{pa_verdict}\t{duck_verdict}\n")
        else:
            lines.append(f"{name}\terror\t{fault}\t{pa_verdict}\t{duck_verdict}\n")
    with open(os.path.join(out, "expected.tsv"), "w") as f:
        f.write("".join(lines))
    print(f"{len(cases)} files -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
