import XCTest
import Parquet

final class RecordTotalTests: XCTestCase {
    func testSumsAndRefusesNegativeCountsAndOverflow() throws {
        var total = RecordTotal()
        try total.add(5, file: "a.parquet")
        try total.add(7, part: "row group 1", file: "a.parquet")
        XCTAssertEqual(total.value, 12)

        XCTAssertThrowsError(try total.add(-1, part: "row group 3", file: "b.parquet")) { error in
            let e = error as? ParquetError
            XCTAssertEqual(e?.kind, .corrupt)
            XCTAssertEqual(e?.description, "b.parquet: row group 3 has a negative record count -1")
        }
        XCTAssertEqual(total.value, 12, "a refused count leaves the total as it was")

        let counts = [FileRecordCount(path: "x", records: .max - 1), FileRecordCount(path: "y", records: 2)]
        XCTAssertThrowsError(try RecordTotal.sum(counts)) { error in
            XCTAssertEqual((error as? ParquetError)?.description, "y: record counts overflow a 64-bit integer")
        }
        XCTAssertEqual(try RecordTotal.sum(counts.prefix(1)), .max - 1)
        XCTAssertEqual(try RecordTotal.sum([FileRecordCount]()), 0)
    }
}
