/// An ISO 8601 date or date-time as configs give them (`start`/`end` of datetime samplers).
///
/// Accepted forms: `YYYY-MM-DD`, and `YYYY-MM-DD` followed by `T` or a space and `HH:MM`,
/// `HH:MM:SS` or `HH:MM:SS.f` (1–9 fraction digits), optionally ending in `Z`. Years are
/// 0001–9999; months, days (leap years included), hours, minutes and seconds are checked.
/// Time zones other than `Z` are not accepted.
public struct ConfigDate: Sendable, Equatable, Comparable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    /// Nanoseconds within the second.
    public var nanosecond: Int
    /// Whether the text had no time part.
    public var isDateOnly: Bool

    /// Seconds since 1970-01-01T00:00:00 (negative before), ignoring ``nanosecond``.
    public var epochSeconds: Int64 {
        Int64(ConfigDate.daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Orders by instant.
    public static func < (a: ConfigDate, b: ConfigDate) -> Bool {
        (a.epochSeconds, a.nanosecond) < (b.epochSeconds, b.nanosecond)
    }

    /// Parses `text`; nil when it is not one of the accepted forms or names no real date/time.
    public static func parse(_ text: String) -> ConfigDate? {
        let u = Array(text.utf8)
        var i = 0
        func number(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in i ..< i + n {
                guard u[k] >= 0x30 && u[k] <= 0x39 else { return nil }
                v = v * 10 + Int(u[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count && u[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect(UInt8(ascii: "-")), let mo = number(2), expect(UInt8(ascii: "-")),
              let d = number(2) else { return nil }
        guard y >= 1, (1 ... 12).contains(mo), d >= 1, d <= daysInMonth(year: y, month: mo) else { return nil }
        var date = ConfigDate(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, nanosecond: 0, isDateOnly: true)
        if i == u.count { return date }
        guard u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let h = number(2), expect(UInt8(ascii: ":")), let mi = number(2), h < 24, mi < 60 else { return nil }
        date.hour = h
        date.minute = mi
        date.isDateOnly = false
        if expect(UInt8(ascii: ":")) {
            guard let s = number(2), s < 60 else { return nil }
            date.second = s
            if expect(UInt8(ascii: ".")) {
                var digits = 0
                var ns = 0
                while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
                    guard digits < 9 else { return nil }
                    ns = ns * 10 + Int(u[i] - 0x30)
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits ..< 9 { ns *= 10 }
                date.nanosecond = ns
            }
        }
        _ = expect(UInt8(ascii: "Z"))
        return i == u.count ? date : nil
    }

    /// The number of days in `month` of `year` (proleptic Gregorian).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
