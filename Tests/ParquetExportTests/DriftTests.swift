import Foundation
import XCTest
import TestSupport
import ParquetExport

/// Schema drift across the batch files of a generation run (Fixtures/drift, written with pandas
/// by scripts/golden/drift.py): success cases export to the unified JSONL and CSV goldens byte for
/// byte; error cases fail before or while exporting with a `ParquetError` that names the file and
/// column, and leave nothing at the destination.
final class DriftTests: XCTestCase {
    static var drift: URL { DriftManifest.folder }

    func loadManifest() throws -> DriftManifest { try DriftManifest.load() }

    func testManifestCoversTheDriftCases() throws {
        let names = Set(try loadManifest().cases.map(\.name))
        for name in ["int_to_double", "null_then_string", "list_null_batch", "required_optional", "timestamp_units",
                     "decimal_scales", "string_vs_int", "missing_column", "extra_column", "empty_folder",
                     "corrupt_truncated", "corrupt_page"] {
            XCTAssertTrue(names.contains(name), name)
        }
    }

    func testSuccessCasesMatchTheUnifiedGoldens() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var checked = 0
        for c in try loadManifest().cases where c.expect == "ok" {
            let input = Self.drift.appendingPathComponent(c.name).path
            for (format, golden) in [(ExportFormat.jsonl, c.jsonl), (.csv, c.csv)] {
                guard let golden else {
                    XCTFail("\(c.name): no \(format) golden")
                    continue
                }
                do {
                    let actual = try exportJSONL([input], in: folder, format: format)
                    let expected = try Data(contentsOf: Self.drift.appendingPathComponent(golden))
                    XCTAssertTrue(actual == expected, "\(c.name) \(format): \(firstDifference(actual, expected))")
                    checked += 1
                } catch {
                    XCTFail("\(c.name) \(format): \(error)")
                }
            }
            if let rows = c.rows {
                XCTAssertEqual(try Dataset(inputs: [input]).recordCount(), Int64(rows), c.name)
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 14)
    }

    /// The unified types, checked by hand against values.md's rules.
    func testUnifiedSchemas() throws {
        func column(_ name: String, _ path: String) throws -> ColumnDescriptor? {
            try Dataset(inputs: [Self.drift.appendingPathComponent(name).path]).schemaSummary().schema.column(named: path)
        }
        XCTAssertEqual(try column("int_to_double", "value")?.kind, .double)
        XCTAssertEqual(try column("int_to_double", "count")?.kind, .double)
        XCTAssertEqual(try column("null_then_string", "referral")?.kind, .string)
        XCTAssertEqual(try column("null_then_string", "comment")?.kind, .null)
        XCTAssertEqual(try column("list_null_batch", "tags.list.element")?.kind, .string)
        XCTAssertEqual(try column("list_null_batch", "scores.list.element")?.kind, .integer(bitWidth: 64, isSigned: true))
        XCTAssertEqual(try column("list_null_batch", "notes.list.element")?.kind, .string)
        XCTAssertEqual(try column("timestamp_units", "created")?.kind, .timestamp(unit: .micros, isAdjustedToUTC: false))
        XCTAssertEqual(try column("timestamp_units", "created_utc")?.kind, .timestamp(unit: .micros, isAdjustedToUTC: true))
        XCTAssertEqual(try column("decimal_scales", "price")?.kind, .decimal(precision: 10, scale: 4))
        XCTAssertEqual(try column("decimal_scales", "amount")?.kind, .decimal(precision: 35, scale: 10))
        XCTAssertEqual(try column("numeric_widths", "small")?.kind, .integer(bitWidth: 32, isSigned: true))
        XCTAssertEqual(try column("numeric_widths", "ratio")?.kind, .double)
        let required = try Dataset(inputs: [Self.drift.appendingPathComponent("required_optional").path]).schemaSummary().schema
        for field in required.fields {
            XCTAssertEqual(field.repetition, .optional, field.name)
        }
        XCTAssertEqual(required.fields.map(\.name), ["id", "name", "score"])
    }

    func testErrorCasesThrowNamingFileAndColumn() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var checked = 0
        for c in try loadManifest().cases where c.expect == "error" && c.onDisk != false {
            let input = Self.drift.appendingPathComponent(c.name)
            for format in [ExportFormat.jsonl, .csv] {
                let output = folder.appendingPathComponent("\(c.name).\(format.rawValue)")
                XCTAssertThrowsError(try Dataset(inputs: [input.path]).export(to: output.path), c.name) { error in
                    guard let e = error as? ParquetError else { return XCTFail("\(c.name): not a ParquetError: \(error)") }
                    let text = e.description
                    if let file = c.errorFile {
                        XCTAssertEqual(e.file, input.appendingPathComponent(file).path, "\(c.name): \(text)")
                    }
                    XCTAssertEqual(e.column, c.errorColumn, "\(c.name): \(text)")
                    for s in c.errorSubstrings ?? [] {
                        XCTAssertTrue(text.contains(s), "\(c.name): '\(s)' not in: \(text)")
                    }
                }
                XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "\(c.name): output left behind")
                checked += 1
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "temporary files left behind")
        XCTAssertGreaterThanOrEqual(checked, 12)
    }

    func testTypeErrorNamesBothTypesAndFiles() throws {
        let input = Self.drift.appendingPathComponent("string_vs_int")
        XCTAssertThrowsError(try Dataset(inputs: [input.path]).schemaSummary()) { error in
            let e = error as? ParquetError
            XCTAssertEqual(e?.kind, .invalidArgument)
            XCTAssertEqual(e?.column, "code")
            let message = e?.message ?? ""
            XCTAssertTrue(message.contains("INT64"), message)
            XCTAssertTrue(message.contains("STRING"), message)
            XCTAssertTrue(message.contains(input.appendingPathComponent("parquet-files/batch_00000.parquet").path), message)
            XCTAssertTrue(message.contains(input.appendingPathComponent("parquet-files/batch_00001.parquet").path), message)
        }
    }

    func testEmptyFolderFails() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let run = folder.appendingPathComponent("empty_run")
        try FileManager.default.createDirectory(at: run.appendingPathComponent("parquet-files"), withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("out.jsonl")
        XCTAssertThrowsError(try Dataset(inputs: [run.path]).export(to: output.path)) { error in
            let e = error as? ParquetError
            XCTAssertNotNil(e, "\(error)")
            XCTAssertTrue(e?.description.contains("no Parquet files") == true, "\(error)")
            XCTAssertEqual(e?.file, run.appendingPathComponent("parquet-files").path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }

    /// A batch whose data is corrupt fails the export after earlier batches were written; the
    /// earlier file at the destination survives and no temporary file is left.
    func testFailureMidExportKeepsEarlierDestination() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let input = Self.drift.appendingPathComponent("corrupt_page").path
        for format in [ExportFormat.jsonl, .csv] {
            let output = folder.appendingPathComponent("existing.\(format.rawValue)")
            let earlier = Data("an earlier export\n".utf8)
            try earlier.write(to: output)
            var progress: [Int64] = []
            XCTAssertThrowsError(try Dataset(inputs: [input]).export(to: output.path, progress: { progress.append($0) }))
            XCTAssertEqual(progress.first, 40, "batch 0 (40 records) is written before batch 1 fails")
            XCTAssertEqual(try Data(contentsOf: output), earlier)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [output.lastPathComponent])
            try FileManager.default.removeItem(at: output)
        }
    }
}
