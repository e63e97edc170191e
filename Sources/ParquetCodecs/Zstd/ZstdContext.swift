/// Counts of the stream features a decode met (for tests and diagnostics).
struct ZstdStats: Equatable, Sendable {
    var frames = 0
    var skippableFrames = 0
    /// Blocks by type: raw, RLE, compressed.
    var blocks = [0, 0, 0]
    /// Literals sections by type: raw, RLE, compressed, treeless.
    var literals = [0, 0, 0, 0]
    /// Huffman-coded literals sections using four streams.
    var fourStreamLiterals = 0
    /// Huffman tree descriptions with direct (4-bit) and FSE-compressed weights.
    var directWeights = 0
    var fseWeights = 0
    /// Sequence table modes (predefined, RLE, FSE, repeat), by ``ZstdSequenceKind`` raw value.
    var modes = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    var sequences = 0
    var checksums = 0
}

/// Decoder state shared by the blocks of a frame: the literals buffer, the Huffman table kept
/// for treeless literals, the three sequence tables kept for repeat mode, and scratch space.
///
/// All buffers are allocated once per ``Zstd/decompress(_:expectedLength:)`` call, with
/// fixed sizes (the literals buffer is bounded by the block maximum and the expected length).
final class ZstdContext {
    /// Extra bytes after the literals, so that literal copies may move 16-byte chunks.
    static let literalSlack = 32
    static let huffmanMaxBits = 11

    /// Decoded literals of the current block, plus ``literalSlack`` zeroed bytes.
    let literals: UnsafeMutablePointer<UInt8>
    /// The most literals one block may hold here.
    let literalCapacity: Int

    /// Huffman decoding table: `symbol << 8 | bitCount`, `1 << huffmanBits` entries.
    let huffman: UnsafeMutablePointer<UInt16>
    var huffmanBits = 0
    var hasHuffman = false

    /// Sequence tables, indexed by ``ZstdSequenceKind`` raw value.
    let sequenceTables: [UnsafeMutablePointer<ZstdSequenceCell>]
    var sequenceLogs = [0, 0, 0]
    var hasSequenceTable = [false, false, false]

    /// Scratch: normalized counts and an FSE table (also used for Huffman weights).
    let norm: UnsafeMutablePointer<Int16>
    let fseScratch: UnsafeMutablePointer<ZstdFSECell>
    /// Scratch: Huffman weights.
    let weights: UnsafeMutablePointer<UInt8>

    /// What the decode met so far.
    var stats = ZstdStats()

    /// Repeat offsets (RFC 8878 §3.1.2.5).
    var repeatOffsets = (1, 4, 8)

    init(literalCapacity: Int) {
        self.literalCapacity = literalCapacity
        let literalBytes = literalCapacity &+ ZstdContext.literalSlack
        literals = .allocate(capacity: literalBytes)
        literals.initialize(repeating: 0, count: literalBytes)
        huffman = .allocate(capacity: 1 << ZstdContext.huffmanMaxBits)
        huffman.initialize(repeating: 0, count: 1 << ZstdContext.huffmanMaxBits)
        var tables: [UnsafeMutablePointer<ZstdSequenceCell>] = []
        for _ in 0..<3 {
            let table = UnsafeMutablePointer<ZstdSequenceCell>.allocate(capacity: 1 << ZstdFSE.maxAccuracyLog)
            table.initialize(repeating: ZstdSequenceCell(), count: 1 << ZstdFSE.maxAccuracyLog)
            tables.append(table)
        }
        sequenceTables = tables
        norm = .allocate(capacity: 256)
        norm.initialize(repeating: 0, count: 256)
        fseScratch = .allocate(capacity: 1 << ZstdFSE.maxAccuracyLog)
        fseScratch.initialize(repeating: ZstdFSECell(), count: 1 << ZstdFSE.maxAccuracyLog)
        weights = .allocate(capacity: 256)
        weights.initialize(repeating: 0, count: 256)
    }

    deinit {
        literals.deallocate()
        huffman.deallocate()
        for table in sequenceTables { table.deallocate() }
        norm.deallocate()
        fseScratch.deallocate()
        weights.deallocate()
    }

    /// Forgets everything a previous frame left behind.
    func startFrame() {
        hasHuffman = false
        hasSequenceTable = [false, false, false]
        repeatOffsets = (1, 4, 8)
    }
}
