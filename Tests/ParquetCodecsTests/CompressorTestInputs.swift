import XCTest
@testable import ParquetCodecs
import TestSupport

/// Deterministic inputs for the ZSTD and Brotli compressor tests (no Python needed).
enum CompressorTestInputs {
    typealias D = ZstdTestData

    /// English-like text over a small vocabulary, like Parquet string pages.
    static func words(_ n: Int, seed: UInt64) -> [UInt8] {
        let vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "customer", "order", "product", "review",
                          "support", "ticket", "account", "billing", "shipping", "return", "refund", "data",
                          "model", "record", "value", "the", "a", "of", "and"]
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(n + 16)
        while out.count < n {
            let r = rng.next()
            out += Array(vocabulary[Int(r % UInt64(vocabulary.count))].utf8)
            out.append(r & 0x300 == 0 ? 0x2E : 0x20)
        }
        return Array(out.prefix(n))
    }

    /// Little-endian int64 values in a small range (like a PLAIN INT64 page).
    static func integers(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 8)
        for _ in 0..<count {
            let v = rng.next() % 1000
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// The shapes every compressor is checked on: name and bytes.
    static func shapes() -> [(String, [UInt8])] {
        var all: [(String, [UInt8])] = [
            ("empty", []),
            ("one byte", [0x41]),
            ("two bytes", [0x41, 0x42]),
            ("short text", Array("hello hello hello hello, world".utf8)),
            ("random 1000", D.randomBytes(1000, seed: 1)),
            ("random 200k", D.randomBytes(200_000, seed: 2)),
            ("text 5k", words(5000, seed: 3)),
            ("text 300k", words(300_000, seed: 4)),
            ("records 100k", D.records(100_000, seed: 5)),
            ("runs", D.runs()),
            ("zeros 1M", [UInt8](repeating: 0, count: 1 << 20)),
            ("small alphabet 70k", D.smallAlphabet(70_000, modulus: 7, seed: 6)),
            ("integers 40k", integers(40_000, seed: 7)),
            ("periodic 3x100k", D.periodic(100_000, count: 3, seed: 8)),
            ("z inserted", D.zInserted(50_000, every: 37, seed: 9)),
            ("all bytes", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
        ]
        // A block of noise (stored raw), then "Z" and 40-byte pieces of it in order, each
        // followed by "Z": the second block's sequences are all alike (RLE literals, RLE
        // literal and match length codes, one offset repeated).
        let noise = D.randomBytes(131_072, seed: 10)
        var copies = noise + [0x5A]
        for i in 0..<3000 {
            copies += noise[(1 + 41 * i)..<(41 + 41 * i)]
            copies.append(0x5A)
        }
        all.append(("copies with Z", copies))
        var mixed: [UInt8] = []
        for k in 0..<20 {
            switch k % 4 {
            case 0: mixed += words(70_000, seed: UInt64(k))
            case 1: mixed += D.randomBytes(30_000, seed: UInt64(k))
            case 2: mixed += integers(9000, seed: UInt64(k))
            default: mixed += [UInt8](repeating: UInt8(k), count: 5000)
            }
        }
        all.append(("mixed 1.9M", mixed))
        return all
    }
}

