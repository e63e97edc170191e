import XCTest
@testable import ParquetCodecs
import TestSupport

/// Builds Zstandard frames piece by piece, including forms libzstd rarely or never emits.
enum ZstdBuilder {
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// Bits in the order the decoder reads them, packed the way an encoder writes them.
    struct BackwardBits {
        var items: [(value: Int, bits: Int)] = []
        mutating func add(_ value: Int, _ bits: Int) { items.append((value, bits)) }
        var bytes: [UInt8] {
            var out: [UInt8] = []
            var position = 0
            func put(_ bit: Int) {
                if position / 8 == out.count { out.append(0) }
                out[position / 8] |= UInt8(bit << (position % 8))
                position += 1
            }
            for item in items.reversed() {
                for i in 0..<item.bits { put((item.value >> i) & 1) }
            }
            put(1)
            return out
        }
    }

    static func blockHeader(type: Int, size: Int, last: Bool) -> [UInt8] {
        let v = (last ? 1 : 0) | (type << 1) | (size << 3)
        return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF)]
    }

    static func raw(_ data: [UInt8], last: Bool = false) -> [UInt8] {
        blockHeader(type: 0, size: data.count, last: last) + data
    }

    static func rle(_ byte: UInt8, count: Int, last: Bool = false) -> [UInt8] {
        blockHeader(type: 1, size: count, last: last) + [byte]
    }

    static func compressed(_ content: [UInt8], last: Bool = false) -> [UInt8] {
        blockHeader(type: 2, size: content.count, last: last) + content
    }

    /// A raw literals section (1- or 2-byte header).
    static func rawLiterals(_ literals: [UInt8]) -> [UInt8] {
        if literals.count < 32 { return [UInt8(literals.count << 3)] + literals }
        return [UInt8(((literals.count & 0xF) << 4) | 0x04), UInt8(literals.count >> 4)] + literals
    }

    /// A compressed (type 2) or treeless (type 3) literals header with 10-bit sizes.
    static func huffmanLiteralsHeader(type: Int, fourStreams: Bool, regenerated: Int, compressed: Int) -> [UInt8] {
        let v = type | ((fourStreams ? 1 : 0) << 2) | (regenerated << 4) | (compressed << 14)
        return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF)]
    }

    /// A sequences section with `count` (< 128) sequences.
    static func sequences(count: Int, modes: UInt8, tables: [UInt8], bits: BackwardBits) -> [UInt8] {
        [UInt8(count), modes] + tables + bits.bytes
    }

    /// Modes byte with RLE for all three kinds, and with repeat for all three.
    static let allRLE: UInt8 = 0x54
    static let allRepeat: UInt8 = 0xFC

    /// A frame: descriptor, header fields, blocks, and the checksum of `checksumOf` if given.
    static func frame(_ descriptor: UInt8, _ fields: [UInt8], _ blocks: [[UInt8]], checksumOf content: [UInt8]? = nil) -> [UInt8] {
        var out = magic + [descriptor] + fields
        for b in blocks { out += b }
        if let content {
            let h = XXHash64.hash(content)
            for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: h >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// A frame with a 1 KiB window descriptor and no content size.
    static func windowFrame(_ blocks: [[UInt8]], checksumOf content: [UInt8]? = nil) -> [UInt8] {
        frame(content == nil ? 0x00 : 0x04, [0x00], blocks, checksumOf: content)
    }

    /// Appends `length` bytes copied from `offset` back.
    static func copy(_ out: inout [UInt8], offset: Int, length: Int) {
        for _ in 0..<length { out.append(out[out.count - offset]) }
    }
}

final class ZstdDecoderTests: XCTestCase {
    typealias B = ZstdBuilder
    typealias D = ZstdTestData

    func decode(_ bytes: [UInt8], _ expected: Int) throws -> [UInt8] {
        try Zstd.decompress(bytes, expectedLength: expected)
    }

    func testFrameHeaderForms() throws {
        let hello = Array("hello".utf8)
        let body = [B.raw(hello, last: true)]
        XCTAssertEqual(try decode(B.frame(0x20, [5], body), 5), hello, "single segment, 1-byte size")
        XCTAssertEqual(try decode(B.frame(0x00, [0x00], body), 5), hello, "window only")
        XCTAssertEqual(try decode(B.frame(0x04, [0x00], body, checksumOf: hello), 5), hello, "checksum")
        XCTAssertEqual(try decode(B.frame(0x01, [0x00, 0x00], body), 5), hello, "dictionary ID 0")
        XCTAssertEqual(try decode(B.frame(0x13, [0x00, 0, 0, 0, 0], body), 5), hello, "unused bit, 4-byte dictionary ID 0")
        XCTAssertEqual(try decode(B.frame(0xA0, [5, 0, 0, 0], body), 5), hello, "single segment, 4-byte size")
        XCTAssertEqual(try decode(B.frame(0xE0, [5, 0, 0, 0, 0, 0, 0, 0], body), 5), hello, "single segment, 8-byte size")
        let big = [UInt8](repeating: 7, count: 300)
        XCTAssertEqual(try decode(B.frame(0x40, [0x00, 44, 0], [B.rle(7, count: 300, last: true)]), 300), big, "2-byte size + 256")
        assertParquetError(try decode(B.frame(0x40, [0x00, 45, 0], [B.rle(7, count: 300, last: true)]), 300), "size mismatch")
        assertParquetError(try decode(B.frame(0x20, [6], body), 5), "content size above expected length")
        assertParquetError(try decode(B.frame(0x20, [4], body), 5), "content size below what blocks produce")
        assertParquetError(try decode(B.frame(0x08, [0x00], body), 5), "reserved bit")
        assertParquetError(try decode(B.frame(0x01, [0x00, 0x07], body), 5), "dictionary", kind: .unsupported)
        assertParquetError(try decode(B.frame(0x02, [0x00, 0x00, 0x01], body), 5), "dictionary", kind: .unsupported)
        assertParquetError(try decode(B.frame(0x04, [0x00], body, checksumOf: Array("hellp".utf8)), 5), "checksum")
        assertParquetError(try decode(Array(B.frame(0x04, [0x00], body, checksumOf: hello).dropLast()), 5), "truncated checksum")
        assertParquetError(try decode([0x28, 0xB5, 0x2F, 0xFE, 0x20, 5] + body[0], 5), "bad magic")
        assertParquetError(try decode(B.frame(0x20, [5], body) + [0x00], 5), "trailing byte")
        assertParquetError(try decode(B.frame(0x20, [5], [B.blockHeader(type: 3, size: 5, last: true) + hello]), 5), "reserved block type")
        assertParquetError(try decode(B.frame(0x20, [5], [B.raw(hello, last: false)]), 5), "missing last block")
        assertParquetError(try decode([], 0), "empty input")
    }

    func testSkippableFramesAndEmptyFrames() throws {
        let skip: [UInt8] = [0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
        let empty = B.frame(0x20, [0], [B.raw([], last: true)])
        XCTAssertEqual(try decode(skip + empty + skip, 0), [])
        XCTAssertEqual(try decode(empty + empty, 0), [])
        let one = B.frame(0x20, [1], [B.raw([0x41], last: true)])
        XCTAssertEqual(try decode(skip + one + skip + one, 2), [0x41, 0x41])
        XCTAssertEqual(try decode(skip, 0), [], "only a skippable frame")
        assertParquetError(try decode(Array(skip.dropLast()), 0), "skippable frame past the input end")
        assertParquetError(try decode(Array(skip.prefix(6)), 0), "truncated skippable header")
        assertParquetError(try decode(skip + [0x28, 0xB5], 0), "partial magic")
    }

    func testBlockSizeLimits() throws {
        // A 1 KiB window limits blocks to 1 KiB.
        let k = [UInt8](repeating: 1, count: 1024)
        XCTAssertEqual(try decode(B.windowFrame([B.raw(k, last: true)]), 1024), k)
        assertParquetError(try decode(B.windowFrame([B.raw(k + [1], last: true)]), 1025), "raw block over the window")
        assertParquetError(try decode(B.windowFrame([B.rle(1, count: 1025, last: true)]), 1025), "RLE block over the window")
        // 128 KiB is the absolute maximum.
        let max = 128 * 1024
        let window8M: UInt8 = 13 << 3
        XCTAssertEqual(try decode(B.frame(0x00, [window8M], [B.rle(3, count: max, last: true)]), max).count, max)
        assertParquetError(try decode(B.frame(0x00, [window8M], [B.rle(3, count: max + 1, last: true)]), max + 1), "RLE over 128 KiB")
        // Literals beyond the block maximum.
        let lits: [UInt8] = [0x0D, 0x00, 0x02, 0x07, 0x00]  // RLE literals, 20-bit size 8192 > 1 KiB
        assertParquetError(try decode(B.windowFrame([B.compressed(lits, last: true)]), 8192), "literals over the block maximum")
        // A compressed block larger than the window.
        assertParquetError(try decode(B.windowFrame([B.compressed(B.rawLiterals(k) + [0], last: true)]), 1024), "compressed block size")
    }

    /// Repeat offsets across blocks, including every literal-length-0 rule, with RLE modes and
    /// then repeat modes (RFC 8878 §3.1.2.5).
    func testRepeatOffsetsAndRLEAndRepeatModes() throws {
        var expected: [UInt8] = []
        var blocks: [[UInt8]] = []

        // A: 16 literals; ll 8, offset value 8 (offset 5), ml 4. Offsets (5, 1, 4).
        let a = (0..<16).map { UInt8($0) }
        var bits = B.BackwardBits()
        bits.add(0, 3)  // offset code 3: 8 + 0
        blocks.append(B.compressed(B.rawLiterals(a) + B.sequences(count: 1, modes: B.allRLE, tables: [8, 3, 1], bits: bits)))
        expected += a[0..<8]
        B.copy(&expected, offset: 5, length: 4)
        expected += a[8...]

        // B: ll 0 and offset value 1 use Repeated_Offset2 = 1. Offsets (1, 5, 4).
        let bl: [UInt8] = [100, 101, 102, 103]
        blocks.append(B.compressed(B.rawLiterals(bl) + B.sequences(count: 1, modes: B.allRLE, tables: [0, 0, 0], bits: B.BackwardBits())))
        B.copy(&expected, offset: 1, length: 3)
        expected += bl

        // C: ll 2 and offset value 3 use Repeated_Offset3 = 4. Offsets (4, 1, 5).
        bits = B.BackwardBits()
        bits.add(1, 1)  // offset code 1: 2 + 1
        blocks.append(B.compressed(B.rawLiterals([200, 201]) + B.sequences(count: 1, modes: B.allRLE, tables: [2, 1, 0], bits: bits)))
        expected += [200, 201]
        B.copy(&expected, offset: 4, length: 3)

        // A raw block in between changes nothing.
        blocks.append(B.raw([7, 7]))
        expected += [7, 7]

        // D: ll 0 and offset value 3 use Repeated_Offset1 - 1 = 3. Offsets (3, 4, 1).
        blocks.append(B.compressed(B.rawLiterals([]) + B.sequences(count: 1, modes: B.allRLE, tables: [0, 1, 0], bits: bits)))
        B.copy(&expected, offset: 3, length: 3)

        // E: ll 1 and offset value 2 use Repeated_Offset2 = 4. Offsets (4, 3, 1).
        bits = B.BackwardBits()
        bits.add(0, 1)
        blocks.append(B.compressed(B.rawLiterals([50]) + B.sequences(count: 1, modes: B.allRLE, tables: [1, 1, 1], bits: bits)))
        expected += [50]
        B.copy(&expected, offset: 4, length: 4)

        // F: repeat mode reuses E's RLE tables; value 3 (Repeated_Offset3 = 1), then value 2
        // (Repeated_Offset2 = 4); state updates read no bits.
        bits = B.BackwardBits()
        bits.add(1, 1)
        bits.add(0, 1)
        blocks.append(B.compressed(B.rawLiterals([60, 61, 62]) + B.sequences(count: 2, modes: B.allRepeat, tables: [], bits: bits)))
        expected += [60]
        B.copy(&expected, offset: 1, length: 4)
        expected += [61]
        B.copy(&expected, offset: 4, length: 4)
        expected += [62]

        // G: RLE literals and no sequences.
        blocks.append(B.compressed([0x29, 0x55, 0x00], last: true))  // RLE literals, 5-bit size 5
        expected += [UInt8](repeating: 0x55, count: 5)

        let stream = B.windowFrame(blocks, checksumOf: expected)
        let (out, stats) = try D.stats(stream, expected.count)
        XCTAssertEqual(out, expected)
        XCTAssertEqual(stats.modes[0], [0, 5, 0, 1])
        XCTAssertEqual(stats.literals, [6, 1, 0, 0])
        XCTAssertEqual(stats.checksums, 1)
    }

    func testMalformedSequencesThrow() throws {
        let lits = (0..<16).map { UInt8($0) }
        func block(_ modes: UInt8, _ tables: [UInt8], _ bits: B.BackwardBits, count: Int = 1, literals: [UInt8]? = nil) -> [UInt8] {
            B.windowFrame([B.compressed(B.rawLiterals(literals ?? lits) + B.sequences(count: count, modes: modes, tables: tables, bits: bits), last: true)])
        }
        var three = B.BackwardBits()
        three.add(0, 3)
        XCTAssertEqual(try decode(block(B.allRLE, [8, 3, 1], three), 20).count, 20)
        var far = B.BackwardBits()
        far.add(4, 3)  // offset value 12: offset 9 > 8 bytes written
        assertParquetError(try decode(block(B.allRLE, [8, 3, 1], far), 20), "offset beyond output")
        assertParquetError(try decode(block(B.allRLE, [17, 3, 1], three), 25), "literal length beyond literals")
        var one = B.BackwardBits()
        one.add(1, 1)
        assertParquetError(try decode(block(B.allRLE, [0, 1, 0], one, literals: []), 3), "Repeated_Offset1 - 1 = 0")
        assertParquetError(try decode(block(B.allRepeat, [], three), 20), "repeat mode without a previous table")
        assertParquetError(try decode(block(0x55, [8, 3, 1], three), 20), "reserved mode bits")
        assertParquetError(try decode(block(B.allRLE, [36, 3, 1], three), 20), "literal length code 36")
        assertParquetError(try decode(block(B.allRLE, [8, 32, 1], three), 20), "offset code 32")
        assertParquetError(try decode(block(B.allRLE, [8, 3, 53], three), 20), "match length code 53")
        assertParquetError(try decode(block(B.allRLE, [8, 3], three), 20), "missing RLE byte")
        var extra = B.BackwardBits()
        extra.add(0, 3)
        extra.add(1, 2)
        assertParquetError(try decode(block(B.allRLE, [8, 3, 1], extra), 20), "bits left over")
        assertParquetError(try decode(block(B.allRLE, [8, 3, 1], B.BackwardBits()), 20), "bits missing")
        assertParquetError(try decode(block(B.allRLE, [8, 3, 1], three, count: 2), 20), "second sequence without bits")
        // Match length code 52 (65539 + 16 bits) overruns a 1 KiB block.
        var big = B.BackwardBits()
        big.add(0, 3)
        big.add(0, 16)
        assertParquetError(try decode(block(B.allRLE, [8, 3, 52], big), 20), "match beyond the block")
        // Structural errors around the section.
        let frameOf: ([UInt8]) -> [UInt8] = { B.windowFrame([B.compressed($0, last: true)]) }
        assertParquetError(try decode(frameOf(B.rawLiterals(lits)), 16), "no sequences section")
        assertParquetError(try decode(frameOf(B.rawLiterals(lits) + [0, 0]), 16), "stray byte after 0 sequences")
        assertParquetError(try decode(frameOf(B.rawLiterals(lits) + [0x81]), 16), "truncated sequence count")
        assertParquetError(try decode(frameOf(B.rawLiterals(lits) + [0xFF, 0x00]), 16), "truncated sequence count")
        assertParquetError(try decode(frameOf(B.rawLiterals(lits) + [1]), 16), "missing modes byte")
        assertParquetError(try decode(frameOf(B.rawLiterals(lits) + [1, B.allRLE, 8, 3, 1, 0x00]), 16), "zero last byte")
        assertParquetError(try decode(frameOf([0x88] + lits), 17), "raw literals past the block")
        assertParquetError(try decode(frameOf([0x83, 0x40, 0x00, 0x80, 0x00]), 8), "treeless literals without a table")
        XCTAssertEqual(try decode(frameOf(B.rawLiterals(lits) + [0]), 16), lits)
    }

    func testWindowEdge() throws {
        // With 2 KiB written and a 1 KiB window, offset 1024 is allowed and 1025 is not.
        let first = D.randomBytes(1024, seed: 1)
        let second = D.randomBytes(1024, seed: 2)
        func frame(offset: Int) -> [UInt8] {
            var bits = B.BackwardBits()
            bits.add(offset + 3 - 1024, 10)  // offset code 10: 1024 + 10 bits
            let seq = B.rawLiterals([]) + B.sequences(count: 1, modes: B.allRLE, tables: [0, 10, 0], bits: bits)
            return B.windowFrame([B.raw(first), B.raw(second), B.compressed(seq, last: true)])
        }
        var expected = first + second
        B.copy(&expected, offset: 1024, length: 3)
        XCTAssertEqual(try decode(frame(offset: 1024), 2051), expected)
        assertParquetError(try decode(frame(offset: 1025), 2051), "beyond the window")
        // Back-references never reach into a previous frame.
        let previous = B.frame(0x20, [4], [B.raw([1, 2, 3, 4], last: true)])
        var bits = B.BackwardBits()
        bits.add(0, 1)  // offset value 2 with literals: Repeated_Offset2 = 4
        let reaching = B.frame(0x20, [4], [B.compressed(B.rawLiterals([9]) + B.sequences(count: 1, modes: B.allRLE, tables: [1, 1, 0], bits: bits), last: true)])
        assertParquetError(try decode(previous + reaching, 8), "offset into the previous frame")
    }

    func testHandBuiltHuffmanLiterals() throws {
        // Direct weights: 98 weights, all 0 but 'a' (97) = 1; 'b' gets the implied weight 1.
        var tree: [UInt8] = [127 + 98] + [UInt8](repeating: 0, count: 49)
        tree[1 + 48] = 0x01
        func stream(_ text: String) -> [UInt8] {
            var bits = B.BackwardBits()
            for c in text.utf8 { bits.add(c == 0x61 ? 0 : 1, 1) }
            return bits.bytes
        }
        let s1 = stream("abba")
        var block1 = B.huffmanLiteralsHeader(type: 2, fourStreams: false, regenerated: 4, compressed: tree.count + s1.count)
        block1 += tree + s1 + [0]
        let s2 = stream("bab")
        let block2 = B.huffmanLiteralsHeader(type: 3, fourStreams: false, regenerated: 3, compressed: s2.count) + s2 + [0]
        let parts = ["ab", "ba", "aa", "bb"].map(stream)
        let jump: [UInt8] = [1, 0, 1, 0, 1, 0]
        let streams4 = jump + parts.flatMap { $0 }
        let block3 = B.huffmanLiteralsHeader(type: 3, fourStreams: true, regenerated: 8, compressed: streams4.count) + streams4 + [0]
        let good = B.windowFrame([B.compressed(block1), B.compressed(block2), B.compressed(block3, last: true)])
        let (out, stats) = try D.stats(good, 15)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "abbabababbaaabb")
        XCTAssertEqual(stats.directWeights, 1)
        XCTAssertEqual(stats.literals, [0, 0, 1, 2])
        XCTAssertEqual(stats.fourStreamLiterals, 1)

        func single(_ literals: [UInt8], _ regenerated: Int) -> [UInt8] {
            B.windowFrame([B.compressed(literals + [0], last: true)])
        }
        let h = { (n: Int, c: Int) in B.huffmanLiteralsHeader(type: 2, fourStreams: false, regenerated: n, compressed: c) }
        assertParquetError(try decode(single(h(5, tree.count + s1.count) + tree + s1, 5), 5), "stream shorter than declared literals")
        assertParquetError(try decode(single(h(3, tree.count + s1.count) + tree + s1, 3), 3), "stream longer than declared literals")
        var heavy = tree
        heavy[1 + 48] = 0x0C  // weight 12
        assertParquetError(try decode(single(h(4, tree.count + s1.count) + heavy + s1, 4), 4), "weight above 11")
        var lonely = tree
        lonely[1 + 48] = 0x02  // weights 2 and implied 2: no weight 1
        assertParquetError(try decode(single(h(4, tree.count + s1.count) + lonely + s1, 4), 4), "no weight-1 symbol")
        var uneven = tree
        uneven[1 + 48] = 0x13  // weights 1 and 3: total 5, rest 3 is not a power of two
        assertParquetError(try decode(single(h(4, tree.count + s1.count) + uneven + s1, 4), 4), "weights not completing to a power of two")
        assertParquetError(try decode(single(h(4, 20) + Array(tree.prefix(19)), 4), 4), "truncated tree")
        assertParquetError(try decode(single(h(4, 1) + [0x00], 4), 4), "empty FSE weights")
        let badJump: [UInt8] = [9, 0, 1, 0, 1, 0]
        let bad4 = B.huffmanLiteralsHeader(type: 3, fourStreams: true, regenerated: 8, compressed: streams4.count) + badJump + parts.flatMap { $0 } + [0]
        assertParquetError(try decode(B.windowFrame([B.compressed(block1), B.compressed(bad4, last: true)]), 12), "jump table past the section")
        let small4 = B.huffmanLiteralsHeader(type: 3, fourStreams: true, regenerated: 5, compressed: streams4.count) + streams4 + [0]
        assertParquetError(try decode(B.windowFrame([B.compressed(block1), B.compressed(small4, last: true)]), 9), "4 streams for 5 literals")
    }

    func testPredefinedTablesMatchTheRFC() {
        func check(_ kind: ZstdSequenceKind, _ state: Int, symbol: Int, bits: UInt8, base: UInt16) {
            let table = kind.predefined.cells
            XCTAssertEqual(table.count, kind == .offset ? 32 : 64)
            XCTAssertEqual(table[state].baseValue, kind.code(symbol).base, "\(kind) state \(state)")
            XCTAssertEqual(table[state].nbBits, bits, "\(kind) state \(state)")
            XCTAssertEqual(table[state].nextState, base, "\(kind) state \(state)")
        }
        check(.literalLength, 0, symbol: 0, bits: 4, base: 0)
        check(.literalLength, 2, symbol: 1, bits: 5, base: 32)
        check(.literalLength, 10, symbol: 14, bits: 6, base: 0)
        check(.literalLength, 39, symbol: 25, bits: 4, base: 16)
        check(.literalLength, 63, symbol: 32, bits: 6, base: 0)
        check(.matchLength, 0, symbol: 0, bits: 6, base: 0)
        check(.matchLength, 22, symbol: 1, bits: 4, base: 16)
        check(.matchLength, 44, symbol: 1, bits: 4, base: 48)
        check(.matchLength, 57, symbol: 52, bits: 6, base: 0)
        check(.offset, 1, symbol: 6, bits: 4, base: 0)
        check(.offset, 15, symbol: 7, bits: 4, base: 16)
        check(.offset, 27, symbol: 28, bits: 5, base: 0)
        check(.offset, 31, symbol: 24, bits: 5, base: 0)
    }

    func testFSEDistributionLimits() throws {
        var norm = [Int16](repeating: 0, count: 256)
        func read(_ bytes: [UInt8], maxSymbol: Int = 35, maxLog: Int = 9) throws -> (log: Int, symbols: Int, size: Int) {
            let padded = bytes + [0]  // never empty, so the base address exists
            return try padded.withUnsafeBytes { src in
                try norm.withUnsafeMutableBufferPointer { n in
                    guard let s = src.baseAddress, let nb = n.baseAddress else { throw ParquetError.corrupt("no memory") }
                    return try ZstdFSE.readDistribution(s, count: bytes.count, maxSymbol: maxSymbol, maxLog: maxLog, norm: nb, what: "test")
                }
            }
        }
        assertParquetError(try read([0x05], maxLog: 9), "log 10 above 9")
        assertParquetError(try read([0x04], maxLog: 8), "log 9 above 8")
        assertParquetError(try read([]), "empty description")
        assertParquetError(try read([0x00]), "truncated description")
        // A complete description: log 5, symbol 0 with probability 32 (value 33). With 33 values
        // left and threshold 32, codes below 30 take 5 bits; value 33 is the 6-bit code 63.
        let v = 63 << 4
        let r = try read([UInt8(v & 0xFF), UInt8(v >> 8)])
        XCTAssertEqual(r.log, 5)
        XCTAssertEqual(r.symbols, 1)
        XCTAssertEqual(r.size, 2)
        XCTAssertEqual(norm[0], 32)
        // Symbol 0 takes 31 (value 32: 6-bit code 32 + 30 = 62), symbol 1 the last one (value 2).
        // Then 2 values remain: threshold 2, small = 1, so value 2 is the 2-bit code 3.
        let w = (62 << 4) | (3 << 10)
        let r2 = try read([UInt8(w & 0xFF), UInt8(w >> 8)])
        XCTAssertEqual(r2.symbols, 2)
        XCTAssertEqual(Array(norm[0..<2]), [31, 1])
        assertParquetError(try read([UInt8(w & 0xFF), UInt8(w >> 8)], maxSymbol: 0), "symbol beyond the maximum")
        // Probabilities short of the table: symbol 0 takes 30, then the description ends.
        assertParquetError(try read([UInt8((61 << 4) & 0xFF), UInt8(61 >> 4)]), "incomplete distribution")
    }

    func testXXHash64KnownValues() {
        XCTAssertEqual(XXHash64.hash([]), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual(XXHash64.hash(Array("a".utf8)), 0xD24E_C4F1_A98C_6E5B)
        XCTAssertEqual(XXHash64.hash(Array("abc".utf8)), 0x44BC_2CF5_AD77_0999)
        XCTAssertEqual(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)), 0xFBCE_A83C_8A37_8BF1)
        let bytes = (0..<768).map { UInt8($0 & 0xFF) }
        XCTAssertEqual(XXHash64.hash(bytes), 0x8E03_C838_C596_036F)
        XCTAssertEqual(XXHash64.hash(bytes, seed: 0x9E37_79B1), 0x8E06_C6A0_27F6_B435)
        XCTAssertEqual(XXHash64.hash([], seed: 0x9E37_79B1), 0xAC75_FDA2_929B_17EF)
    }
}
