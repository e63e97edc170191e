// Date, time and timestamp literals written as text ('2024-01-01', '2024-01-01 12:30:00Z',
// '12:30'), turned into the integers DATE / TIME / TIMESTAMP columns store.

/// Reads ISO 8601-like date and time text as the integers DATE, TIME and TIMESTAMP columns
/// store: days since 1970-01-01, units since midnight, units since the epoch.
enum TemporalLiteral {
    /// Days since 1970-01-01 of `YYYY-MM-DD` (a year of 1 to 9999; the calendar is checked).
    static func days(_ text: Substring) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = digits(parts[0]), let month = digits(parts[1]), let day = digits(parts[2]),
              year >= 1, (1 ... 12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return ValueText.days(year: year, month: Int(month), day: Int(day))
    }

    /// Units since midnight of `HH:MM[:SS[.fraction]]`; nil when malformed, out of range, or
    /// more precise than `unit` (non-zero digits past it).
    static func timeOfDay(_ text: Substring, unit: TimeUnit) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              let hour = digits(parts[0]), let minute = digits(parts[1]), hour < 24, minute < 60 else { return nil }
        var seconds: Int64 = 0, fraction: Int64 = 0
        if parts.count == 3 {
            let secondParts = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard secondParts[0].count == 2, let s = digits(secondParts[0]), s < 60 else { return nil }
            seconds = s
            if secondParts.count == 2 {
                guard let f = Self.fraction(secondParts[1], unit: unit) else { return nil }
                fraction = f
            }
        }
        return ((hour * 60 + minute) * 60 + seconds) * perSecond(unit) + fraction
    }

    /// Units since 1970-01-01T00:00:00 of `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|±HH:MM]`
    /// (a date alone is its midnight), the offset subtracted; `hasOffset` says whether the
    /// text gave one. Nil when malformed, past the 64-bit range of `unit`, or more precise
    /// than `unit`.
    static func instant(_ text: Substring, unit: TimeUnit) -> (value: Int64, hasOffset: Bool)? {
        guard text.count >= 10, let day = days(text.prefix(10)) else { return nil }
        var rest = text.dropFirst(10)
        var units: Int64 = 0
        var offsetSeconds: Int64 = 0, hasOffset = false
        if let first = rest.first, first == "T" || first == "t" || first == " " {
            rest = rest.dropFirst()
            var time = rest
            if time.hasSuffix("Z") || time.hasSuffix("z") {
                time = time.dropLast()
                hasOffset = true
            } else if time.count > 6, let sign = time.dropLast(5).last, sign == "+" || sign == "-" {
                let zone = time.suffix(5)
                let hm = zone.split(separator: ":", omittingEmptySubsequences: false)
                guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = digits(hm[0]), let m = digits(hm[1]), h < 24, m < 60 else { return nil }
                offsetSeconds = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
                hasOffset = true
                time = time.dropLast(6)
            }
            guard let t = timeOfDay(time, unit: unit) else { return nil }
            units = t
        } else if !rest.isEmpty {
            return nil
        }
        let perDay = 86_400 * perSecond(unit)
        let (dayUnits, o1) = day.multipliedReportingOverflow(by: perDay)
        let (sum, o2) = dayUnits.addingReportingOverflow(units)
        let (value, o3) = sum.subtractingReportingOverflow(offsetSeconds * perSecond(unit))
        guard !o1, !o2, !o3 else { return nil }
        return (value, hasOffset)
    }

    private static func perSecond(_ unit: TimeUnit) -> Int64 {
        switch unit {
        case .millis: 1_000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

    /// The fractional seconds `digits` in `unit`s; nil when not digits or when a non-zero
    /// digit lies past the unit's precision.
    private static func fraction(_ text: Substring, unit: TimeUnit) -> Int64? {
        let places = unit == .millis ? 3 : (unit == .micros ? 6 : 9)
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard text.dropFirst(places).allSatisfy({ $0 == "0" }) else { return nil }
        let kept = String(text.prefix(places)).padding(toLength: places, withPad: "0", startingAt: 0)
        return Int64(kept)
    }

    /// A run of ASCII digits (at most 4) as a number.
    private static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
