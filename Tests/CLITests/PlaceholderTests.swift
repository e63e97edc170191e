import XCTest
import ParquetExport

final class CLIPlaceholderTests: XCTestCase {
    func testDescriptionNamesFileAndColumn() {
        let e = ParquetError(.corrupt, "bad page").adding(file: "a.parquet", column: "x")
        XCTAssertEqual(e.description, "a.parquet: column 'x': bad page")
    }
}
