/// The Brotli static dictionary (RFC 7932 section 8) and its 121 word transforms (appendix B).
enum BrotliDictionary {
    /// The 122,784 dictionary bytes, decoded once from ``BrotliDictionaryData``; nil if the
    /// embedded data is damaged (then dictionary references throw `.unsupported`).
    static let bytes: [UInt8]? = {
        guard let data = Base64.decode(BrotliDictionaryData.base64),
              data.count == BrotliTables.dictionarySize
        else { return nil }
        return data
    }()

    /// Elementary transform kinds: 0 identity, 1 ferment first, 2 ferment all, 3...11 omit
    /// the first 1...9 bytes, 12...20 omit the last 1...9 bytes.
    static let transforms: [(prefix: [UInt8], kind: Int, suffix: [UInt8])] = transformTable.map {
        (Array($0.0.utf8), $0.1, Array($0.2.utf8))
    }

    /// Writes transform `id` of `word` at `out`, which has room for `room` bytes. Returns the
    /// number of bytes written, or nil when the result would not fit.
    static func transform(
        _ id: Int, word: UnsafePointer<UInt8>, length: Int,
        into out: UnsafeMutablePointer<UInt8>, room: Int
    ) -> Int? {
        let t = transforms[id]
        var start = 0
        var end = length
        if t.kind >= 3 && t.kind <= 11 {
            start = min(t.kind - 2, length)
        } else if t.kind >= 12 {
            end = max(length - (t.kind - 11), 0)
        }
        let wordLength = end - start
        let total = t.prefix.count + wordLength + t.suffix.count
        guard total <= room else { return nil }
        var o = 0
        for b in t.prefix { out[o] = b; o += 1 }
        let wordStart = o
        for i in start..<end { out[o] = word[i]; o += 1 }
        if t.kind == 1 {
            if wordLength > 0 { _ = ferment(out + wordStart, wordLength) }
        } else if t.kind == 2 {
            var i = 0
            while i < wordLength {
                i += ferment(out + wordStart + i, wordLength - i)
            }
        }
        for b in t.suffix { out[o] = b; o += 1 }
        return o
    }

    /// The upper-casing step of RFC 7932 section 8 applied at `p` (with `n` bytes left);
    /// returns how many bytes the character occupies (1...3).
    static func ferment(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        if p[0] < 192 {
            if p[0] >= 97 && p[0] <= 122 { p[0] ^= 32 }
            return 1
        }
        if p[0] < 224 {
            if n > 1 { p[1] ^= 32 }
            return 2
        }
        if n > 2 { p[2] ^= 5 }
        return 3
    }

    /// (prefix, elementary transform, suffix) for transform IDs 0...120.
    static let transformTable: [(String, Int, String)] = [
        ("", 0, ""),  // 0
        ("", 0, " "),  // 1
        (" ", 0, " "),  // 2
        ("", 3, ""),  // 3
        ("", 1, " "),  // 4
        ("", 0, " the "),  // 5
        (" ", 0, ""),  // 6
        ("s ", 0, " "),  // 7
        ("", 0, " of "),  // 8
        ("", 1, ""),  // 9
        ("", 0, " and "),  // 10
        ("", 4, ""),  // 11
        ("", 12, ""),  // 12
        (", ", 0, " "),  // 13
        ("", 0, ", "),  // 14
        (" ", 1, " "),  // 15
        ("", 0, " in "),  // 16
        ("", 0, " to "),  // 17
        ("e ", 0, " "),  // 18
        ("", 0, "\""),  // 19
        ("", 0, "."),  // 20
        ("", 0, "\">"),  // 21
        ("", 0, "\n"),  // 22
        ("", 14, ""),  // 23
        ("", 0, "]"),  // 24
        ("", 0, " for "),  // 25
        ("", 5, ""),  // 26
        ("", 13, ""),  // 27
        ("", 0, " a "),  // 28
        ("", 0, " that "),  // 29
        (" ", 1, ""),  // 30
        ("", 0, ". "),  // 31
        (".", 0, ""),  // 32
        (" ", 0, ", "),  // 33
        ("", 6, ""),  // 34
        ("", 0, " with "),  // 35
        ("", 0, "'"),  // 36
        ("", 0, " from "),  // 37
        ("", 0, " by "),  // 38
        ("", 7, ""),  // 39
        ("", 8, ""),  // 40
        (" the ", 0, ""),  // 41
        ("", 15, ""),  // 42
        ("", 0, ". The "),  // 43
        ("", 2, ""),  // 44
        ("", 0, " on "),  // 45
        ("", 0, " as "),  // 46
        ("", 0, " is "),  // 47
        ("", 18, ""),  // 48
        ("", 12, "ing "),  // 49
        ("", 0, "\n\t"),  // 50
        ("", 0, ":"),  // 51
        (" ", 0, ". "),  // 52
        ("", 0, "ed "),  // 53
        ("", 11, ""),  // 54
        ("", 9, ""),  // 55
        ("", 17, ""),  // 56
        ("", 0, "("),  // 57
        ("", 1, ", "),  // 58
        ("", 19, ""),  // 59
        ("", 0, " at "),  // 60
        ("", 0, "ly "),  // 61
        (" the ", 0, " of "),  // 62
        ("", 16, ""),  // 63
        ("", 20, ""),  // 64
        (" ", 1, ", "),  // 65
        ("", 1, "\""),  // 66
        (".", 0, "("),  // 67
        ("", 2, " "),  // 68
        ("", 1, "\">"),  // 69
        ("", 0, "=\""),  // 70
        (" ", 0, "."),  // 71
        (".com/", 0, ""),  // 72
        (" the ", 0, " of the "),  // 73
        ("", 1, "'"),  // 74
        ("", 0, ". This "),  // 75
        ("", 0, ","),  // 76
        (".", 0, " "),  // 77
        ("", 1, "("),  // 78
        ("", 1, "."),  // 79
        ("", 0, " not "),  // 80
        (" ", 0, "=\""),  // 81
        ("", 0, "er "),  // 82
        (" ", 2, " "),  // 83
        ("", 0, "al "),  // 84
        (" ", 2, ""),  // 85
        ("", 0, "='"),  // 86
        ("", 2, "\""),  // 87
        ("", 1, ". "),  // 88
        (" ", 0, "("),  // 89
        ("", 0, "ful "),  // 90
        (" ", 1, ". "),  // 91
        ("", 0, "ive "),  // 92
        ("", 0, "less "),  // 93
        ("", 2, "'"),  // 94
        ("", 0, "est "),  // 95
        (" ", 1, "."),  // 96
        ("", 2, "\">"),  // 97
        (" ", 0, "='"),  // 98
        ("", 1, ","),  // 99
        ("", 0, "ize "),  // 100
        ("", 2, "."),  // 101
        ("\u{A0}", 0, ""),  // 102
        (" ", 0, ","),  // 103
        ("", 1, "=\""),  // 104
        ("", 2, "=\""),  // 105
        ("", 0, "ous "),  // 106
        ("", 2, ", "),  // 107
        ("", 1, "='"),  // 108
        (" ", 1, ","),  // 109
        (" ", 2, "=\""),  // 110
        (" ", 2, ", "),  // 111
        ("", 2, ","),  // 112
        ("", 2, "("),  // 113
        ("", 2, ". "),  // 114
        (" ", 2, "."),  // 115
        ("", 2, "='"),  // 116
        (" ", 2, ". "),  // 117
        (" ", 1, "=\""),  // 118
        (" ", 2, "='"),  // 119
        (" ", 1, "='"),  // 120
    ]
}
