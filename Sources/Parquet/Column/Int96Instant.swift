/// The instant of an INT96 timestamp, read the way Spark (its main writer) reads it.
///
/// The day (bytes 8..<12) and the nanoseconds of the day (bytes 0..<8) are both signed. When
/// `(day − 2440588) × 86400 × 10⁹ + nanos` fits in 64-bit nanoseconds the value is exact.
/// Otherwise Spark's own arithmetic applies — `(day − 2440588) × 86400 × 10⁶ + nanos / 1000`
/// microseconds, in 64-bit integers that wrap — so that a value Spark wrote with wrapped
/// microseconds (parquet-testing's `int96_from_spark.parquet`, row 5: 290000-12-31T01:00+02:00)
/// reads back as Spark reads it (`290000-12-30T23:00:00`).
public enum Int96Instant: Sendable, Hashable {
    /// Nanoseconds since 1970-01-01T00:00:00, exact.
    case nanoseconds(Int64)
    /// Microseconds since 1970-01-01T00:00:00, by Spark's wrapping arithmetic.
    case microseconds(Int64)
}

extension Int96 {
    /// Julian day 2440588 is 1970-01-01.
    static let unixEpochJulianDay: Int64 = 2_440_588

    /// The instant this value stands for (see ``Int96Instant``).
    public var instant: Int96Instant {
        let days = Int64(Int32(bitPattern: julianDay)) - Self.unixEpochJulianDay
        let nanos = Int64(bitPattern: nanosOfDay)
        // days × 86400 × 10⁹ + nanos in 128 bits (the product alone may leave Int64 where the
        // sum does not, near 1677-09-21).
        let product = days.multipliedFullWidth(by: 86_400_000_000_000)
        let (low, carry) = product.low.addingReportingOverflow(UInt64(bitPattern: nanos))
        let high = product.high &+ (nanos < 0 ? -1 : 0) &+ (carry ? 1 : 0)
        if high == (Int64(bitPattern: low) < 0 ? -1 : 0) {
            return .nanoseconds(Int64(bitPattern: low))
        }
        return .microseconds(days &* 86_400_000_000 &+ nanos / 1000)
    }
}
