extension ValueText {
    /// Appends a proleptic Gregorian date `YYYY-MM-DD` for a day count since 1970-01-01.
    ///
    /// Years 0...9999 have four digits, later years all their digits (`10000-01-01`), years
    /// before 0 a `-` and at least four digits (`-0001-12-31`, astronomical numbering where
    /// year 0 exists). Exact and trap-free for every `Int64`.
    public static func appendDate(daysSinceEpoch days: Int64, to out: inout [UInt8]) {
        appendWritten(to: &out) { writeDate(daysSinceEpoch: days, to: $0) }
    }

    /// Most bytes ``writeTimestamp(_:unit:adjustedToUTC:to:)`` (and the date and time writers)
    /// write for any value.
    public static let maxDateTimeBytes = 80

    /// Writes the text of ``appendDate(daysSinceEpoch:to:)`` at `out` (which must have room for
    /// ``maxDateTimeBytes``) and returns its length.
    public static func writeDate(daysSinceEpoch days: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let (y, m, d) = civil(fromDays: days)
        var at = 0
        if y < 0 {
            out[0] = UInt8(ascii: "-")
            at = 1
        }
        at &+= writeDigits(y.magnitude, minWidth: 4, to: out + at)
        out[at] = UInt8(ascii: "-")
        writeTwoDigits(m, to: out + (at &+ 1))
        out[at &+ 3] = UInt8(ascii: "-")
        writeTwoDigits(d, to: out + (at &+ 4))
        return at &+ 6
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.fff` (3, 6 or 9 fraction digits for millis, micros, nanos
    /// since the epoch), followed by `Z` when `adjustedToUTC`.
    ///
    /// Values before 1970 round toward the past (floor division): -1 µs is
    /// `1969-12-31T23:59:59.999999`. Trap-free for every `Int64` in every unit.
    public static func appendTimestamp(_ v: Int64, unit: TimeUnit, adjustedToUTC: Bool, to out: inout [UInt8]) {
        appendWritten(to: &out) { writeTimestamp(v, unit: unit, adjustedToUTC: adjustedToUTC, to: $0) }
    }

    /// Writes the text of ``appendTimestamp(_:unit:adjustedToUTC:to:)`` at `out` (which must
    /// have room for ``maxDateTimeBytes``) and returns its length: the text sinks write it
    /// straight into their output blocks.
    public static func writeTimestamp(_ v: Int64, unit: TimeUnit, adjustedToUTC: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let (perSecond, digits) = unitScale(unit)
        let (days, rem) = floorDivMod(v, 86_400 &* perSecond)
        var at = writeDate(daysSinceEpoch: days, to: out)
        out[at] = UInt8(ascii: "T")
        at &+= 1
        at &+= writeClock(UInt64(truncatingIfNeeded: rem), perSecond: UInt64(perSecond), fractionDigits: digits, to: out + at)
        if adjustedToUTC {
            out[at] = UInt8(ascii: "Z")
            at &+= 1
        }
        return at
    }

    /// Appends what `write` writes into a scratch of ``maxDateTimeBytes``.
    @inline(__always)
    private static func appendWritten(to out: inout [UInt8], _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDateTimeBytes) { buf in
            guard let p = buf.baseAddress else { return }
            let n = Swift.min(write(p), buf.count)
            out.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
    }

    /// Appends a TIME value `HH:MM:SS.fff` (3, 6 or 9 fraction digits by `unit`).
    ///
    /// Valid values lie within one day. Out-of-range values are written without wrapping:
    /// hours are `v / units-per-hour` with at least two digits (so 25 h is `25:00:00.000`),
    /// and a negative value is the text of its magnitude after a leading `-`
    /// (-1 ms is `-00:00:00.001`). Trap-free for every `Int64`.
    public static func appendTime(_ v: Int64, unit: TimeUnit, to out: inout [UInt8]) {
        let (perSecond, digits) = unitScale(unit)
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendWritten(to: &out) { writeClock(v.magnitude, perSecond: UInt64(perSecond), fractionDigits: digits, to: $0) }
    }

    /// Appends a legacy INT96 timestamp as `YYYY-MM-DDTHH:MM:SS.fffffffff` (nine fraction
    /// digits, not adjusted to UTC: no `Z`), at the instant ``Int96/instant`` gives: exact when
    /// it fits 64-bit nanoseconds, else Spark's wrapping microseconds (the last three digits 0).
    public static func appendInt96Timestamp(_ v: Int96, to out: inout [UInt8]) {
        switch v.instant {
        case .nanoseconds(let nanos):
            appendTimestamp(nanos, unit: .nanos, adjustedToUTC: false, to: &out)
        case .microseconds(let micros):
            appendTimestamp(micros, unit: .micros, adjustedToUTC: false, to: &out)
            out.append(contentsOf: [0x30, 0x30, 0x30])
        }
    }

    /// (units per second, fraction digits) of a time unit.
    @inline(__always)
    private static func unitScale(_ unit: TimeUnit) -> (Int64, Int) {
        switch unit {
        case .millis: (1_000, 3)
        case .micros: (1_000_000, 6)
        case .nanos: (1_000_000_000, 9)
        }
    }

    /// Writes `HH:MM:SS.fff…` for a non-negative count of units (hours are not wrapped) at
    /// `out`, which has room for ``maxDateTimeBytes``; returns the length (at most 20 + 7 + 9).
    private static func writeClock(_ units: UInt64, perSecond: UInt64, fractionDigits: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let seconds = units / perSecond
        let fraction = units % perSecond
        var at = writeDigits(seconds / 3600, minWidth: 2, to: out)
        out[at] = UInt8(ascii: ":")
        writeTwoDigits(seconds / 60 % 60, to: out + (at &+ 1))
        out[at &+ 3] = UInt8(ascii: ":")
        writeTwoDigits(seconds % 60, to: out + (at &+ 4))
        out[at &+ 6] = UInt8(ascii: ".")
        at &+= 7
        return at &+ writeDigits(fraction, minWidth: fractionDigits, to: out + at)
    }

    /// Floor division and the matching non-negative remainder, for `b > 0`.
    @inline(__always)
    package static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a &- q &* b
        return r < 0 ? (q &- 1, r &+ b) : (q, r)
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian), by Howard Hinnant's
    /// days-from-civil algorithm; the inverse of ``civil(fromDays:)`` (years within ±10^12).
    package static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month (1...12) and day (1...31) of a day count since 1970-01-01, by Howard
    /// Hinnant's civil-from-days algorithm, split so that no intermediate overflows.
    package static func civil(fromDays days: Int64) -> (year: Int64, month: UInt64, day: UInt64) {
        // days = eraShift·146097 + r first, so that adding the 0000-03-01 offset cannot overflow.
        let (eraShift, r) = floorDivMod(days, 146_097)
        let z = r &+ 719_468  // days since 0000-03-01 within a shifted era window
        let era = eraShift &+ z / 146_097
        let doe = z % 146_097  // day of era, 0...146096
        let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365  // 0...399
        let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)  // 0...365, from March 1
        let mp = (5 &* doy &+ 2) / 153  // 0...11, March-based
        let day = doy &- (153 &* mp &+ 2) / 5 &+ 1
        let month = mp < 10 ? mp &+ 3 : mp &- 9
        let year = yoe &+ era &* 400 &+ (month <= 2 ? 1 : 0)
        return (year, UInt64(truncatingIfNeeded: month), UInt64(truncatingIfNeeded: day))
    }
}
