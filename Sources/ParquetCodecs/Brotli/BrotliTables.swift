/// Constant tables of RFC 7932 (sections 5, 6, 7.1 and 8).
enum BrotliTables {
    /// Insert length codes 0...23: base and extra bits.
    static let insertBase: [Int] = [
        0, 1, 2, 3, 4, 5, 6, 8, 10, 14, 18, 26, 34, 50, 66, 98, 130, 194, 322, 578, 1090, 2114, 6210, 22594,
    ]
    static let insertExtra: [Int] = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 12, 14, 24]
    /// Copy length codes 0...23: base and extra bits.
    static let copyBase: [Int] = [
        2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 18, 22, 30, 38, 54, 70, 102, 134, 198, 326, 582, 1094, 2118,
    ]
    static let copyExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 24]
    /// Block count codes 0...25: base and extra bits.
    static let blockCountBase: [Int] = [
        1, 5, 9, 13, 17, 25, 33, 41, 49, 65, 81, 97, 113, 145, 177, 209, 241, 305, 369, 497, 753, 1265, 2289,
        4337, 8433, 16625,
    ]
    static let blockCountExtra: [Int] = [
        2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 24,
    ]

    /// Insert-and-copy symbol 0...703 → insert code << 8 | copy code << 1 | implicit distance 0.
    static let command: [UInt16] = (0..<704).map { symbol in
        let cell = symbol >> 6
        let insertRanges = [0, 0, 0, 0, 8, 8, 0, 16, 8, 16, 16]
        let copyRanges = [0, 8, 0, 8, 0, 8, 16, 0, 16, 8, 16]
        let insert = insertRanges[cell] + ((symbol >> 3) & 7)
        let copy = copyRanges[cell] + (symbol & 7)
        return UInt16(insert << 8 | copy << 1 | (symbol < 128 ? 1 : 0))
    }

    /// Insert-and-copy symbol 0...703 → its lengths, for the decoder's command loop:
    /// insert base (bits 0...15), insert extra bits (16...23), copy base (24...39), copy extra
    /// bits (40...47) and the implicit-distance-0 flag (bit 48).
    static let commandLengths: [UInt64] = command.map { entry in
        let insertCode = Int(entry >> 8)
        let copyCode = Int((entry >> 1) & 0x7F)
        return UInt64(insertBase[insertCode]) | UInt64(insertExtra[insertCode]) << 16
            | UInt64(copyBase[copyCode]) << 24 | UInt64(copyExtra[copyCode]) << 40
            | UInt64(entry & 1) << 48
    }

    /// Order of the code length code lengths in a complex prefix code.
    static let codeLengthOrder = [1, 2, 3, 4, 0, 5, 17, 6, 16, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    /// The static code for code length code lengths, indexed by the next 4 bits:
    /// value and number of bits (RFC 7932 section 3.5).
    static let codeLengthCodeValue: [Int] = [0, 4, 3, 2, 0, 4, 3, 1, 0, 4, 3, 2, 0, 4, 3, 5]
    static let codeLengthCodeBits: [Int] = [2, 2, 2, 3, 2, 2, 2, 4, 2, 2, 2, 3, 2, 2, 2, 4]

    /// Context lookup tables Lut0, Lut1, Lut2 of section 7.1.
    static let lut0: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 4, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        8, 12, 16, 12, 12, 20, 12, 16, 24, 28, 12, 12, 32, 12, 36, 12,
        44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 32, 32, 24, 40, 28, 12,
        12, 48, 52, 52, 52, 48, 52, 52, 52, 48, 52, 52, 52, 52, 52, 48,
        52, 52, 52, 52, 52, 48, 52, 52, 52, 52, 52, 24, 12, 28, 12, 12,
        12, 56, 60, 60, 60, 56, 60, 60, 60, 56, 60, 60, 60, 60, 60, 56,
        60, 60, 60, 60, 60, 56, 60, 60, 60, 60, 60, 24, 12, 28, 12, 0,
    ] + (0..<64).map { UInt8($0 & 1) } + (0..<64).map { UInt8(2 + ($0 & 1)) }
    static let lut1: [UInt8] = [UInt8](repeating: 0, count: 32) + [
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
        1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1,
        1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0,
    ] + [UInt8](repeating: 0, count: 96) + [UInt8](repeating: 2, count: 32)
    static let lut2: [UInt8] = (0..<256).map { b -> UInt8 in
        switch b {
        case 0: return 0
        case 1...15: return 1
        case 16...63: return 2
        case 64...127: return 3
        case 128...191: return 4
        case 192...239: return 5
        case 240...254: return 6
        default: return 7
        }
    }

    /// Literal context lookup per context mode, flattened: `contextLookup[mode * 512 + p1]`
    /// and `contextLookup[mode * 512 + 256 + p2]` are OR-ed to get the context ID.
    static let contextLookup: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 4 * 512)
        for b in 0..<256 {
            t[b] = UInt8(b & 0x3F)                  // LSB6
            t[512 + b] = UInt8(b >> 2)              // MSB6
            t[1024 + b] = lut0[b]                   // UTF8
            t[1024 + 256 + b] = lut1[b]
            t[1536 + b] = lut2[b] << 3              // Signed
            t[1536 + 256 + b] = lut2[b]
        }
        return t
    }()

    /// Static dictionary: log2 of the word count per length (0 for lengths without words).
    static let dictionaryBits: [Int] = [
        0, 0, 0, 0, 10, 10, 11, 11, 10, 10, 10, 10, 10, 9, 9, 8, 7, 7, 8, 7, 7, 6, 6, 5, 5,
    ]
    /// Offset of the first word of each length in the dictionary.
    static let dictionaryOffsets: [Int] = {
        var offsets = [Int](repeating: 0, count: 26)
        for len in 0..<25 {
            offsets[len + 1] = offsets[len] + (len >= 4 ? len << dictionaryBits[len] : 0)
        }
        return offsets
    }()
    static let dictionarySize = 122_784
}
