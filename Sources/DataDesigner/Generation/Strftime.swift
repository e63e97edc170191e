/// A compiled strftime pattern for `convert_to` on datetime columns.
///
/// Supported directives: `%Y %y %m %d %e %H %I %M %S %p %j %a %A %b %B %h %u %w %F %T %D %R %%`;
/// `%Z` and `%z` give nothing (values are naive). Any other directive is copied as is.
struct StrftimePattern {
    private enum Token {
        case literal([UInt8])
        case directive(UInt8)
    }

    private let tokens: [Token]

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var bytes = Array(pattern.utf8).makeIterator()
        while let b = bytes.next() {
            guard b == UInt8(ascii: "%") else {
                literal.append(b)
                continue
            }
            guard let d = bytes.next() else {
                literal.append(b)
                break
            }
            switch d {
            case UInt8(ascii: "F"): tokens += Self.expand("%Y-%m-%d", &literal)
            case UInt8(ascii: "T"): tokens += Self.expand("%H:%M:%S", &literal)
            case UInt8(ascii: "D"): tokens += Self.expand("%m/%d/%y", &literal)
            case UInt8(ascii: "R"): tokens += Self.expand("%H:%M", &literal)
            case UInt8(ascii: "%"): literal.append(d)
            case UInt8(ascii: "Z"), UInt8(ascii: "z"): break
            default:
                if Self.known.contains(d) {
                    if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
                    tokens.append(.directive(d))
                } else {
                    literal.append(b)
                    literal.append(d)
                }
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
    }

    private static let known = Set("YymdeHIMSpjaAbBhuw".utf8)

    private static func expand(_ pattern: String, _ literal: inout [UInt8]) -> [Token] {
        var out: [Token] = []
        if !literal.isEmpty { out.append(.literal(literal)); literal = [] }
        return out + StrftimePattern(pattern).tokens
    }

    /// Appends `value` formatted by the pattern to `out`.
    func append(_ value: CivilDateTime, to out: inout [UInt8]) {
        for token in tokens {
            switch token {
            case .literal(let bytes):
                out.append(contentsOf: bytes)
            case .directive(let d):
                appendDirective(d, value, &out)
            }
        }
    }

    private func appendDirective(_ d: UInt8, _ c: CivilDateTime, _ out: inout [UInt8]) {
        let pad = DateTimeMath.appendPadded
        switch d {
        case UInt8(ascii: "Y"): DateTimeMath.appendYear(c.year, to: &out)
        case UInt8(ascii: "y"): pad(((c.year % 100) + 100) % 100, 2, &out)
        case UInt8(ascii: "m"): pad(Int64(c.month), 2, &out)
        case UInt8(ascii: "d"): pad(Int64(c.day), 2, &out)
        case UInt8(ascii: "e"):
            if c.day < 10 { out.append(UInt8(ascii: " ")) }
            pad(Int64(c.day), 1, &out)
        case UInt8(ascii: "H"): pad(Int64(c.hour), 2, &out)
        case UInt8(ascii: "I"): pad(Int64(c.hour % 12 == 0 ? 12 : c.hour % 12), 2, &out)
        case UInt8(ascii: "M"): pad(Int64(c.minute), 2, &out)
        case UInt8(ascii: "S"): pad(Int64(c.second), 2, &out)
        case UInt8(ascii: "p"): out.append(contentsOf: (c.hour < 12 ? "AM" : "PM").utf8)
        case UInt8(ascii: "j"):
            let dayOfYear = DateTimeMath.days(year: c.year, month: c.month, day: c.day)
                - DateTimeMath.days(year: c.year, month: 1, day: 1) + 1
            pad(dayOfYear, 3, &out)
        case UInt8(ascii: "a"): out.append(contentsOf: Self.weekdays[weekday(c)].prefix(3).utf8)
        case UInt8(ascii: "A"): out.append(contentsOf: Self.weekdays[weekday(c)].utf8)
        case UInt8(ascii: "b"), UInt8(ascii: "h"): out.append(contentsOf: Self.months[c.month - 1].prefix(3).utf8)
        case UInt8(ascii: "B"): out.append(contentsOf: Self.months[c.month - 1].utf8)
        case UInt8(ascii: "u"): pad(Int64(weekday(c) == 0 ? 7 : weekday(c)), 1, &out)
        case UInt8(ascii: "w"): pad(Int64(weekday(c)), 1, &out)
        default: break
        }
    }

    /// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
    private func weekday(_ c: CivilDateTime) -> Int {
        let days = DateTimeMath.days(year: c.year, month: c.month, day: c.day)
        return Int(((days + 4) % 7 + 7) % 7)
    }
}
