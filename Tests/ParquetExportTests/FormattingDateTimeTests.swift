import XCTest
@testable import ParquetExport
@testable import Parquet

final class FormattingDateTimeTests: XCTestCase {
    func date(_ d: Int64) -> String { formatted { ValueText.appendDate(daysSinceEpoch: d, to: &$0) } }

    func testDates() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01"), (-1, "1969-12-31"), (1, "1970-01-02"), (19844, "2024-05-01"),
            (11016, "2000-02-29"), (11017, "2000-03-01"), (-25508, "1900-03-01"), (-25509, "1900-02-28"),
            (-719162, "0001-01-01"), (-719163, "0000-12-31"), (-719528, "0000-01-01"), (-719529, "-0001-12-31"),
            (2_932_896, "9999-12-31"), (2_932_897, "10000-01-01"),
            (Int64(Int32.max), "5881580-07-11"), (Int64(Int32.min), "-5877641-06-23"),
        ]
        for (d, s) in cases { XCTAssertEqual(date(d), s, "\(d)") }
        // Extremes do not trap and stay well-formed.
        XCTAssertEqual(date(Int64.max), "25252734927768524-07-27")
        XCTAssertEqual(date(Int64.min), "-25252734927764585-06-07")
    }

    func testDatesAgreeWithFoundationCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        for _ in 0 ..< 2000 {
            let d = Int64.random(in: -700_000 ... 2_900_000)
            let when = Date(timeIntervalSince1970: Double(d) * 86400)
            let c = calendar.dateComponents([.era, .year, .month, .day], from: when)
            guard let era = c.era, let y = c.year, let m = c.month, let day = c.day, era == 1 else { continue }
            let expected = String(format: "%04d-%02d-%02d", y, m, day)
            if d >= -141_427 { XCTAssertEqual(date(d), expected) }  // Foundation is Julian before 1582-10-15
        }
    }

    func ts(_ v: Int64, _ unit: TimeUnit, utc: Bool = true) -> String {
        formatted { ValueText.appendTimestamp(v, unit: unit, adjustedToUTC: utc, to: &$0) }
    }

    func testTimestamps() {
        XCTAssertEqual(ts(0, .millis), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(ts(0, .micros, utc: false), "1970-01-01T00:00:00.000000")
        XCTAssertEqual(ts(0, .nanos), "1970-01-01T00:00:00.000000000Z")
        XCTAssertEqual(ts(-1, .micros, utc: false), "1969-12-31T23:59:59.999999")
        XCTAssertEqual(ts(-1, .millis), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(ts(-1, .nanos), "1969-12-31T23:59:59.999999999Z")
        XCTAssertEqual(ts(1_714_557_600_000_000, .micros), "2024-05-01T10:00:00.000000Z")
        XCTAssertEqual(ts(1_714_557_600_123, .millis, utc: false), "2024-05-01T10:00:00.123")
        XCTAssertEqual(ts(-86_400_000, .millis), "1969-12-31T00:00:00.000Z")
        XCTAssertEqual(ts(-86_400_001, .millis), "1969-12-30T23:59:59.999Z")
        XCTAssertEqual(ts(Int64.max, .nanos), "2262-04-11T23:47:16.854775807Z")
        XCTAssertEqual(ts(Int64.min, .nanos), "1677-09-21T00:12:43.145224192Z")
        XCTAssertEqual(ts(Int64.max, .micros), "294247-01-10T04:00:54.775807Z")
        XCTAssertEqual(ts(Int64.min, .micros), "-290308-12-21T19:59:05.224192Z")
        XCTAssertEqual(ts(Int64.max, .millis), "292278994-08-17T07:12:55.807Z")
        XCTAssertEqual(ts(Int64.min, .millis), "-292275055-05-16T16:47:04.192Z")
        XCTAssertEqual(ts(253_402_300_800_000, .millis), "10000-01-01T00:00:00.000Z")
    }

    func testTimestampPythonVectors() throws {
        let vectors = try FormattingVectors.load().micros
        XCTAssertEqual(vectors.count, 120)
        for (v, expected) in vectors {
            XCTAssertEqual(ts(v, .micros), expected + "Z")
            XCTAssertEqual(ts(v, .micros, utc: false), expected)
            // The same instant in millis and nanos (truncated or extended fraction).
            let millisText = ts(Self.floorDiv(v, 1000), .millis, utc: false)
            XCTAssertEqual(millisText, String(expected.dropLast(3)))
            if v > Int64.min / 1000 && v < Int64.max / 1000 {
                XCTAssertEqual(ts(v * 1000, .nanos, utc: false), expected + "000")
            }
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    func time(_ v: Int64, _ unit: TimeUnit) -> String { formatted { ValueText.appendTime(v, unit: unit, to: &$0) } }

    func testTimes() {
        XCTAssertEqual(time(0, .millis), "00:00:00.000")
        XCTAssertEqual(time(45_296_789, .millis), "12:34:56.789")
        XCTAssertEqual(time(86_399_999_999, .micros), "23:59:59.999999")
        XCTAssertEqual(time(1, .nanos), "00:00:00.000000001")
        XCTAssertEqual(time(86_400_000, .millis), "24:00:00.000")
        XCTAssertEqual(time(360_000_000, .millis), "100:00:00.000")
        XCTAssertEqual(time(-1, .millis), "-00:00:00.001")
        XCTAssertEqual(time(Int64.max, .nanos), "2562047:47:16.854775807")
        XCTAssertEqual(time(Int64.min, .nanos), "-2562047:47:16.854775808")
        XCTAssertEqual(time(Int64.min, .millis), "-2562047788015:12:55.808")
    }

    func int96(_ jd: UInt32, _ nanos: UInt64) -> String {
        formatted { ValueText.appendInt96Timestamp(Int96(nanosOfDay: nanos, julianDay: jd), to: &$0) }
    }

    func testInt96() throws {
        XCTAssertEqual(int96(2_440_588, 0), "1970-01-01T00:00:00.000000000")
        XCTAssertEqual(int96(2_440_587, 86_399_999_999_999), "1969-12-31T23:59:59.999999999")
        XCTAssertEqual(int96(2_460_432, 36_000_000_000_123), "2024-05-01T10:00:00.000000123")
        XCTAssertEqual(int96(5_373_484, 0), "9999-12-31T00:00:00.000000000")
        XCTAssertEqual(int96(5_373_485, 0), "10000-01-01T00:00:00.000000000")
        XCTAssertEqual(int96(0, 0), "-4713-11-24T00:00:00.000000000")
        // Both halves are signed (as Spark writes them): UInt32.max is Julian day -1.
        XCTAssertEqual(int96(UInt32.max, 0), "-4713-11-23T00:00:00.000000000")
        // nanosOfDay beyond one day carries into the date.
        XCTAssertEqual(int96(2_440_588, 86_400_000_000_001), "1970-01-02T00:00:00.000000001")
        // Exact where the instant fits 64-bit nanoseconds (1677-09-21 ... 2262-04-11, with a
        // day count whose product alone would overflow) ...
        XCTAssertEqual(int96(2_333_836, 763_145_224_192), "1677-09-21T00:12:43.145224192")  // Int64.min ns
        XCTAssertEqual(int96(2_547_339, 85_636_854_775_807), "2262-04-11T23:47:16.854775807")  // Int64.max ns
        // ... else Spark's microseconds: the sub-microsecond digits go, and 64-bit
        // microseconds wrap around as they do in Spark.
        XCTAssertEqual(int96(2_333_836, 763_145_224_191), "1677-09-21T00:12:43.145224000")
        XCTAssertEqual(int96(2_547_339, 85_636_854_775_808), "2262-04-11T23:47:16.854775000")
        XCTAssertEqual(int96(UInt32.max, UInt64.max), "-4713-11-23T00:00:00.000000000")
        XCTAssertEqual(int96(2_147_483_647, 0), "29357-12-05T15:41:44.483840000")
        // int96_from_spark.parquet row 5: Spark wrote 290000-12-31T01:00:00+02:00 with wrapped
        // microseconds; read back as Spark reads it.
        XCTAssertEqual(int96(UInt32(bitPattern: -105_862_232), UInt64(bitPattern: -32_509_551_616_000)),
                       "290000-12-30T23:00:00.000000000")
        let vectors = try FormattingVectors.load().int96
        XCTAssertEqual(vectors.count, 120)
        for (jd, nanos, expected) in vectors { XCTAssertEqual(int96(jd, nanos), expected) }
    }
}
