"""Minimal, type-preserving Thrift compact-protocol codec (dev-time helper).

Used to patch Parquet footers (e.g. add an ENUM or BYTE_ARRAY DECIMAL annotation
that pyarrow cannot write, or drop logical types to leave only legacy converted
types) and to read raw page headers.  A struct is a list of ``Field`` objects in
wire order; every value keeps its wire type so re-encoding is byte-faithful.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BOOL_TRUE, BOOL_FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(1, 13)


@dataclass
class Field:
    fid: int
    ttype: int
    value: Any


@dataclass
class TList:
    etype: int
    items: list


class Reader:
    def __init__(self, buf: bytes, pos: int = 0):
        self.buf = buf
        self.pos = pos

    def byte(self) -> int:
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        shift = 0
        out = 0
        while True:
            b = self.byte()
            out |= (b & 0x7F) << shift
            if not b & 0x80:
                return out
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, t: int):
        if t in (BOOL_TRUE, BOOL_FALSE):  # only inside lists: one byte
            return self.byte() == 1
        if t == BYTE:
            b = self.byte()
            return b - 256 if b > 127 else b
        if t in (I16, I32, I64):
            return self.zigzag()
        if t == DOUBLE:
            import struct as _s
            v = _s.unpack_from("<d", self.buf, self.pos)[0]
            self.pos += 8
            return v
        if t == BINARY:
            n = self.varint()
            v = bytes(self.buf[self.pos:self.pos + n])
            self.pos += n
            return v
        if t in (LIST, SET):
            h = self.byte()
            n = h >> 4
            et = h & 0x0F
            if n == 15:
                n = self.varint()
            return TList(et, [self.value(et) for _ in range(n)])
        if t == STRUCT:
            return self.struct()
        raise ValueError(f"unsupported thrift compact type {t} at {self.pos}")

    def struct(self) -> list:
        fields = []
        last = 0
        while True:
            h = self.byte()
            if h == 0:
                return fields
            delta = h >> 4
            t = h & 0x0F
            fid = last + delta if delta else self.zigzag()
            last = fid
            if t == BOOL_TRUE:
                v = True
            elif t == BOOL_FALSE:
                v = False
            else:
                v = self.value(t)
            fields.append(Field(fid, t, v))


class Writer:
    def __init__(self):
        self.out = bytearray()

    def varint(self, n: int):
        while True:
            b = n & 0x7F
            n >>= 7
            if n:
                self.out.append(b | 0x80)
            else:
                self.out.append(b)
                return

    def zigzag(self, n: int):
        self.varint((n << 1) ^ (n >> 63))

    def value(self, t: int, v):
        if t in (BOOL_TRUE, BOOL_FALSE):
            self.out.append(1 if v else 2)  # list element form
        elif t == BYTE:
            self.out.append(v & 0xFF)
        elif t in (I16, I32, I64):
            self.zigzag(v)
        elif t == DOUBLE:
            import struct as _s
            self.out += _s.pack("<d", v)
        elif t == BINARY:
            self.varint(len(v))
            self.out += v
        elif t in (LIST, SET):
            n = len(v.items)
            if n < 15:
                self.out.append((n << 4) | v.etype)
            else:
                self.out.append(0xF0 | v.etype)
                self.varint(n)
            for it in v.items:
                self.value(v.etype, it)
        elif t == STRUCT:
            self.struct(v)
        else:
            raise ValueError(f"unsupported thrift compact type {t}")

    def struct(self, fields: list):
        last = 0
        for f in sorted(fields, key=lambda f: f.fid):
            t = f.ttype
            if t in (BOOL_TRUE, BOOL_FALSE):
                t = BOOL_TRUE if f.value else BOOL_FALSE
            delta = f.fid - last
            if 0 < delta <= 15:
                self.out.append((delta << 4) | t)
            else:
                self.out.append(t)
                self.zigzag(f.fid)
            last = f.fid
            if t not in (BOOL_TRUE, BOOL_FALSE):
                self.value(t, f.value)
        self.out.append(0)


def decode_struct(buf: bytes, pos: int = 0) -> tuple[list, int]:
    r = Reader(buf, pos)
    s = r.struct()
    return s, r.pos


def encode_struct(fields: list) -> bytes:
    w = Writer()
    w.struct(fields)
    return bytes(w.out)


def get(fields: list, fid: int, default=None):
    for f in fields:
        if f.fid == fid:
            return f.value
    return default


def put(fields: list, fid: int, ttype: int, value) -> None:
    """Set (or add) field `fid`."""
    for f in fields:
        if f.fid == fid:
            f.ttype = ttype
            f.value = value
            return
    fields.append(Field(fid, ttype, value))


def drop(fields: list, fid: int) -> None:
    fields[:] = [f for f in fields if f.fid != fid]
