"""Shared pieces of the dev-time test-vector generators (scripts/*_vectors.py).

The generators make inputs that the Swift tests regenerate bit for bit (SplitMix64 bytes,
mirrored in the Swift test support), compress them with the reference C/Rust libraries, and
write the results as fixture files under Fixtures/codecs/ (`fixture_file`, read by TestSupport's
`CodecVectorFixture`).
"""
import base64
import json
import os
import sys

MASK = (1 << 64) - 1
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def splitmix64(seed):
    """SplitMix64 outputs from `seed` (the Swift tests' SnappyTestSupport uses the same)."""
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def random_bytes(n, seed):
    """Little-endian bytes of successive SplitMix64 outputs (SnappyTestSupport.randomBytes)."""
    out = bytearray()
    gen = splitmix64(seed)
    while len(out) < n:
        out += next(gen).to_bytes(8, "little")
    return bytes(out[:n])


def letters(n, seed, alphabet=b"ACGT"):
    """n bytes drawn from `alphabet` (CodecTestInputs.letters): byte i = alphabet[r_i % k]."""
    raw = random_bytes(n, seed)
    return bytes(alphabet[b % len(alphabet)] for b in raw)


def mutated_repeat(n, chunk_len, seed):
    """A random chunk repeated to n bytes, one byte every 1009 replaced (SnappyTestSupport)."""
    chunk = random_bytes(chunk_len, seed)
    out = bytearray((chunk * (n // chunk_len + 1))[:n])
    noise = random_bytes(n // 1009 + 1, seed + 1)
    for k, i in enumerate(range(0, n, 1009)):
        out[i] = noise[k]
    return bytes(out)


def fixture_file(path, generator, text, entries, text_from=None):
    """Writes a codec vector fixture: {"generator", "text", "vectors": [{"name", "input", "compressed"}]}.

    `entries` are (name, recipe, compressed bytes) or (name, recipe, compressed bytes, extra),
    `extra` a dict of further fields written between "input" and "compressed"; a recipe is the
    list of parts whose concatenation is the input, each part a space-separated call the Swift
    tests evaluate ("text", "bytes 41", "randomBytes 3000 7", ...). One vector a line, the
    stream in base64. With `text_from` (another fixture's file name) instead of `text`, the
    fixture's "text" is that fixture's: the text is written once.
    """
    lines = ["{", "  \"generator\": %s," % json.dumps(generator)]
    if text_from is None:
        lines.append("  \"text\": %s," % json.dumps(text))
    else:
        lines.append("  \"textFrom\": %s," % json.dumps(text_from))
    lines.append("  \"vectors\": [")
    total = 0
    for i, (name, recipe, comp, *extra) in enumerate(entries):
        b64 = base64.b64encode(comp).decode()
        total += len(b64)
        row = {"name": name, "input": recipe}
        for fields in extra:
            row.update(fields)
        row["compressed"] = b64
        lines.append("    " + json.dumps(row) + ("," if i + 1 < len(entries) else ""))
    lines += ["  ]", "}", ""]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    print(f"wrote {path} ({len(entries)} vectors, {total} base64 chars)", file=sys.stderr)


def runs():
    """For each period 1...8: a random pattern repeated, then 3 random separator bytes
    (SnappyTestSupport.runs; the Snappy and LZ4 vectors' "runs")."""
    out = bytearray()
    for p in range(1, 9):
        pattern = random_bytes(p, 100 + p)
        n = 100 + p * 37
        out += (pattern * (n // p + 1))[:n]
        out += random_bytes(3, 200 + p)
    return bytes(out)


def dump_files(dump, name, data, comp, ext):
    """With --dump DIR: writes <name>.bin (the input) and <name>.<ext> (the compressed stream)."""
    if dump:
        os.makedirs(dump, exist_ok=True)
        with open(os.path.join(dump, name + ".bin"), "wb") as f:
            f.write(data)
        with open(os.path.join(dump, name + "." + ext), "wb") as f:
            f.write(comp)


class BitWriter:
    """LSB-first bit packer (DEFLATE and Brotli order)."""

    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def bits(self, value, count):
        self.acc |= (value & ((1 << count) - 1)) << self.n
        self.n += count
        while self.n >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.n -= 8

    def code(self, code, length):
        """A prefix code, most-significant bit first."""
        for i in range(length - 1, -1, -1):
            self.bits((code >> i) & 1, 1)

    def align(self):
        if self.n:
            self.bits(0, 8 - self.n)

    def data(self):
        self.align()
        return bytes(self.out)
