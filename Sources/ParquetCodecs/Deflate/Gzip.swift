/// Parquet's `GZIP` codec: DEFLATE data (RFC 1951) in the gzip member format (RFC 1952).
///
/// Accepted inputs, chosen by the first bytes:
/// - one or more gzip members (`1f 8b`) back to back; each member's header flags (FTEXT,
///   FHCRC, FEXTRA, FNAME, FCOMMENT) are honoured, its header CRC (when present), CRC-32 and
///   ISIZE are checked, and nothing may follow the last member;
/// - a zlib stream (RFC 1950: a valid CMF/FLG pair with method 8), whose Adler-32 is checked
///   (preset dictionaries are `.unsupported`);
/// - otherwise raw DEFLATE data filling the whole input.
///
/// The output is exactly `expectedLength` bytes; anything else is `.corrupt`.
public enum Gzip {
    /// The largest uncompressed length the decoder accepts (`Int32.max`).
    public static let maxDecompressedLength = Int(Int32.max)

    /// Decompresses a gzip (or zlib, or raw DEFLATE) page body whose uncompressed length is
    /// known in advance. Allocates at most `expectedLength` bytes.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a malformed, truncated or trailing-garbage
    ///   stream, a checksum or size mismatch, or output that does not fill exactly
    ///   `expectedLength` bytes; `.unsupported` for zlib preset dictionaries and gzip
    ///   compression methods other than DEFLATE.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0, expectedLength <= maxDecompressedLength else {
            throw ParquetError.corrupt("gzip: expected length \(expectedLength) is out of range")
        }
        guard let src = input.baseAddress, input.count > 0 else {
            throw ParquetError.corrupt("gzip: empty input")
        }
        // DEFLATE expands by at most 1032 to one (258 bytes from a 2-bit length/distance
        // pair); a larger expected length is refused before it is allocated.
        guard expectedLength <= input.count &* 1032 else {
            throw ParquetError.corrupt("gzip: \(input.count) compressed bytes cannot expand to the expected \(expectedLength) bytes")
        }
        return try [UInt8](unsafeUninitializedCapacity: expectedLength) { buffer, initialized in
            initialized = 0
            var scratch: UInt8 = 0
            try withUnsafeMutableBytes(of: &scratch) { scratchRaw in
                let dst = UnsafeMutableRawBufferPointer(buffer).baseAddress ?? scratchRaw.baseAddress
                guard let dst else { throw ParquetError.corrupt("gzip: no output memory") }
                var decoder = DeflateDecoder(src: src, srcCount: input.count, dst: dst, dstCount: expectedLength)
                try decodeContainer(&decoder)
                guard decoder.op == expectedLength else {
                    throw ParquetError.corrupt("gzip: stream holds \(decoder.op) bytes, expected \(expectedLength)")
                }
            }
            initialized = expectedLength
        }
    }

    /// Convenience overload of `decompress(_:expectedLength:)` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    static func decodeContainer(_ d: inout DeflateDecoder) throws {
        let count = d.srcCount
        if count >= 2, byte(d, 0) == 0x1F, byte(d, 1) == 0x8B {
            var at = 0
            repeat {
                at = try member(&d, at: at)
            } while at < count
            return
        }
        if count >= 2, isZlibHeader(byte(d, 0), byte(d, 1)) {
            guard byte(d, 1) & 0x20 == 0 else {
                throw ParquetError.unsupported("gzip: zlib stream with a preset dictionary is not supported")
            }
            let end = try d.inflate(from: 2)
            guard count &- end >= 4 else {
                throw ParquetError.corrupt("gzip: truncated zlib Adler-32 trailer")
            }
            let stored = UInt32(byte(d, end)) << 24 | UInt32(byte(d, end &+ 1)) << 16
                | UInt32(byte(d, end &+ 2)) << 8 | UInt32(byte(d, end &+ 3))
            let actual = Adler32.checksum(UnsafeRawBufferPointer(start: d.dst, count: d.op))
            guard stored == actual else {
                throw ParquetError.corrupt("gzip: zlib Adler-32 mismatch (stored \(hex(stored)), computed \(hex(actual)))")
            }
            guard end &+ 4 == count else {
                throw ParquetError.corrupt("gzip: \(count &- end &- 4) trailing bytes after the zlib stream")
            }
            return
        }
        let end = try d.inflate(from: 0)
        guard end == count else {
            throw ParquetError.corrupt("gzip: \(count &- end) trailing bytes after the raw deflate stream")
        }
    }

    /// CMF/FLG of RFC 1950: method 8, window at most 32 KiB, header check multiple of 31.
    static func isZlibHeader(_ cmf: UInt8, _ flg: UInt8) -> Bool {
        cmf & 0x0F == 8 && cmf >> 4 <= 7 && (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0
    }

    /// Decodes the gzip member starting at input byte `start`; returns the offset past it.
    static func member(_ d: inout DeflateDecoder, at start: Int) throws -> Int {
        let count = d.srcCount
        guard count &- start >= 10 else {
            throw ParquetError.corrupt("gzip: truncated member header at input offset \(start)")
        }
        guard byte(d, start) == 0x1F, byte(d, start &+ 1) == 0x8B else {
            throw ParquetError.corrupt("gzip: trailing bytes after the last member at input offset \(start)")
        }
        guard byte(d, start &+ 2) == 8 else {
            throw ParquetError.unsupported("gzip: compression method \(byte(d, start &+ 2)) is not supported")
        }
        let flags = byte(d, start &+ 3)
        guard flags & 0xE0 == 0 else {
            throw ParquetError.corrupt("gzip: reserved header flags set (\(flags))")
        }
        var at = start &+ 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard count &- at >= 2 else { throw ParquetError.corrupt("gzip: truncated FEXTRA length") }
            let xlen = Int(byte(d, at)) | Int(byte(d, at &+ 1)) << 8
            at &+= 2
            guard xlen <= count &- at else { throw ParquetError.corrupt("gzip: truncated FEXTRA field") }
            at &+= xlen
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT
            while true {
                guard at < count else {
                    throw ParquetError.corrupt("gzip: unterminated \(flag == 0x08 ? "file name" : "comment") in header")
                }
                at &+= 1
                if byte(d, at &- 1) == 0 { break }
            }
        }
        if flags & 0x02 != 0 {  // FHCRC
            guard count &- at >= 2 else { throw ParquetError.corrupt("gzip: truncated header CRC") }
            let stored = UInt16(byte(d, at)) | UInt16(byte(d, at &+ 1)) << 8
            let actual = UInt16(truncatingIfNeeded: CRC32.checksum(UnsafeRawBufferPointer(start: d.src + start, count: at &- start)))
            guard stored == actual else {
                throw ParquetError.corrupt("gzip: header CRC mismatch (stored \(stored), computed \(actual))")
            }
            at &+= 2
        }
        let outStart = d.op
        let end = try d.inflate(from: at)
        guard count &- end >= 8 else {
            throw ParquetError.corrupt("gzip: truncated member trailer")
        }
        let storedCRC = le32(d, end)
        let storedSize = le32(d, end &+ 4)
        let produced = d.op &- outStart
        let actualCRC = CRC32.checksum(UnsafeRawBufferPointer(start: d.dst + outStart, count: produced))
        guard storedCRC == actualCRC else {
            throw ParquetError.corrupt("gzip: CRC-32 mismatch (stored \(hex(storedCRC)), computed \(hex(actualCRC)))")
        }
        guard storedSize == UInt32(truncatingIfNeeded: produced) else {
            throw ParquetError.corrupt("gzip: ISIZE \(storedSize) does not match the \(produced) decoded bytes")
        }
        return end &+ 8
    }

    @inline(__always)
    static func byte(_ d: DeflateDecoder, _ i: Int) -> UInt8 {
        d.src.load(fromByteOffset: i, as: UInt8.self)
    }

    static func le32(_ d: DeflateDecoder, _ i: Int) -> UInt32 {
        UInt32(byte(d, i)) | UInt32(byte(d, i &+ 1)) << 8 | UInt32(byte(d, i &+ 2)) << 16 | UInt32(byte(d, i &+ 3)) << 24
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
