/// CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial `0xEDB88320`), as used by gzip
/// trailers and header CRCs (RFC 1952) and by Parquet page checksums, computed slice-by-8.
package enum CRC32 {
    /// Eight 256-entry tables: `tables[k * 256 + b]` is the CRC of byte `b` followed by `k`
    /// zero bytes.
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            table[b] = crc
        }
        for k in 1..<8 {
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
            var i = 0
            while count &- i >= 8 {
                let lo = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ c
                let hi = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 4, as: UInt32.self))
                c = t[7 &* 256 &+ Int(lo & 0xFF)]
                    ^ t[6 &* 256 &+ Int((lo >> 8) & 0xFF)]
                    ^ t[5 &* 256 &+ Int((lo >> 16) & 0xFF)]
                    ^ t[4 &* 256 &+ Int(lo >> 24)]
                    ^ t[3 &* 256 &+ Int(hi & 0xFF)]
                    ^ t[2 &* 256 &+ Int((hi >> 8) & 0xFF)]
                    ^ t[1 &* 256 &+ Int((hi >> 16) & 0xFF)]
                    ^ t[Int(hi >> 24)]
                i &+= 8
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
