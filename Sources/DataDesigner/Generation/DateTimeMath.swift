// Calendar arithmetic on naive (time-zone-less) datetimes held as seconds since
// 1970-01-01T00:00:00, in the proleptic Gregorian calendar.

import Parquet

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
        ValueText.days(year: year, month: month, day: day)
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

    /// `seconds` floored to `unit` the way numpy casts `datetime64[ns]` to `datetime64[unit]`
    /// (towards the past): the start of its year, month, day, hour or minute.
    static func floor(_ seconds: Int64, to unit: DatetimeUnit) -> Int64 {
        switch unit {
        case .second: return seconds
        case .minute: return floorDiv(seconds, 60) * 60
        case .hour: return floorDiv(seconds, 3600) * 3600
        case .day: return floorDiv(seconds, secondsPerDay) * secondsPerDay
        case .month, .year:
            let c = civil(seconds: seconds)
            return days(year: c.year, month: unit == .year ? 1 : c.month, day: 1) * secondsPerDay
        }
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
