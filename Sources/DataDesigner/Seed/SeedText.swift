/// Reading typed values from seed text the way DuckDB's CSV sniffer accepts them (the
/// subset Data Designer users meet): booleans `true/false/t/f/yes/no` (any case), integers
/// without a `+` or leading zeros, decimals and `nan`, ISO dates and date-times (with an
/// optional `Z` or `±HH:MM` offset). Numbers, booleans, dates and date-times may have
/// surrounding spaces.
enum SeedText {
    @inline(__always)
    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == 0x20 || f == 0x09 { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s.removeLast() }
        return s
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func bool(_ raw: ArraySlice<UInt8>) -> Bool? {
        let s = trimmed(raw)
        guard s.count <= 5 else { return nil }
        var lower: [UInt8] = []
        for b in s { lower.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
        switch String(decoding: lower, as: UTF8.self) {
        case "true", "t", "yes": return true
        case "false", "f", "no": return false
        default: return nil
        }
    }

    /// Whether the digits `s` start with a zero that is not the whole integer part.
    private static func hasLeadingZero(_ digits: ArraySlice<UInt8>) -> Bool {
        digits.count > 1 && digits.first == UInt8(ascii: "0")
    }

    /// An integer; `overflow` is set for an integer too large for Int64 (a DOUBLE then).
    static func int(_ raw: ArraySlice<UInt8>, overflow: inout Bool) -> Int64? {
        var s = trimmed(raw)
        var negative = false
        if s.first == UInt8(ascii: "-") { negative = true; s.removeFirst() }
        guard !s.isEmpty, s.allSatisfy(isDigit), !hasLeadingZero(s) else { return nil }
        var value: Int64 = 0
        for b in s {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.subtractingReportingOverflow(Int64(b - 0x30))  // accumulate negatively
            if o1 || o2 { overflow = true; return nil }
            value = a
        }
        if negative { return value }
        guard value != Int64.min else { overflow = true; return nil }
        return -value
    }

    /// A floating-point number (`1.5`, `.5`, `5.`, `1e5`, `-2E-2`, `nan`).
    static func double(_ raw: ArraySlice<UInt8>) -> Double? {
        let s = trimmed(raw)
        if s.count == 3, let f = s.first, f | 0x20 == UInt8(ascii: "n"),
           s[s.startIndex + 1] | 0x20 == UInt8(ascii: "a"), s[s.startIndex + 2] | 0x20 == UInt8(ascii: "n") {
            return .nan
        }
        var i = s.startIndex
        if i < s.endIndex, s[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < s.endIndex, isDigit(s[i]) { i += 1 }
        let intDigits = s[intStart ..< i]
        var digits = intDigits.count
        if hasLeadingZero(intDigits) { return nil }
        if i < s.endIndex, s[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < s.endIndex, isDigit(s[i]) { i += 1 }
            digits += i - fracStart
        }
        guard digits > 0 else { return nil }
        if i < s.endIndex, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            let expStart = i
            while i < s.endIndex, isDigit(s[i]) { i += 1 }
            guard i > expStart else { return nil }
        }
        guard i == s.endIndex else { return nil }
        return Double(String(decoding: s, as: UTF8.self))  // short texts stay inline: no allocation
    }

    private static func number(_ s: ArraySlice<UInt8>, _ from: Int, _ count: Int) -> Int? {
        guard from + count <= s.endIndex else { return nil }
        var v = 0
        for b in s[from ..< from + count] {
            guard isDigit(b) else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }

    /// `YYYY-MM-DD` as days since 1970-01-01.
    static func date(_ raw: ArraySlice<UInt8>) -> Int32? {
        let s = trimmed(raw)
        guard s.count == 10 else { return nil }
        return datePart(s)
    }

    private static func datePart(_ s: ArraySlice<UInt8>) -> Int32? {
        let b = s.startIndex
        guard s.count >= 10, s[b + 4] == UInt8(ascii: "-"), s[b + 7] == UInt8(ascii: "-"),
              let y = number(s, b, 4), let m = number(s, b + 5, 2), let d = number(s, b + 8, 2),
              (1...12).contains(m), d >= 1, d <= DateTimeMath.daysInMonth(Int64(y), m) else { return nil }
        return Int32(truncatingIfNeeded: DateTimeMath.days(year: Int64(y), month: m, day: d))
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` with an optional `Z` / `±HH[:MM]` offset, as
    /// microseconds since 1970-01-01 (UTC when an offset is given; `utc` tells).
    static func timestamp(_ raw: ArraySlice<UInt8>, utc: inout Bool) -> Int64? {
        let s = trimmed(raw)
        guard s.count >= 16, let days = datePart(s) else { return nil }
        var i = s.startIndex + 10
        guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hh = number(s, i, 2), i + 2 < s.endIndex, s[i + 2] == UInt8(ascii: ":"),
              let mm = number(s, i + 3, 2), hh < 24, mm < 60 else { return nil }
        i += 5
        var ss = 0
        var micros: Int64 = 0
        if i < s.endIndex, s[i] == UInt8(ascii: ":") {
            guard let sec = number(s, i + 1, 2), sec < 60 else { return nil }
            ss = sec
            i += 3
            if i < s.endIndex, s[i] == UInt8(ascii: ".") {
                i += 1
                var digits = 0
                while i < s.endIndex, isDigit(s[i]) {
                    if digits < 6 { micros = micros * 10 + Int64(s[i] - 0x30) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits ..< max(digits, 6) { micros *= 10 }
            }
        }
        var offsetSeconds = 0
        utc = false
        if i < s.endIndex {
            if s[i] == UInt8(ascii: "Z") && i + 1 == s.endIndex {
                utc = true
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = number(s, i + 1, 2) else { return nil }
                var om = 0
                var end = i + 3
                if end < s.endIndex {
                    if s[end] == UInt8(ascii: ":") { end += 1 }
                    guard let m = number(s, end, 2) else { return nil }
                    om = m
                    end += 2
                }
                guard end == s.endIndex, oh < 24, om < 60 else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
                utc = true
            } else {
                return nil
            }
        }
        let seconds = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offsetSeconds)
        return seconds * 1_000_000 + micros
    }
}

/// Which types every non-null text value seen so far reads as (DuckDB's sniffing), and the
/// type a column of them gets: the first of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP (naive,
/// or UTC when every value has an offset) that every value reads as, else VARCHAR.
struct SeedSniff {
    enum Kind: Equatable { case bool, int, double, date, timestamp, timestampUTC, string, allNull }

    var canBool: Bool, canInt: Bool, canDouble: Bool, canDate = true, canTimestamp = true, canTimestampUTC = true
    var anyValue = false

    /// `numbers`: whether numbers and booleans are candidates (CSV) or only dates (JSON strings).
    init(numbers: Bool) {
        canBool = numbers
        canInt = numbers
        canDouble = numbers
    }

    mutating func see(_ bytes: ArraySlice<UInt8>) {
        anyValue = true
        if canBool, SeedText.bool(bytes) == nil { canBool = false }
        var isInt = false
        if canInt {
            var overflow = false
            isInt = SeedText.int(bytes, overflow: &overflow) != nil
            if !isInt { canInt = false }
        }
        if canDouble, !isInt, SeedText.double(bytes) == nil { canDouble = false }
        if canDate, SeedText.date(bytes) == nil { canDate = false }
        if canTimestamp || canTimestampUTC {
            var utc = false
            if SeedText.timestamp(bytes, utc: &utc) == nil {
                canTimestamp = false
                canTimestampUTC = false
            } else if utc {
                canTimestamp = false
            } else {
                canTimestampUTC = false
            }
        }
    }

    var chosen: Kind {
        if !anyValue { return .allNull }
        if canBool { return .bool }
        if canInt { return .int }
        if canDouble { return .double }
        if canDate { return .date }
        if canTimestamp { return .timestamp }
        if canTimestampUTC { return .timestampUTC }
        return .string
    }

    /// Whether `bytes` reads as the type these values get (header detection).
    func fits(_ bytes: ArraySlice<UInt8>) -> Bool {
        var overflow = false, utc = false
        switch chosen {
        case .bool: return SeedText.bool(bytes) != nil
        case .int: return SeedText.int(bytes, overflow: &overflow) != nil
        case .double: return SeedText.double(bytes) != nil
        case .date: return SeedText.date(bytes) != nil
        case .timestamp: return SeedText.timestamp(bytes, utc: &utc) != nil && !utc
        case .timestampUTC: return SeedText.timestamp(bytes, utc: &utc) != nil && utc
        case .string, .allNull: return true
        }
    }
}

/// Collects one text column of a seed (CSV fields, or JSON strings) and types it as
/// ``SeedSniff`` says over all its values. An integer column with a null becomes DOUBLE, and
/// a column of nulls only DOUBLE, as pandas turns them.
struct SeedTextColumn {
    var name: String
    var cells = ByteArrayValues()
    var valid: [Bool] = []
    var sniff: SeedSniff

    init(name: String, numbers: Bool) {
        self.name = name
        sniff = SeedSniff(numbers: numbers)
    }

    mutating func append(_ bytes: ArraySlice<UInt8>?) {
        guard let bytes else {
            valid.append(false)
            cells.offsets.append(cells.bytes.count)
            return
        }
        valid.append(true)
        cells.append(bytes)
        sniff.see(bytes)
    }

    var chosen: SeedSniff.Kind { sniff.chosen }

    /// The typed column.
    func build() -> SeedColumn {
        let n = valid.count
        let hasNull = valid.contains(false)
        func each<T>(_ zero: T, _ parse: (ArraySlice<UInt8>) -> T?) -> [T] {
            var out = [T](repeating: zero, count: n)
            for i in 0..<n where valid[i] { out[i] = parse(cells[i]) ?? zero }
            return out
        }
        switch chosen {
        case .allNull:
            return SeedColumn.allNull(name, rows: n)
        case .bool:
            return SeedColumn(name: name, type: .boolean, buffer: .boolean(each(false, SeedText.bool)), valid: valid)
        case .int:
            var overflow = false
            let ints = each(Int64(0)) { SeedText.int($0, overflow: &overflow) }
            if hasNull { return SeedColumn(name: name, type: .double, buffer: .double(ints.map { Double($0) }), valid: valid) }
            return SeedColumn(name: name, type: .int64, buffer: .int64(ints))
        case .double:
            return SeedColumn(name: name, type: .double, buffer: .double(each(0, SeedText.double)), valid: valid)
        case .date:
            return SeedColumn(name: name, type: .date, buffer: .date(each(0, SeedText.date)), valid: valid)
        case .timestamp, .timestampUTC:
            var utc = false
            let values = each(Int64(0)) { SeedText.timestamp($0, utc: &utc) }
            let isUTC = chosen == .timestampUTC
            return SeedColumn(name: name, type: .timestamp(.micros, utc: isUTC), buffer: .timestamp(values, .micros, utc: isUTC), valid: valid)
        case .string:
            return SeedColumn(name: name, type: .string, buffer: .string(cells), valid: valid)
        }
    }
}
