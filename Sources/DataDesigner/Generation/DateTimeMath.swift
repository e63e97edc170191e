// Calendar arithmetic on naive (time-zone-less) datetimes held as seconds since
// 1970-01-01T00:00:00, in the proleptic Gregorian calendar.

/// A broken-down naive datetime.
struct CivilDateTime: Equatable {
    var year: Int64
    var month: Int   // 1 ... 12
    var day: Int     // 1 ... 31
    var hour = 0
    var minute = 0
    var second = 0
}

enum DateTimeMath {
    static let secondsPerDay: Int64 = 86_400
    /// Years accepted in datetime params (keeps every computation far from overflow).
    static let yearRange: ClosedRange<Int64> = -99_999 ... 99_999

    /// Days since 1970-01-01 of a civil date (Gregorian, proleptic).
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func seconds(_ c: CivilDateTime) -> Int64 {
        days(year: c.year, month: c.month, day: c.day) * secondsPerDay
            + Int64(c.hour * 3600 + c.minute * 60 + c.second)
    }

    static func civil(seconds: Int64) -> CivilDateTime {
        let dayCount = floorDiv(seconds, secondsPerDay)
        let rest = Int(seconds - dayCount * secondsPerDay)
        let (y, m, d) = civil(days: dayCount)
        return CivilDateTime(year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int64, _ month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `value` moved by `months` calendar months, the day clamped to the target month's length.
    static func addingMonths(_ value: CivilDateTime, _ months: Int64) -> CivilDateTime {
        var c = value
        let total = c.year * 12 + Int64(c.month - 1) + months
        c.year = floorDiv(total, 12)
        c.month = Int(total - c.year * 12) + 1
        c.day = min(c.day, daysInMonth(c.year, c.month))
        return c
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fraction]]`,
    /// and an optional `Z` or `+00:00` offset (other offsets are refused). Fractions of a
    /// second are dropped. Returns nil for anything else.
    static func parse(_ text: String) -> CivilDateTime? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
        if bytes.count > 6, bytes.suffix(6) == ArraySlice("+00:00".utf8) { bytes.removeLast(6) }
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i ..< i + width] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            i += width
            return value
        }
        func expect(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1 ... 12).contains(month), day >= 1, day <= daysInMonth(Int64(year), month) else { return nil }
        var c = CivilDateTime(year: Int64(year), month: month, day: day)
        if i == bytes.count { return c }
        guard expect("T") || expect(" "), let hour = number(2), expect(":"), let minute = number(2),
              hour < 24, minute < 60 else { return nil }
        c.hour = hour
        c.minute = minute
        if expect(":") {
            guard let second = number(2), second < 60 else { return nil }
            c.second = second
            if expect(".") {
                let start = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                guard i > start else { return nil }
            }
        }
        return i == bytes.count ? c : nil
    }

    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when `withTime`, appended to `out`.
    static func appendISO(_ c: CivilDateTime, withTime: Bool, to out: inout [UInt8]) {
        appendYear(c.year, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(Int64(c.month), 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(Int64(c.day), 2, to: &out)
        guard withTime else { return }
        out.append(UInt8(ascii: "T"))
        appendPadded(Int64(c.hour), 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(Int64(c.minute), 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(Int64(c.second), 2, to: &out)
    }

    static func appendYear(_ year: Int64, to out: inout [UInt8]) {
        if year < 0 { out.append(UInt8(ascii: "-")) }
        appendPadded(year < 0 ? -year : year, 4, to: &out)
    }

    /// The decimal digits of non-negative `value`, left-padded with zeros to `width`.
    static func appendPadded(_ value: Int64, _ width: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = UInt64(value.magnitude)
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                count += 1
            } while v > 0 && count < 20
        }
        if count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - count)) }
        withUnsafeBytes(of: &digits) { buffer in
            var j = count - 1
            while j >= 0 {
                out.append(buffer[j])
                j -= 1
            }
        }
    }
}
