import XCTest
@testable import ParquetCodecs
import TestSupport

/// Builds raw Snappy blocks element by element, including forms encoders rarely emit.
struct SnappyStreamBuilder {
    var bytes: [UInt8] = []
    var expected: [UInt8] = []

    /// A literal; `lengthBytes` 0 puts length-1 in the tag, 1...4 uses tags 60...63.
    mutating func literal(_ data: [UInt8], lengthBytes: Int = 0) {
        let n = data.count - 1
        if lengthBytes == 0 {
            bytes.append(UInt8(n << 2))
        } else {
            bytes.append(UInt8((59 + lengthBytes) << 2))
            for k in 0..<lengthBytes { bytes.append(UInt8(truncatingIfNeeded: n >> (8 * k))) }
        }
        bytes += data
        expected += data
    }

    /// A copy with a 1-, 2- or 4-byte offset (`kind` 1, 2, 3).
    mutating func copy(kind: Int, offset: Int, length: Int) {
        switch kind {
        case 1:
            bytes += [UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5)), UInt8(offset & 0xFF)]
        case 2:
            bytes += [UInt8(2 | ((length - 1) << 2)), UInt8(offset & 0xFF), UInt8(offset >> 8)]
        default:
            bytes += [UInt8(3 | ((length - 1) << 2))]
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: offset >> (8 * k))) }
        }
        if offset >= 1 && offset <= expected.count {
            for _ in 0..<length { expected.append(expected[expected.count - offset]) }
        }
    }

    /// The block: preamble (of `declared`, default the expected length) plus elements.
    func stream(declaring declared: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        var v = UInt64(declared ?? expected.count)
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out + bytes
    }
}

final class SnappyDecoderTests: XCTestCase {
    typealias S = SnappyTestSupport

    func testPreambleLengths() throws {
        func length(_ b: [UInt8]) throws -> Int { try b.withUnsafeBytes { try Snappy.decompressedLength($0) } }
        XCTAssertEqual(try length([0x00]), 0)
        XCTAssertEqual(try length([0x7F]), 127)
        XCTAssertEqual(try length([0xFE, 0xFF, 0x7F]), 2_097_150)
        XCTAssertEqual(try length([0xFF, 0xFF, 0xFF, 0xFF, 0x07]), Int(Int32.max))
        S.assertCorrupt(try length([]), "empty")
        S.assertCorrupt(try length([0x80]), "truncated")
        S.assertCorrupt(try length([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), "UInt32.max > Int32.max")
        S.assertCorrupt(try length([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]), "> 32 bits")
        S.assertCorrupt(try length([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "6-byte varint")
        S.assertCorrupt(try length([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]), "overflow")
    }

    func testLiteralLengthForms() throws {
        var b = SnappyStreamBuilder()
        b.literal(S.randomBytes(60, seed: 1))                        // tag-inline maximum
        b.literal(S.randomBytes(61, seed: 2), lengthBytes: 1)        // tag 60
        b.literal(S.randomBytes(300, seed: 3), lengthBytes: 2)       // tag 61
        b.literal(S.randomBytes(70_000, seed: 4), lengthBytes: 3)    // tag 62
        b.literal(S.randomBytes(5, seed: 5), lengthBytes: 4)         // tag 63, non-minimal
        b.literal(S.randomBytes(1, seed: 6), lengthBytes: 1)
        XCTAssertEqual(try S.decode(b.stream()), b.expected)
        XCTAssertEqual(b.expected.count, 70_427)
    }

    func testAllCopyKindsIncludingFourByteOffsets() throws {
        var b = SnappyStreamBuilder()
        b.literal(Array("abcdefgh".utf8))
        b.copy(kind: 3, offset: 8, length: 20)
        b.copy(kind: 1, offset: 3, length: 11)
        b.copy(kind: 2, offset: 30, length: 64)
        b.literal(S.randomBytes(70_000, seed: 9), lengthBytes: 3)
        b.copy(kind: 3, offset: 70_000, length: 64)     // offset beyond 16 bits
        b.copy(kind: 3, offset: 65_536, length: 1)
        b.copy(kind: 1, offset: 2047, length: 4)
        b.literal([1, 2, 3])
        XCTAssertEqual(Array(b.expected.prefix(28)), Array("abcdefghabcdefghabcdefghabcd".utf8))
        XCTAssertEqual(try S.decode(b.stream()), b.expected)
    }

    func testOverlappingCopiesForSmallOffsets() throws {
        for offset in 1...16 {
            for length in [1, 4, 7, 8, 9, 11, 15, 16, 17, 33, 64] {
                // Once near the start (checked path) and once deep inside (fast path).
                var b = SnappyStreamBuilder()
                b.literal(S.randomBytes(offset, seed: UInt64(offset)))
                b.copy(kind: 2, offset: offset, length: length)
                b.literal(S.randomBytes(200, seed: 99), lengthBytes: 1)
                b.literal(S.randomBytes(offset, seed: UInt64(offset + 50)))
                b.copy(kind: 2, offset: offset, length: length)
                if length >= 4 && length <= 11 { b.copy(kind: 1, offset: offset, length: length) }
                b.copy(kind: 3, offset: offset, length: length)
                b.literal(S.randomBytes(100, seed: 98), lengthBytes: 1)
                XCTAssertEqual(try S.decode(b.stream()), b.expected, "offset \(offset) length \(length)")
            }
        }
    }

    /// Random valid streams of every element kind, compared with the builder's byte-wise model.
    func testRandomElementStreamsMatchModel() throws {
        var rng = SplitMix64(seed: 2024)
        for round in 0..<300 {
            var b = SnappyStreamBuilder()
            b.literal(S.randomBytes(Int(rng.next() % 20) + 1, seed: rng.next()))
            for _ in 0..<Int(rng.next() % 60) {
                switch rng.next() % 6 {
                case 0, 1:
                    let n = Int(rng.next() % (rng.next() % 4 == 0 ? 300 : 20)) + 1
                    let needed = n > 256 ? 2 : 1
                    let lengthBytes = n > 60 ? max(needed, Int(rng.next() % 4) + 1) : 0
                    b.literal(S.randomBytes(n, seed: rng.next()), lengthBytes: lengthBytes)
                case 2:
                    let offset = Int(rng.next() % UInt64(min(b.expected.count, 2047))) + 1
                    b.copy(kind: 1, offset: offset, length: Int(rng.next() % 8) + 4)
                case 3, 4:
                    let offset = Int(rng.next() % UInt64(b.expected.count)) + 1
                    b.copy(kind: 2, offset: min(offset, 65_535), length: Int(rng.next() % 64) + 1)
                default:
                    let offset = Int(rng.next() % UInt64(min(b.expected.count, 16))) + 1
                    b.copy(kind: 3, offset: offset, length: Int(rng.next() % 64) + 1)
                }
            }
            XCTAssertEqual(try S.decode(b.stream()), b.expected, "round \(round)")
        }
    }

    func testEveryTruncationThrows() throws {
        var crafted = SnappyStreamBuilder()
        crafted.literal(S.randomBytes(70, seed: 3), lengthBytes: 1)
        crafted.copy(kind: 3, offset: 70, length: 64)
        crafted.copy(kind: 1, offset: 5, length: 9)
        crafted.literal(S.randomBytes(300, seed: 4), lengthBytes: 2)
        crafted.copy(kind: 2, offset: 1, length: 40)
        var streams = [crafted.stream()]
        for vector in try CodecVectors.snappy.vectors where vector.input.count < 10_000 {
            streams.append(vector.stream)
            streams.append(Snappy.compress(vector.input))
        }
        for stream in streams {
            let full = try S.decode(stream)
            for cut in 0..<stream.count {
                S.assertCorrupt(try Snappy.decompress(Array(stream[..<cut]), expectedLength: full.count),
                                "cut at \(cut) of \(stream.count)")
            }
        }
        // The large vector: a sample of cuts.
        do {
            let large = try CodecVectors.snappy.vector("large")
            let stream = large.stream
            for cut in stride(from: 0, to: stream.count, by: 97) {
                S.assertCorrupt(try Snappy.decompress(Array(stream[..<cut]), expectedLength: large.input.count))
            }
        }
    }

    func testBadOffsetsThrow() {
        // Offset 0 and offset past the output start, on the checked path (near the start)...
        for (kind, offset) in [(1, 0), (2, 0), (3, 0), (1, 2), (2, 2), (3, 2), (3, Int(UInt32.max))] {
            var b = SnappyStreamBuilder()
            b.literal([7])
            b.copy(kind: kind, offset: offset, length: 4)
            S.assertCorrupt(try S.decode(b.stream(declaring: 5)), "kind \(kind) offset \(offset)")
        }
        // ...and on the fast path, far from both ends.
        for (kind, offset) in [(1, 0), (2, 0), (3, 0), (1, 101), (2, 101), (3, 101), (3, 1 << 31)] {
            var b = SnappyStreamBuilder()
            b.literal(S.randomBytes(100, seed: 1), lengthBytes: 1)
            b.copy(kind: kind, offset: offset, length: 4)
            b.literal(S.randomBytes(200, seed: 2), lengthBytes: 1)
            S.assertCorrupt(try S.decode(b.stream(declaring: 304)), "kind \(kind) offset \(offset)")
        }
    }

    func testOverrunsAndLengthMismatchesThrow() throws {
        var ok = SnappyStreamBuilder()
        ok.literal(Array("hello".utf8))
        ok.copy(kind: 1, offset: 5, length: 5)
        let good = ok.stream()
        XCTAssertEqual(try Snappy.decompress(good, expectedLength: 10), Array("hellohello".utf8))
        S.assertCorrupt(try Snappy.decompress(good, expectedLength: 9), "expected length differs")
        S.assertCorrupt(try Snappy.decompress(good, expectedLength: 11), "expected length differs")
        S.assertCorrupt(try Snappy.decompress(good, expectedLength: -1), "negative")
        S.assertCorrupt(try Snappy.decompress(good, expectedLength: Int(Int32.max) + 1), "absurd")
        S.assertCorrupt(try S.decode(ok.stream(declaring: 11)), "output not filled")
        S.assertCorrupt(try S.decode(ok.stream(declaring: 9)), "copy past output end")
        S.assertCorrupt(try S.decode(ok.stream(declaring: 4)), "literal past output end")
        S.assertCorrupt(try S.decode(good + [0x00, 0x41]), "trailing literal past output end")
        S.assertCorrupt(try S.decode(good + [0x01]), "trailing truncated copy")
        S.assertCorrupt(try S.decode([0x0A, 0x24, 1, 2, 3]), "literal past input end")
        S.assertCorrupt(try S.decode([0x00, 0x00]), "bytes after an empty block")
        S.assertCorrupt(try S.decode([0x02, 0xF0]), "truncated literal length")
        S.assertCorrupt(try S.decode([0x02, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x41]), "4-byte literal length past input")
        XCTAssertEqual(try S.decode([0x00]), [])
        // A declared length that does not fit the caller's buffer.
        var small = [UInt8](repeating: 0, count: 9)
        S.assertCorrupt(try good.withUnsafeBytes { src in
            try small.withUnsafeMutableBytes { try Snappy.decompress(src, into: $0) }
        })
    }

    /// Random garbage after a plausible preamble must throw or decode, never trap.
    func testGarbageNeverTraps() {
        var rng = SplitMix64(seed: 77)
        var decoded = 0
        for round in 0..<3000 {
            let length = Int(rng.next() % 400)
            var stream = S.randomBytes(Int(rng.next() % 200), seed: UInt64(round))
            var v = length
            var preamble: [UInt8] = []
            while v >= 0x80 { preamble.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            preamble.append(UInt8(v))
            if round % 3 == 0, !stream.isEmpty { stream[0] = 0x00 }  // start with a literal
            if (try? Snappy.decompress(preamble + stream, expectedLength: length)) != nil { decoded += 1 }
        }
        XCTAssertGreaterThanOrEqual(decoded, 0)
    }
}
