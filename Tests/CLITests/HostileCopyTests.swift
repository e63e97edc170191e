import Foundation
import XCTest
import ParquetExport
import TestSupport

/// `export -f parquet` copies the row groups of a file with the output's codec as they are
/// stored, taking offsets, sizes and row counts from the source footer: lies there must end
/// in one `error:` line (or a harmless copy), never in an arithmetic overflow trap.
final class HostileCopyTests: XCTestCase {
    /// A Snappy fixture (the export's default codec, so its row groups are copied).
    private let source = TestPaths.fixtures.appendingPathComponent("flat/types_plain_v2_snappy.parquet")

    /// The source with its footer edited by `edit`.
    private func patched(_ edit: (inout FileMetaData) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: source))
        let n = bytes.count
        let length = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        var footer = try bytes[(n - 8 - length) ..< (n - 8)].withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
        XCTAssertTrue(footer.rowGroups.allSatisfy { $0.columns.allSatisfy { $0.metaData?.codec == .snappy } })
        edit(&footer)
        let encoded = footer.thriftCompactBytes()
        bytes = Array(bytes[0 ..< (n - 8 - length)]) + encoded
        bytes += (0 ..< 4).map { UInt8(truncatingIfNeeded: encoded.count >> (8 * $0)) } + Array("PAR1".utf8)
        let path = try TestPaths.temporaryFolder(self).appendingPathComponent("patched.parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func export(_ path: String) throws -> CLI.Result {
        let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out.parquet").path
        return try CLI.run(["export", path, "-o", out, "-q"])
    }

    /// The copied output, exported to JSONL, as bytes (the golden of the source fixture is
    /// what it must equal).
    private func copiedValues(_ path: String) throws -> Data {
        let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out.parquet").path
        let result = try CLI.run(["export", out, "-o", "-", "-f", "jsonl", "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    private var golden: Data {
        get throws { try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("flat/types_plain_v2_snappy.jsonl")) }
    }

    func testTheUnpatchedFileIsCopied() throws {
        let path = try patched { _ in }
        let result = try export(path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try copiedValues(path), try golden)
    }

    func testRowCountsThatOverflowAreRefused() throws {
        let path = try patched { footer in
            footer.rowGroups[0].numRows = Int64.max
            footer.rowGroups.append(footer.rowGroups[0])
        }
        let result = try export(path)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(path)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("row count 9223372036854775807 is out of range"), result.stderr)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
    }

    func testNegativeRowCountIsRefused() throws {
        let path = try patched { $0.rowGroups[0].numRows = -3 }
        let result = try export(path)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("row count -3 is out of range"), result.stderr)
    }

    func testDataPageOffsetOutsideTheChunkIsRefused() throws {
        let path = try patched { footer in
            guard var metadata = footer.rowGroups[0].columns[0].metaData else { return }
            metadata.dictionaryPageOffset = metadata.dataPageOffset
            metadata.dataPageOffset = Int64.max - 10
            footer.rowGroups[0].columns[0].metaData = metadata
        }
        let result = try export(path)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(path)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("do not fit the chunk"), result.stderr)
    }

    func testHugeUncompressedSizesDoNotOverflow() throws {
        let path = try patched { footer in
            for c in footer.rowGroups[0].columns.indices { footer.rowGroups[0].columns[c].metaData?.totalUncompressedSize = Int64.max }
        }
        let result = try export(path)
        if result.status == 0 {
            // A copy that went through carries the same values (the sizes are only hints).
            XCTAssertEqual(try copiedValues(path), try golden)
        } else {
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.hasPrefix("error: \(path)"), result.stderr)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
        }
    }
}
