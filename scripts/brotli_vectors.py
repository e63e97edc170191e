#!/usr/bin/env python3
"""Dev-time generator for the Brotli test vectors (needs `pip install brotli`).

Writes Fixtures/codecs/brotli.json: streams from the reference encoder (python brotli) at
qualities 0/5/11 and several window sizes for inputs the Swift tests regenerate from recipes
(see CodecTestInputs.part), plus a hand-made stream that references static dictionary words
through every one of the 121 transforms (its expected output comes from the reference decoder
and is stored in its recipe as a "base64 ..." part). Shares TEXT with gzip_vectors.py (the
fixture takes the text from gzip.json).

    python3 scripts/brotli_vectors.py            # regenerate the fixture
    python3 scripts/brotli_vectors.py --dump DIR # also write <name>.bin / <name>.br files
"""
import base64
import os
import sys

import brotli

from common import ROOT, BitWriter, dump_files, fixture_file, letters, mutated_repeat, random_bytes
from gzip_vectors import TEXT

NDBITS = [0, 0, 0, 0, 10, 10, 11, 11, 10, 10, 10, 10, 10, 9, 9, 8, 7, 7, 8, 7, 7, 6, 6, 5, 5]
COPY_BASE = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 18, 22, 30, 38, 54, 70, 102, 134, 198, 326, 582, 1094, 2118]
COPY_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 24]
# Static code for code length code lengths: value -> (bits as stored, bit count).
CL_CODE = {0: (0, 2), 1: (7, 4), 2: (3, 3), 3: (2, 2), 4: (1, 2), 5: (15, 4)}
CL_ORDER = [1, 2, 3, 4, 0, 5, 17, 6, 16, 7, 8, 9, 10, 11, 12, 13, 14, 15]


def code_length_code(w, lengths):
    """HSKIP 0 and the code length code lengths (dict symbol -> length), trailing zeros
    omitted once the code is complete."""
    w.bits(0, 2)
    space = 32
    for sym in CL_ORDER:
        v = lengths.get(sym, 0)
        w.bits(*CL_CODE[v])
        if v:
            space -= 32 >> v
            if space <= 0:
                break


def dictionary_stream():
    """Hand-made stream: an uncompressed meta-block of 1024 filler bytes (so that, with
    WBITS 10, every later distance above 1008 is a dictionary reference), then one compressed
    meta-block of literal-free commands copying dictionary words through all 121 transforms,
    with word lengths 4...24 and varied word indexes. The expected output comes from the
    reference decoder."""
    refs = []
    for t in range(121):
        for k in range(3):
            length = 4 + (t * 7 + k * 5) % 21
            index = (t * 131 + k * 977) % (1 << NDBITS[length])
            refs.append((length, index, t))
    filler = (TEXT.encode() * 2)[:1024]

    def emit(mlen):
        w = BitWriter()
        w.bits(1, 1); w.bits(0, 3); w.bits(2, 3)   # WBITS = 10: window 1008
        w.bits(0, 1)                  # ISLAST = 0
        w.bits(0, 2)                  # MNIBBLES = 4
        w.bits(len(filler) - 1, 16)
        w.bits(1, 1)                  # ISUNCOMPRESSED
        w.align()
        w.out += filler
        w.bits(1, 1)                  # ISLAST
        w.bits(0, 1)                  # ISLASTEMPTY = 0
        w.bits(0, 2)                  # MNIBBLES = 4
        w.bits(mlen - 1, 16)
        for _ in range(3):
            w.bits(0, 1)              # NBLTYPESx = 1
        w.bits(0, 2)                  # NPOSTFIX
        w.bits(0, 4)                  # NDIRECT
        w.bits(0, 2)                  # context mode of literal block type 0
        w.bits(0, 1)                  # NTREESL = 1
        w.bits(0, 1)                  # NTREESD = 1
        w.bits(1, 2); w.bits(0, 2); w.bits(ord("x"), 8)   # literal code: one symbol
        # Insert-and-copy code: symbols 0...319 of length 9, 320...703 of length 10.
        code_length_code(w, {9: 1, 10: 1})
        for s in range(704):
            w.code(0 if s < 320 else 1, 1)
        # Distance code (alphabet 64): all lengths 6, from a single code length symbol.
        code_length_code(w, {6: 1})
        for length, index, t in refs:
            cc = max(c for c in range(24) if COPY_BASE[c] <= length)
            sym = 128 + cc if cc < 8 else 192 + (cc - 8)   # insert length 0
            if sym < 320:
                w.code(sym, 9)
            else:
                w.code((320 << 1) + sym - 320, 10)
            w.bits(length - COPY_BASE[cc], COPY_EXTRA[cc])
            v = 1008 + (index + (t << NDBITS[length]))      # distance - 1
            for dcode in range(16, 64):
                x = dcode - 16
                nbits = 1 + (x >> 1)
                offset = ((2 + (x & 1)) << nbits) - 4
                if offset <= v < offset + (1 << nbits):
                    break
            w.code(dcode, 6)
            w.bits(v - offset, nbits)
        return w.data()

    # Let the reference decoder tell how many bytes the commands produce, then fix MLEN.
    partial = brotli.Decompressor().process(emit(1 << 16))
    mlen = len(partial) - len(filler)
    stream = emit(mlen)
    out = brotli.decompress(stream)
    assert out[:len(filler)] == filler and len(out) == len(filler) + mlen
    return stream, out


def main():
    dump = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--dump" else None
    text = TEXT.encode()
    big = mutated_repeat(200_000, 1024, 11)
    rnd = random_bytes(3000, 7)
    far = letters(70_000, 5, b"AC")
    far = far + far[:4000]
    inputs = {
        "": b"", "bytes 41": b"A", "text": text, "randomBytes 3000 7": rnd,
        "mutatedRepeat 200000 1024 11": big, "farRepeat": far, "repeating 100000 0": bytes(100_000),
    }
    plan = [
        ("empty", "", 11, 22), ("emptyQ0", "", 0, 22), ("oneByte", "bytes 41", 5, 22),
        ("textQ0", "text", 0, 22), ("textQ5", "text", 5, 22),
        ("textQ11", "text", 11, 22), ("textQ11w10", "text", 11, 10),
        ("randomQ5", "randomBytes 3000 7", 5, 16),
        ("largeQ0", "mutatedRepeat 200000 1024 11", 0, 18),
        ("largeQ5", "mutatedRepeat 200000 1024 11", 5, 22),
        ("largeQ11", "mutatedRepeat 200000 1024 11", 11, 24),
        ("farQ9w24", "farRepeat", 9, 24),
        ("farQ11w17", "farRepeat", 11, 17),
        ("zerosQ1", "repeating 100000 0", 1, 22),
    ]
    entries = []
    for name, expr, quality, lgwin in plan:
        data = inputs[expr]
        comp = brotli.compress(data, quality=quality, lgwin=lgwin)
        assert brotli.decompress(comp) == data
        entries.append((name, [expr] if expr else [], comp))
        dump_files(dump, name, data, comp, "br")
    stream, out = dictionary_stream()
    entries.append(("dictionaryTransforms", ["base64 " + base64.b64encode(out).decode()], stream))
    dump_files(dump, "dictionaryTransforms", out, stream, "br")
    generator = "scripts/brotli_vectors.py with python brotli " + brotli.__version__
    fixture_file(os.path.join(ROOT, "Fixtures", "codecs", "brotli.json"), generator, None, entries,
                 text_from="gzip.json")


if __name__ == "__main__":
    main()
