#!/usr/bin/env python3
"""Self-checks of render.py's scalar formatting against independent references.

    python3 scripts/golden/selftest.py
"""
import datetime
import os
import random
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402


def check_double_layout(rng):
    # Layout of numpy's shortest digits must equal Python's repr for doubles.
    specials = [0.0, -0.0, 1.0, 0.1, 1e16, 1e-5, 1e-4, 1e15, 123456789012345.6, 5e-324,
                1.7976931348623157e308, 2.2250738585072014e-308, 9999999999999998.0, 0.0001234]
    vals = specials + [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(20000)]
    vals += [rng.uniform(-1e6, 1e6) for _ in range(5000)]
    n = 0
    for v in vals:
        if v != v or v in (float("inf"), float("-inf")):
            continue
        sci = np.format_float_scientific(np.float64(v), unique=True, trim="k")
        mant, e = sci.split("e")
        neg = mant.startswith("-")
        got = render.layout_float(mant.lstrip("+-").replace(".", ""), int(e), neg)
        assert got == repr(v), (v, got, repr(v))
        n += 1
    return n


def check_narrow_shortest(rng, width):
    dt = np.float32 if width == 32 else np.float16
    bits = 32 if width == 32 else 16
    n = 0
    for _ in range(20000 if width == 32 else 65536):
        raw = rng.getrandbits(bits) if width == 32 else n
        v = np.frombuffer(raw.to_bytes(bits // 8, "little"), dtype="<f4" if width == 32 else "<f2")[0]
        n += 1
        if not np.isfinite(v):
            continue
        text = render.float_text(v, width)
        back = dt(float(text)) if width == 32 else dt(np.float64(text))
        assert back == v or (v == 0 and back == 0), (v, text)
        assert np.signbit(back) == np.signbit(v), (v, text)
        # no shorter digit string rounds back to the same value
        digits = text.split("e")[0].replace("-", "").replace(".", "").strip("0")
        for p in range(1, max(1, len(digits))):
            with np.errstate(over="ignore"):
                shorter = dt(float(f"{float(v):.{p - 1}e}"))
            if shorter == v and v != 0:
                raise AssertionError(f"{v}: {text} not shortest ({p} digits suffice)")
    return n


def check_dates(rng):
    epoch = datetime.date(1970, 1, 1)
    for days in list(range(-719162, 2932897, 997)) + [-719162, 2932896, 0, -1]:
        d = epoch + datetime.timedelta(days=days)
        assert render.date_text(days) == d.isoformat(), (days, render.date_text(days))
    assert render.date_text(-719162 - 366) == "0000-01-01"
    assert render.date_text(-719162 - 367) == "-0001-12-31"
    assert render.date_text(2932897) == "10000-01-01"
    for _ in range(5000):
        us = rng.randrange(-62135596800 * 10**6, 253402300799 * 10**6)
        dtm = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=us)
        assert render.timestamp_text(us, "us", True) == dtm.strftime("%Y-%m-%dT%H:%M:%S.%f").rjust(26, "0") + "Z"
    assert render.timestamp_text(-1, "ms", False) == "1969-12-31T23:59:59.999"
    assert render.timestamp_text(-1, "ns", True) == "1969-12-31T23:59:59.999999999Z"
    assert render.time_text(86399999999, "us") == "23:59:59.999999"


def check_decimals():
    assert render.decimal_text(-1230, 2) == "-12.30"
    assert render.decimal_text(5, 2) == "0.05"
    assert render.decimal_text(-5, 2) == "-0.05"
    assert render.decimal_text(7, 0) == "7"
    assert render.decimal_text(0, 3) == "0.000"
    assert render.decimal_text(10**38 - 1, 38) == "0." + "9" * 38


def check_strings():
    assert render.json_string("a\"b\\c\n\t\x01\x1f\x7fé😀") == '"a\\"b\\\\c\\n\\t\\u0001\\u001f\x7fé😀"'
    assert b"\xff".decode("utf-8", "replace") == "\ufffd"


if __name__ == "__main__":
    rng = random.Random(1234)
    print("double layout", check_double_layout(rng))
    print("float32 shortest", check_narrow_shortest(rng, 32))
    print("float16 shortest", check_narrow_shortest(rng, 16))
    check_dates(rng)
    check_decimals()
    check_strings()
    print("selftest OK")
