import XCTest
import Parquet

/// Asserts that `body` throws a `ParquetError` of `kind` (any other outcome fails, naming `note`).
public func assertParquetError<T>(
    _ body: @autoclosure () throws -> T, _ note: String = "", kind: ParquetError.Kind = .corrupt,
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected a \(kind) error: \(note)", file: file, line: line)
    } catch let error as ParquetError {
        XCTAssertEqual(error.kind, kind, "\(note): \(error)", file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error): \(note)", file: file, line: line)
    }
}
