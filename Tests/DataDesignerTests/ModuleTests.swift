import XCTest
import DataDesigner

final class ModuleTests: XCTestCase {
    func testToolVersionIsSemantic() {
        XCTAssertEqual(ToolInfo.version.split(separator: ".").count, 3)
    }
}
