/// A compiled strftime pattern (`convert_to` of datetime and timedelta columns), formatting
/// naive datetimes the way pandas' `Series.dt.strftime` does on Linux (C locale): every glibc
/// directive (`%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P %r %R %s
/// %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%`) plus Python's `%f`; `%z` and `%Z` give nothing
/// (values are naive), an unknown directive is copied as is.
struct StrftimePattern {
    private enum Token {
        case literal([UInt8])
        case directive(UInt8)
    }

    private let tokens: [Token]

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"]

    private static let expansions: [UInt8: String] = [
        UInt8(ascii: "F"): "%Y-%m-%d", UInt8(ascii: "T"): "%H:%M:%S", UInt8(ascii: "D"): "%m/%d/%y",
        UInt8(ascii: "R"): "%H:%M", UInt8(ascii: "c"): "%a %b %e %H:%M:%S %Y", UInt8(ascii: "x"): "%m/%d/%y",
        UInt8(ascii: "X"): "%H:%M:%S", UInt8(ascii: "r"): "%I:%M:%S %p", UInt8(ascii: "h"): "%b",
    ]
    private static let known = Set("YymdeHIMSpPjaAbBuwCgGkl sUVWfnt".utf8)

    init(_ pattern: String) {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var bytes = Array(pattern.utf8).makeIterator()
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while let b = bytes.next() {
            guard b == UInt8(ascii: "%") else {
                literal.append(b)
                continue
            }
            guard let d = bytes.next() else {
                literal.append(b)
                break
            }
            if let e = Self.expansions[d] {
                flush()
                tokens += StrftimePattern(e).tokens
            } else if d == UInt8(ascii: "%") {
                literal.append(d)
            } else if d == UInt8(ascii: "Z") || d == UInt8(ascii: "z") {
                continue
            } else if Self.known.contains(d) && d != 0x20 {
                flush()
                tokens.append(.directive(d))
            } else {
                literal.append(b)
                literal.append(d)
            }
        }
        flush()
        self.tokens = tokens
    }

    /// Appends `value` formatted by the pattern to `out`.
    func append(_ value: CivilDateTime, to out: inout [UInt8]) {
        for token in tokens {
            switch token {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .directive(let d): appendDirective(d, value, &out)
            }
        }
    }

    /// The pattern applied to `value` as a string.
    func format(_ value: CivilDateTime) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendDirective(_ d: UInt8, _ c: CivilDateTime, _ out: inout [UInt8]) {
        let pad = DateTimeMath.appendPadded
        let days = DateTimeMath.days(year: c.year, month: c.month, day: c.day)
        let weekday = Int(((days + 4) % 7 + 7) % 7)  // 0 = Sunday
        let yday = Int(days - DateTimeMath.days(year: c.year, month: 1, day: 1))  // 0-based
        func spacePadded(_ v: Int) {
            if v < 10 { out.append(UInt8(ascii: " ")) }
            pad(Int64(v), 1, &out)
        }
        switch d {
        case UInt8(ascii: "Y"): DateTimeMath.appendYear(c.year, to: &out)
        case UInt8(ascii: "y"): pad(((c.year % 100) + 100) % 100, 2, &out)
        case UInt8(ascii: "C"): pad(DateTimeMath.floorDiv(c.year, 100), 2, &out)
        case UInt8(ascii: "m"): pad(Int64(c.month), 2, &out)
        case UInt8(ascii: "d"): pad(Int64(c.day), 2, &out)
        case UInt8(ascii: "e"): spacePadded(c.day)
        case UInt8(ascii: "H"): pad(Int64(c.hour), 2, &out)
        case UInt8(ascii: "k"): spacePadded(c.hour)
        case UInt8(ascii: "I"): pad(Int64(c.hour % 12 == 0 ? 12 : c.hour % 12), 2, &out)
        case UInt8(ascii: "l"): spacePadded(c.hour % 12 == 0 ? 12 : c.hour % 12)
        case UInt8(ascii: "M"): pad(Int64(c.minute), 2, &out)
        case UInt8(ascii: "S"): pad(Int64(c.second), 2, &out)
        case UInt8(ascii: "f"): out.append(contentsOf: "000000".utf8)
        case UInt8(ascii: "p"): out.append(contentsOf: (c.hour < 12 ? "AM" : "PM").utf8)
        case UInt8(ascii: "P"): out.append(contentsOf: (c.hour < 12 ? "am" : "pm").utf8)
        case UInt8(ascii: "j"): pad(Int64(yday + 1), 3, &out)
        case UInt8(ascii: "a"): out.append(contentsOf: Self.weekdays[weekday].prefix(3).utf8)
        case UInt8(ascii: "A"): out.append(contentsOf: Self.weekdays[weekday].utf8)
        case UInt8(ascii: "b"): out.append(contentsOf: Self.months[c.month - 1].prefix(3).utf8)
        case UInt8(ascii: "B"): out.append(contentsOf: Self.months[c.month - 1].utf8)
        case UInt8(ascii: "u"): pad(Int64(weekday == 0 ? 7 : weekday), 1, &out)
        case UInt8(ascii: "w"): pad(Int64(weekday), 1, &out)
        case UInt8(ascii: "U"): pad(Int64((yday + 7 - weekday) / 7), 2, &out)
        case UInt8(ascii: "W"): pad(Int64((yday + 7 - (weekday + 6) % 7) / 7), 2, &out)
        case UInt8(ascii: "V"), UInt8(ascii: "G"), UInt8(ascii: "g"):
            let (isoYear, week) = Self.isoWeek(year: c.year, yday: yday, weekday: weekday)
            switch d {
            case UInt8(ascii: "V"): pad(Int64(week), 2, &out)
            case UInt8(ascii: "G"): DateTimeMath.appendYear(isoYear, to: &out)
            default: pad(((isoYear % 100) + 100) % 100, 2, &out)
            }
        case UInt8(ascii: "s"):
            let seconds = DateTimeMath.seconds(c)
            if seconds < 0 { out.append(UInt8(ascii: "-")) }
            pad(seconds < 0 ? -seconds : seconds, 1, &out)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        default: break
        }
    }

    /// The ISO 8601 year and week of a date (`yday` 0-based, `weekday` 0 = Sunday).
    private static func isoWeek(year: Int64, yday: Int, weekday: Int) -> (Int64, Int) {
        func weeks(_ y: Int64) -> Int {
            func p(_ y: Int64) -> Int64 { ((y + DateTimeMath.floorDiv(y, 4) - DateTimeMath.floorDiv(y, 100) + DateTimeMath.floorDiv(y, 400)) % 7 + 7) % 7 }
            return p(y) == 4 || p(y - 1) == 3 ? 53 : 52
        }
        let isoWeekday = weekday == 0 ? 7 : weekday
        let week = (yday + 1 - isoWeekday + 10) / 7
        if week < 1 { return (year - 1, weeks(year - 1)) }
        if week > weeks(year) { return (year + 1, 1) }
        return (year, week)
    }

    /// Whether `pattern` is a `convert_to` the real tool accepts for datetimes: its text for
    /// 2012-12-21 must read back as a date (`pd.to_datetime`; empty text reads as NaT).
    static func isDatePattern(_ pattern: String) -> Bool {
        let text = StrftimePattern(pattern).format(CivilDateTime(year: 2012, month: 12, day: 21))
        if PythonText.strip(text, chars: nil).isEmpty { return true }
        return DateText.parse(text) != nil
    }
}
