/// One state of a sequence-symbol decoding table: the FSE transition (`nextState` plus
/// `nbBits` bits) and the decoded code's value (`baseValue` plus `extraBits` bits).
struct ZstdSequenceCell: Sendable {
    var baseValue: UInt32 = 0
    var nextState: UInt16 = 0
    var extraBits: UInt8 = 0
    var nbBits: UInt8 = 0
}

/// The three symbol kinds of the sequences section, with their code tables and limits
/// (RFC 8878 §3.1.1.3.2.1).
enum ZstdSequenceKind: Int, Sendable {
    case literalLength = 0
    case offset = 1
    case matchLength = 2

    /// The largest code the kind defines (offsets: this decoder's limit, as in the reference).
    var maxSymbol: Int {
        switch self {
        case .literalLength: 35
        case .offset: 31
        case .matchLength: 52
        }
    }

    /// The largest accuracy log of an FSE-compressed table for the kind.
    var maxLog: Int {
        self == .offset ? 8 : 9
    }

    var name: String {
        switch self {
        case .literalLength: "literal length"
        case .offset: "offset"
        case .matchLength: "match length"
        }
    }

    /// Baseline and extra-bit count of `code` (which must be at most ``maxSymbol``).
    func code(_ code: Int) -> (base: UInt32, bits: UInt8) {
        switch self {
        case .literalLength:
            return (ZstdTables.literalLengthBase[code], ZstdTables.literalLengthBits[code])
        case .matchLength:
            return (ZstdTables.matchLengthBase[code], ZstdTables.matchLengthBits[code])
        case .offset:
            // Offset_Value = (1 << code) + code extra bits.
            return (UInt32(1) &<< UInt32(code), UInt8(code))
        }
    }

    /// The predefined distribution's decoding table (RFC 8878 §3.1.1.3.2.2).
    var predefined: (cells: [ZstdSequenceCell], log: Int) {
        switch self {
        case .literalLength: ZstdTables.predefinedLiteralLengths
        case .offset: ZstdTables.predefinedOffsets
        case .matchLength: ZstdTables.predefinedMatchLengths
        }
    }
}

/// Constant tables of the sequences section.
enum ZstdTables {
    static let literalLengthBase: [UInt32] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
        8192, 16384, 32768, 65536,
    ]
    static let literalLengthBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16,
    ]
    static let matchLengthBase: [UInt32] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
        4099, 8195, 16387, 32771, 65539,
    ]
    static let matchLengthBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
        12, 13, 14, 15, 16,
    ]

    static let literalLengthDefault: [Int16] = [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
        -1, -1, -1, -1,
    ]
    static let matchLengthDefault: [Int16] = [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
        -1, -1, -1, -1, -1,
    ]
    static let offsetDefault: [Int16] = [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ]

    static let predefinedLiteralLengths = predefinedTable(literalLengthDefault, log: 6, kind: .literalLength)
    static let predefinedMatchLengths = predefinedTable(matchLengthDefault, log: 6, kind: .matchLength)
    static let predefinedOffsets = predefinedTable(offsetDefault, log: 5, kind: .offset)

    /// Builds a predefined table; an empty table (never expected) makes its use throw.
    private static func predefinedTable(_ norm: [Int16], log: Int, kind: ZstdSequenceKind) -> (cells: [ZstdSequenceCell], log: Int) {
        let size = 1 << log
        var fse = [ZstdFSECell](repeating: ZstdFSECell(), count: size)
        var cells = [ZstdSequenceCell](repeating: ZstdSequenceCell(), count: size)
        do {
            try norm.withUnsafeBufferPointer { n in
                try fse.withUnsafeMutableBufferPointer { f in
                    try cells.withUnsafeMutableBufferPointer { c in
                        guard let nb = n.baseAddress, let fb = f.baseAddress, let cb = c.baseAddress else { return }
                        try ZstdFSE.buildTable(norm: nb, symbols: n.count, log: log, into: fb)
                        convert(fb, log: log, kind: kind, into: cb)
                    }
                }
            }
        } catch {
            return ([], log)
        }
        return (cells, log)
    }

    /// Turns an FSE table over codes into a sequence table; every symbol must be a valid code.
    static func convert(_ fse: UnsafePointer<ZstdFSECell>, log: Int, kind: ZstdSequenceKind, into cells: UnsafeMutablePointer<ZstdSequenceCell>) {
        let size = 1 &<< log
        var u = 0
        while u < size {
            let f = fse[u]
            let code = kind.code(Int(f.symbol))
            cells[u] = ZstdSequenceCell(baseValue: code.base, nextState: f.baseline, extraBits: code.bits, nbBits: f.nbBits)
            u &+= 1
        }
    }
}
