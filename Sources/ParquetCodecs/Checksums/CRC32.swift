/// CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial `0xEDB88320`), as used by gzip
/// trailers and header CRCs (RFC 1952) and by Parquet page checksums, computed slice-by-16.
package enum CRC32 {
    /// Sixteen 256-entry tables: `tables[k * 256 + b]` is the CRC of byte `b` followed by `k`
    /// zero bytes.
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 16 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            table[b] = crc
        }
        for k in 1..<16 {
            for b in 0..<256 {
                let previous = table[(k - 1) * 256 + b]
                table[k * 256 + b] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC-32 of `bytes`, continuing from `crc` (the CRC of the bytes before; 0 to start).
    package static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        guard let base = bytes.baseAddress else { return crc }
        let count = bytes.count
        tables.withUnsafeBufferPointer { t in
            @inline(__always) func lookup(_ table: Int, _ word: UInt32, _ shift: UInt32) -> UInt32 {
                t[table &* 256 &+ Int((word >> shift) & 0xFF)]
            }
            var i = 0
            while count &- i >= 16 {
                let w0 = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ c
                let w1 = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 4, as: UInt32.self))
                let w2 = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt32.self))
                let w3 = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 12, as: UInt32.self))
                let a = lookup(15, w0, 0) ^ lookup(14, w0, 8) ^ lookup(13, w0, 16) ^ lookup(12, w0, 24)
                let b = lookup(11, w1, 0) ^ lookup(10, w1, 8) ^ lookup(9, w1, 16) ^ lookup(8, w1, 24)
                let d = lookup(7, w2, 0) ^ lookup(6, w2, 8) ^ lookup(5, w2, 16) ^ lookup(4, w2, 24)
                let e = lookup(3, w3, 0) ^ lookup(2, w3, 8) ^ lookup(1, w3, 16) ^ lookup(0, w3, 24)
                c = a ^ b ^ d ^ e
                i &+= 16
            }
            while i < count {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                c = t[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8)
                i &+= 1
            }
        }
        return ~c
    }
}

/// Adler-32 (RFC 1950), the checksum of zlib-wrapped DEFLATE streams.
enum Adler32 {
    /// The Adler-32 of `bytes`, continuing from `adler` (1 to start).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing adler: UInt32 = 1) -> UInt32 {
        var a = adler & 0xFFFF
        var b = adler >> 16
        guard let base = bytes.baseAddress else { return adler }
        var i = 0
        let count = bytes.count
        while i < count {
            // 5552 is the largest n with 255 n (n + 1) / 2 + (n + 1) (65520) < 2^32.
            let end = i &+ min(5552, count &- i)
            while i < end {
                a &+= UInt32(base.load(fromByteOffset: i, as: UInt8.self))
                b &+= a
                i &+= 1
            }
            a %= 65521
            b %= 65521
        }
        return (b << 16) | a
    }
}
