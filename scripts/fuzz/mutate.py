#!/usr/bin/env python3
"""Mutation check: run the built CLI on corrupted copies of the fixtures.

Every case must end with exit 0, or exit 1 with exactly one `error: ` line on stderr: no
signal, no hang, no silent failure (an exit 0 of `count` prints one integer; of `export` a
JSON object per record, as many as `count` reported). Each process runs under an
address-space limit (RLIMIT_AS, default 1 GiB), so an allocation the input cannot justify
ends in a crash that is reported.

Corruptions: bit flips, random bytes, truncation, zeroed runs, block copies, lying footer
lengths, huge varints, and structure-aware lies: one integer field of the footer
(FileMetaData, schema, row groups, column metadata) or of a page header (sizes, counts,
encodings, level lengths) replaced by a hostile value and re-encoded with the file kept
consistent around it (footer length, later page offsets and the chunk size fixed up).

Usage: mutate.py [--cases N] [--seed S] [--timeout T] [--limit-mb M] [--keep DIR] [BINARY]
Failing inputs are kept in --keep (default: a `dd-mutate-failures` folder in the temp folder).
"""
import argparse, glob, json, os, random, resource, struct, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "golden"))
import thrift_compact as tc  # noqa: E402

# Files that legitimately need more memory than the limit (a 1 GiB string), excluded.
TOO_BIG = {"large_string_map.brotli.parquet"}

INT_TYPES = (tc.BYTE, tc.I16, tc.I32, tc.I64)


def hostile_int(rng: random.Random, old: int, ttype: int) -> int:
    choices = [0, -1, 1, 2, 7, 255, 256, 65535, 1 << 20, (1 << 26) + 1, (1 << 31) - 1, -(1 << 31),
               (1 << 32) + 5, (1 << 62), -(1 << 62), old + 1, old - 1, old * 2, old * 1000 + 1, -old]
    v = rng.choice(choices)
    if ttype == tc.BYTE:
        v = max(-128, min(127, v))
    elif ttype == tc.I16 and rng.random() < 0.8:
        v = max(-(1 << 15), min((1 << 15) - 1, v))
    elif ttype == tc.I32 and rng.random() < 0.8:
        v = max(-(1 << 31), min((1 << 31) - 1, v))
    return max(-(1 << 63), min((1 << 63) - 1, v))


def int_slots(fields, out):
    """Collects (fields-list, index) for every integer field, depth-first."""
    for i, f in enumerate(fields):
        if f.ttype in INT_TYPES:
            out.append((fields, i))
        elif f.ttype == tc.STRUCT:
            int_slots(f.value, out)
        elif f.ttype in (tc.LIST, tc.SET) and f.value.etype == tc.STRUCT:
            for item in f.value.items:
                int_slots(item, out)
    return out


def list_slots(fields, out):
    for f in fields:
        if f.ttype in (tc.LIST, tc.SET):
            out.append(f.value)
            if f.value.etype == tc.STRUCT:
                for item in f.value.items:
                    list_slots(item, out)
        elif f.ttype == tc.STRUCT:
            list_slots(f.value, out)
    return out


def split_footer(b: bytes):
    if len(b) < 12 or b[-4:] != b"PAR1":
        return None
    n = struct.unpack("<I", b[-8:-4])[0]
    if n <= 0 or n > len(b) - 12:
        return None
    start = len(b) - 8 - n
    try:
        fields, end = tc.decode_struct(b[start:len(b) - 8])
    except Exception:
        return None
    return fields, start


def join_footer(body: bytes, fields) -> bytes:
    meta = tc.encode_struct(fields)
    return body + meta + struct.pack("<I", len(meta)) + b"PAR1"


def chunk_metas(fields):
    """ColumnMetaData field lists of every column chunk."""
    out = []
    groups = tc.get(fields, 4)
    for g in (groups.items if groups else []):
        cols = tc.get(g, 1)
        for cc in (cols.items if cols else []):
            md = tc.get(cc, 3)
            if isinstance(md, list):
                out.append(md)
    return out


def page_headers(b: bytes, md, limit=8):
    """(offset, length, fields) of the first pages of a chunk."""
    out = []
    start = tc.get(md, 11) or tc.get(md, 9)
    data = tc.get(md, 9)
    if isinstance(start, int) and isinstance(data, int) and 0 < data < start:
        start = data
    end = (start or 0) + (tc.get(md, 7) or 0)
    pos = start
    while isinstance(pos, int) and 4 <= pos < min(end, len(b)) and len(out) < limit:
        try:
            h, hend = tc.decode_struct(b, pos)
        except Exception:
            break
        out.append((pos, hend - pos, h))
        size = tc.get(h, 3)
        if not isinstance(size, int) or size < 0:
            break
        pos = hend + size
    return out


def lie_in_footer(b: bytes, rng: random.Random):
    parsed = split_footer(b)
    if not parsed:
        return None
    fields, start = parsed
    if rng.random() < 0.7:
        slots = int_slots(fields, [])
        if not slots:
            return None
        container, i = rng.choice(slots)
        f = container[i]
        f.value = hostile_int(rng, f.value, f.ttype)
    else:  # drop, duplicate or empty a list (schema elements, row groups, columns ...)
        lists = list_slots(fields, [])
        if not lists:
            return None
        tl = rng.choice(lists)
        if tl.items:
            k = rng.randrange(len(tl.items))
            action = rng.choice(["drop", "dup", "clear"])
            if action == "drop":
                del tl.items[k]
            elif action == "dup":
                tl.items.insert(k, tl.items[k])
            else:
                tl.items.clear()
    try:
        return join_footer(b[:start], fields)
    except Exception:
        return None


def lie_in_page_header(b: bytes, rng: random.Random):
    parsed = split_footer(b)
    if not parsed:
        return None
    fields, start = parsed
    metas = chunk_metas(fields)
    if not metas:
        return None
    md = rng.choice(metas)
    pages = page_headers(b, md)
    if not pages:
        return None
    pos, length, header = rng.choice(pages)
    slots = int_slots(header, [])
    if not slots:
        return None
    container, i = rng.choice(slots)
    f = container[i]
    f.value = hostile_int(rng, f.value, f.ttype)
    try:
        new = tc.encode_struct(header)
    except Exception:
        return None
    delta = len(new) - length
    body = b[:pos] + new + b[pos + length:start]
    if delta:
        # Keep the rest of the file consistent: later offsets move, this chunk grows.
        for other in metas:
            for fid in (9, 10, 11):
                v = tc.get(other, fid)
                if isinstance(v, int) and v > pos:
                    tc.put(other, fid, tc.I64, v + delta)
        size = tc.get(md, 7)
        if isinstance(size, int):
            tc.put(md, 7, tc.I64, size + delta)
    try:
        return join_footer(body, fields)
    except Exception:
        return None


def corrupt(data: bytes, rng: random.Random):
    kind = rng.choice(["flip", "flips", "truncate", "zero", "footer_len", "huge", "splice", "tail",
                       "footer_field", "footer_field", "page_field", "page_field", "page_field"])
    if kind == "footer_field":
        out = lie_in_footer(data, rng)
        if out is not None:
            return out, kind
        kind = "flip"
    if kind == "page_field":
        out = lie_in_page_header(data, rng)
        if out is not None:
            return out, kind
        kind = "flip"
    b = bytearray(data)
    if kind == "flip":
        i = rng.randrange(len(b)); b[i] ^= 1 << rng.randrange(8)
    elif kind == "flips":
        for _ in range(rng.randint(2, 40)):
            i = rng.randrange(len(b)); b[i] = rng.randrange(256)
    elif kind == "truncate":
        b = b[: rng.randrange(len(b))]
    elif kind == "zero":
        i = rng.randrange(len(b)); n = rng.randint(1, 64); b[i:i + n] = bytes(min(n, len(b) - i))
    elif kind == "footer_len" and len(b) > 8:
        b[-8:-4] = struct.pack("<I", rng.choice([0, 1, len(b), len(b) - 8, 0xFFFFFFFF, rng.randrange(len(b))]))
    elif kind == "huge":
        # Overwrite 4-5 bytes with a large varint-ish or int value somewhere in the footer area.
        start = max(0, len(b) - 2000)
        i = rng.randrange(start, len(b))
        val = rng.choice([b"\xff\xff\xff\xff\x0f", b"\xff\xff\xff\x7f", b"\x80\x80\x80\x80\x08", b"\xfe\xff\xff\xff"])
        b[i:i + len(val)] = val
    elif kind == "splice":
        i = rng.randrange(len(b)); j = rng.randrange(len(b)); n = rng.randint(1, 200)
        b[i:i + n] = b[j:j + n]
    else:  # corrupt the footer region
        start = max(0, len(b) - 600)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(start, len(b)); b[i] = rng.randrange(256)
    return bytes(b), kind


def make_limit(limit_bytes: int):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return limit


def check(cmd: str, r) -> str:
    """'' when the outcome is acceptable, else why not."""
    err = r.stderr.decode("utf8", "replace")
    if r.returncode < 0:
        return f"signal {-r.returncode}"
    if r.returncode == 1:
        if err.startswith("error: ") and err.count("\n") == 1:
            return ""
        return "exit 1 without exactly one error: line"
    if r.returncode != 0:
        return f"exit {r.returncode}"
    if err:
        return "exit 0 with stderr output"
    out = r.stdout.decode("utf8", "replace")
    if cmd == "count":
        if not out.endswith("\n") or not out.strip().isdigit() or out.count("\n") != 1:
            return "count printed no bare integer"
    elif cmd == "export":
        if r.stdout and not r.stdout.endswith(b"\n"):
            return "export output does not end with a newline"
        # Split on \n only: JSON strings may hold U+2028 and other separators.
        for line in r.stdout.split(b"\n")[:-1]:
            try:
                if not isinstance(json.loads(line), dict):
                    return "export wrote a line that is not a JSON object"
            except ValueError:
                return "export wrote a line that is not JSON"
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, ".build/release/data-designer"))
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--limit-mb", type=int, default=1024)
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "dd-mutate-failures"))
    args = ap.parse_args()
    seeds = sorted(glob.glob(os.path.join(ROOT, "Fixtures", "**", "*.parquet"), recursive=True))
    # parquet-testing: $PARQUET_TESTING_DATA, or shared/ next to the checkout (or its parent,
    # for a worktree one level further down).
    for extra in [os.environ.get("PARQUET_TESTING_DATA", ""),
                  os.path.join(os.path.dirname(ROOT), "shared", "parquet-testing", "data"),
                  os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared", "parquet-testing", "data")]:
        if extra and os.path.isdir(extra):
            seeds += sorted(glob.glob(os.path.join(extra, "*.parquet")))
            break
    seeds = [s for s in seeds if os.path.getsize(s) < 2_000_000 and os.path.basename(s) not in TOO_BIG]
    blobs = {s: open(s, "rb").read() for s in seeds}
    rng = random.Random(args.seed)
    limit = make_limit(args.limit_mb << 20)
    passed = failed = errors = clean = 0
    kinds = {}
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "case.parquet")
        out = os.path.join(tmp, "out.data")
        for case in range(args.cases):
            src = rng.choice(seeds)
            data, kind = corrupt(blobs[src], rng)
            kinds[kind] = kinds.get(kind, 0) + 1
            with open(path, "wb") as f:
                f.write(data)
            counted = None
            commands = [["count", path], ["export", path, "-o", "-", "-f", "jsonl", "-q"], ["schema", path]]
            if case % 4 == 0:  # now and then, the other formats (Parquet output goes through the writer)
                commands.append(["export", path, "-o", out, "-f", rng.choice(["csv", "parquet"]), "-q"])
            for cmd in commands:
                try:
                    r = subprocess.run([args.binary] + cmd, capture_output=True, timeout=args.timeout, preexec_fn=limit)
                    why = check(cmd[0], r)
                    if not why and cmd[0] == "count" and r.returncode == 0:
                        counted = int(r.stdout)
                    if not why and cmd[0] == "export" and cmd[3] == "-" and r.returncode == 0 and counted is not None:
                        lines = r.stdout.count(b"\n")
                        if lines != counted:
                            why = f"export wrote {lines} records but count says {counted}"
                except subprocess.TimeoutExpired:
                    why, r = f"hang (> {args.timeout}s)", None
                if not why:
                    passed += 1
                    if r.returncode == 0:
                        clean += 1
                    else:
                        errors += 1
                    continue
                failed += 1
                os.makedirs(args.keep, exist_ok=True)
                keep = os.path.join(args.keep, f"seed{args.seed}-case{case}-{kind}.parquet")
                with open(keep, "wb") as f:
                    f.write(data)
                tail = r.stderr.decode("utf8", "replace")[-300:] if r is not None else ""
                print(f"FAIL case {case} ({kind}) from {os.path.basename(src)}: {cmd[0]}: {why} {tail!r} kept {keep}", flush=True)
    elapsed = time.time() - started
    print(f"{args.cases} cases ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
          f"{passed + failed} runs in {elapsed:.0f}s: {passed} passed ({clean} exit 0, {errors} exit 1 with error:), "
          f"{failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
