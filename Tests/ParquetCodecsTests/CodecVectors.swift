import Foundation
import TestSupport

/// One codec vector fixture of `Fixtures/codecs/` (scripts/snappy_vectors.py, gzip_vectors.py,
/// lz4_vectors.py, brotli_vectors.py, encoder_vectors.py), loaded once, its inputs regenerated
/// by `CodecTestInputs.part`. The ZSTD fixture has its own inputs (`ZstdGeneratedVectors`).
struct CodecVectors: Sendable {
    /// cramjam's raw Snappy blocks.
    static let snappy = CodecVectors("snappy.json", count: 6)
    /// zlib's gzip members, zlib and raw DEFLATE streams (and the text the others share).
    static let gzip = CodecVectors("gzip.json", count: 18)
    /// python-lz4's raw blocks and a hand-made one reaching offset 65535.
    static let lz4 = CodecVectors("lz4.json", count: 10)
    /// Hadoop-framed LZ4 pages and a bare block under the LZ4 codec.
    static let lz4Hadoop = CodecVectors("lz4_hadoop.json", count: 5)
    /// python brotli's streams and a hand-made one covering all 121 dictionary transforms.
    static let brotli = CodecVectors("brotli.json", count: 15)
    /// Our encoders' streams as the C libraries decoded them (`CodecVectorFixture.Encoded`).
    static let encoder = CodecVectors("encoder.json", count: 136)

    let name: String
    let count: Int
    let fixture: Result<CodecVectorFixture, any Error>

    init(_ name: String, count: Int) {
        self.name = name
        self.count = count
        fixture = Result { try CodecVectorFixture.load(name, part: CodecTestInputs.part) }
    }

    /// Every vector; throws when the fixture cannot be read or does not hold exactly `count`
    /// vectors, so a loop over them never runs fewer cases than the fixture was made with.
    var vectors: [CodecVectorFixture.Vector] {
        get throws {
            let all = try fixture.get().vectors
            guard all.count == count else {
                throw CodecVectorFixture.FixtureError("\(name) holds \(all.count) vectors, expected \(count)")
            }
            return all
        }
    }

    /// The vector called `vectorName`.
    func vector(_ vectorName: String) throws -> CodecVectorFixture.Vector {
        guard let v = try vectors.first(where: { $0.name == vectorName }) else {
            throw CodecVectorFixture.FixtureError("no vector \(vectorName) in \(name)")
        }
        return v
    }

    /// The fixture's text input (the `text` part of its recipes).
    var text: String { get throws { try fixture.get().text } }
}

extension CodecTestInputs {
    /// One part of a codec fixture recipe (see `CodecVectorFixture`), mirroring the generators of
    /// scripts/common.py, gzip_vectors.py, lz4_vectors.py and brotli_vectors.py; nil for an
    /// unknown call or arguments out of range.
    static func part(_ call: String, _ a: [Int], _ text: String) -> [UInt8]? {
        guard a.allSatisfy({ 0 <= $0 && $0 <= 1 << 24 }) else { return nil }
        switch (call, a.count) {
        case ("text", 0): return Array(text.utf8)
        case ("runs", 0): return SnappyTestSupport.runs()
        case ("windowEdge", 0): return windowEdge()
        case ("windowMax", 0): return windowMax()
        case ("lz4MaxOffset", 0): return lz4MaxOffset()
        case ("farRepeat", 0): return farRepeat()
        case ("randomBytes", 2): return SnappyTestSupport.randomBytes(a[0], seed: UInt64(a[1]))
        case ("letters", 2): return letters(a[0], seed: UInt64(a[1]))
        case ("repeating", 2):
            guard let byte = UInt8(exactly: a[1]) else { return nil }
            return [UInt8](repeating: byte, count: a[0])
        case ("mutatedRepeat", 3):
            guard a[1] > 0 else { return nil }
            return SnappyTestSupport.mutatedRepeat(a[0], chunk: a[1], seed: UInt64(a[2]))
        default: return nil
        }
    }
}
