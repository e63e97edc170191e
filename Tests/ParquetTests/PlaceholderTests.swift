import XCTest
@testable import Parquet

final class ErrorTests: XCTestCase {
    func testDescriptionNamesFileAndColumn() {
        let e = ParquetError(.corrupt, "bad page").adding(file: "a.parquet", column: "x")
        XCTAssertEqual(e.description, "a.parquet: column 'x': bad page")
    }
}
