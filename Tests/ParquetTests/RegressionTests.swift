import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Every input in Fixtures/regressions/ once crashed, hung or over-allocated; each must now
/// read to the outcome recorded here (a precise error, or a clean read).
final class RegressionTests: XCTestCase {
    static let folder = TestPaths.fixtures.appendingPathComponent("regressions")

    /// File name → a fragment of the expected error (nil: the file must read cleanly).
    static let expectations: [String: String?] = [
        "lying_size_gzip.parquet": "gzip: 1394 compressed bytes cannot expand to the expected 2147483647 bytes",
        "lying_size_zstd.parquet": "zstd: 562 compressed bytes cannot expand to the expected 2147483647 bytes",
        "lying_size_brotli.parquet": "brotli: stream holds 324 bytes, expected 2147483608",
        "lying_size_lz4_hadoop.parquet": "lz4: 117 compressed bytes cannot expand to the expected 2147483647 bytes",
        "lying_size_snappy.parquet": "snappy: stream declares 104 uncompressed bytes, expected 2147483647",
    ]

    func testEveryRegressionFixtureHasItsOutcome() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".parquet") }.sorted()
        XCTAssertEqual(Set(names), Set(Self.expectations.keys), "every fixture needs an expectation, and the reverse")
        for name in names {
            let path = Self.folder.appendingPathComponent(name).path
            let expected = Self.expectations[name] ?? nil
            for batchSize in [nil, 3] as [Int?] {
                do {
                    let rows = try HostileIO.readAll(path, maxRowsPerBatch: batchSize)
                    if let expected { XCTFail("\(name): read \(rows) rows, expected '\(expected)'") }
                } catch let error as ParquetError {
                    guard let expected else {
                        XCTFail("\(name): \(error)")
                        continue
                    }
                    XCTAssertTrue(error.description.contains(expected), "\(name): '\(error)' lacks '\(expected)'")
                    XCTAssertEqual(error.file, path)
                    XCTAssertNotNil(error.column, "\(name): \(error)")
                }
            }
            // The footer alone still reads: counting does not touch the pages.
            XCTAssertNoThrow(try ParquetFileReader.recordCount(path: path), name)
        }
    }
}
