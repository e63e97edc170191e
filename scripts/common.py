"""Shared pieces of the dev-time test-vector generators (scripts/*_vectors.py).

The generators make inputs that the Swift tests regenerate bit for bit (SplitMix64 bytes,
mirrored in the Swift test support), compress them with the reference C/Rust libraries, and
write the results as Swift source files under Tests/ (`swift_file`) or as fixture files under
Fixtures/codecs/ (`fixture_file`, read by TestSupport's `CodecVectorFixture`).
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


def base64_literal(comp):
    """The Swift lines of a base64 string literal: one line, or a multi-line literal of 96-char rows."""
    b64 = base64.b64encode(comp).decode()
    chunks = [b64[i:i + 96] for i in range(0, len(b64), 96)] or [""]
    if len(chunks) == 1:
        return [f'         "{chunks[0]}"),'], len(b64)
    return ['         """'] + ["         " + c for c in chunks] + ['         """),'], len(b64)


def swift_file(path, header, enum_name, entries, extra_lines=(), doc=None):
    """Writes `enum <enum_name> { static let vectors: [(name, input, compressed)] }`."""
    lines = list(header) + ["", f"enum {enum_name} {{"]
    lines += [("    " + l) if l else "" for l in extra_lines]
    lines += [
        doc or "    /// (name, the input regenerated in Swift, the compressed stream as base64)",
        "    static let vectors: [(name: String, input: [UInt8], compressed: String)] = [",
    ]
    total = 0
    for name, expr, comp in entries:
        lines.append(f'        ("{name}", {expr},')
        literal, size = base64_literal(comp)
        lines.extend(literal)
        total += size
    lines += ["    ]", "}", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {path} ({total} base64 chars)", file=sys.stderr)


def fixture_file(path, generator, text, entries):
    """Writes a codec vector fixture: {"generator", "text", "vectors": [{"name", "input", "compressed"}]}.

    `entries` are (name, recipe, compressed bytes); a recipe is the list of parts whose
    concatenation is the input, each part a space-separated call the Swift tests evaluate
    ("text", "bytes 41", "randomBytes 3000 7", ...). One vector a line, the stream in base64.
    """
    lines = ["{", "  \"generator\": %s," % json.dumps(generator), "  \"text\": %s," % json.dumps(text),
             "  \"vectors\": ["]
    total = 0
    for i, (name, recipe, comp) in enumerate(entries):
        b64 = base64.b64encode(comp).decode()
        total += len(b64)
        row = json.dumps({"name": name, "input": recipe, "compressed": b64})
        lines.append("    " + row + ("," if i + 1 < len(entries) else ""))
    lines += ["  ]", "}", ""]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    print(f"wrote {path} ({len(entries)} vectors, {total} base64 chars)", file=sys.stderr)


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
