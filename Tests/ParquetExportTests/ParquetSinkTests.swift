import Foundation
import XCTest
import ParquetExport
import TestSupport

final class ParquetSinkTests: XCTestCase {
    /// Copies the example dataset's first batch file through a `ParquetSink` and returns the
    /// copy's `created_by` and record count.
    private func copy(options: ParquetWriterOptions) throws -> (createdBy: String?, records: Int64) {
        let folder = try TestPaths.temporaryFolder(self)
        let source = TestPaths.fixtures.appendingPathComponent("example-dataset/parquet-files/batch_00000.parquet").path
        let reader = try ParquetFileReader(path: source)
        let path = folder.appendingPathComponent("copy.parquet").path
        let output = try ByteOutput(atomicFileAt: path)
        var sink = ParquetSink(output: output, options: options)
        try sink.begin(schema: reader.schema)
        var batches = try reader.batches()
        while let batch = try batches.next() { try sink.write(batch) }
        try sink.finish()
        try output.commit()
        let copy = try ParquetFileReader(path: path)
        return (copy.metadata.createdBy, try copy.numRows)
    }

    func testKeepsTheCallersCreatedBy() throws {
        var options = ParquetWriterOptions()
        options.createdBy = "my app 2.0"
        let written = try copy(options: options)
        XCTAssertEqual(written.createdBy, "my app 2.0")
        XCTAssertEqual(written.records, try ParquetFileReader.recordCount(path: TestPaths.fixtures.appendingPathComponent("example-dataset/parquet-files/batch_00000.parquet").path))
        XCTAssertGreaterThan(written.records, 0)
    }

    func testDefaultCreatedByNamesTheToolAndVersion() throws {
        XCTAssertEqual(try copy(options: ParquetWriterOptions()).createdBy, "data-designer version 0.1.0")
    }

    func testOnlyTheParquetSinkCopiesRowGroupsAsStored() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let source = TestPaths.fixtures.appendingPathComponent("example-dataset/parquet-files/batch_00000.parquet").path
        let reader = try ParquetFileReader(path: source)
        let jsonl = JSONLSink(output: try ByteOutput(atomicFileAt: folder.appendingPathComponent("x.jsonl").path))
        XCTAssertNil(jsonl.rowGroupCopier)
        let path = folder.appendingPathComponent("copy.parquet").path
        let output = try ByteOutput(atomicFileAt: path)
        var sink = ParquetSink(output: output)
        try sink.begin(schema: reader.schema)
        let copier = try XCTUnwrap(sink.rowGroupCopier)
        XCTAssertEqual(try copier.copyRowGroup(0, from: reader), reader.metadata.rowGroups[0].numRows)
        try sink.finish()
        try output.commit()
        let copy = try ParquetFileReader(path: path)
        XCTAssertEqual(copy.metadata.rowGroups.count, 1)
        XCTAssertEqual(try copy.numRows, reader.metadata.rowGroups[0].numRows)
    }
}
