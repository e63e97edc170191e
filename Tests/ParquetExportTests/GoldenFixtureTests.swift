import Foundation
import XCTest
import ParquetExport
import TestSupport

/// Every fixture listed in Fixtures/manifest.json must export to its golden JSONL byte for
/// byte — or, while its codec is not readable yet, fail with a clear "not supported" error.
final class GoldenFixtureTests: XCTestCase {
    func testManifestCoversFlatAndNestedFixtures() throws {
        let manifest = try GoldenManifest.load()
        XCTAssertGreaterThanOrEqual(manifest.fixtures.filter { $0.features.contains("flat") }.count, 30)
        XCTAssertGreaterThanOrEqual(manifest.fixtures.filter { $0.features.contains("nested") }.count, 10)
    }

    func testEveryFixtureMatchesItsGolden() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var matched = 0, unsupported = 0
        for entry in try GoldenManifest.load().fixtures {
            let path = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let codecs = entry.compressionCodecs
            XCTAssertEqual(codecs.count, entry.codecs.count, "\(entry.file): unknown codec name in \(entry.codecs)")
            let readable = codecs.allSatisfy { ParquetFileReader.supportedCodecs.contains($0) }
            if readable {
                do {
                    let actual = try exportJSONL([path], in: folder)
                    let expected = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden))
                    XCTAssertTrue(actual == expected, "\(entry.file) differs from its golden at \(firstDifference(actual, expected))")
                    if actual == expected { matched += 1 }
                } catch {
                    XCTFail("\(entry.file): \(error)")
                }
            } else {
                XCTAssertThrowsError(try exportJSONL([path], in: folder), entry.file) { error in
                    let e = error as? ParquetError
                    XCTAssertEqual(e?.kind, .unsupported, "\(entry.file): \(error)")
                    XCTAssertTrue(e?.message.contains("not supported") == true, "\(entry.file): \(error)")
                }
                unsupported += 1
            }
        }
        print("golden fixtures: \(matched) matched, \(unsupported) with codecs not readable yet")
    }

    /// reader → Parquet writer → reader gives the same JSONL as the source, for every fixture,
    /// with every codec the writer writes (Snappy, none, GZIP, ZSTD, LZ4_RAW, BROTLI).
    func testEveryFixtureRoundTripsThroughTheParquetWriter() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var roundTrips = 0
        for entry in try GoldenManifest.load().fixtures {
            let codecs = entry.compressionCodecs
            guard codecs.allSatisfy({ ParquetFileReader.supportedCodecs.contains($0) }) else { continue }
            let source = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let expected = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden))
            for compression in CompressionCodec.writable {
                let copy = folder.appendingPathComponent("copy.parquet").path
                do {
                    try Dataset(inputs: [source]).export(to: copy, format: .parquet, compression: compression)
                    let actual = try exportJSONL([copy], in: folder)
                    XCTAssertTrue(actual == expected, "\(entry.file) (\(compression)) after a Parquet round trip: \(firstDifference(actual, expected))")
                    roundTrips += 1
                } catch {
                    XCTFail("\(entry.file) (\(compression)): \(error)")
                }
            }
        }
        XCTAssertGreaterThan(roundTrips, 60)
    }

    /// Parquet → Parquet with the same codec and no type change copies the column chunks as
    /// they are stored; a type change (the null-typed batch) or another codec re-encodes.
    func testParquetExportCopiesUnchangedChunks() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset")
        let out = folder.appendingPathComponent("copy.parquet").path
        try Dataset(inputs: [dataset.path]).export(to: out)
        let inputs = try Dataset(inputs: [dataset.path]).files.map { try ParquetFileReader(path: $0) }
        let output = try ParquetFileReader(path: out)
        XCTAssertEqual(output.metadata.rowGroups.count, 3)
        for (group, input) in zip(output.metadata.rowGroups, inputs) {
            let sizes = group.columns.map { $0.metaData?.totalCompressedSize }
            let source = input.metadata.rowGroups[0].columns.map { $0.metaData?.totalCompressedSize }
            // batch_00001 has a null-typed column, so it is converted and re-encoded.
            if input.path.hasSuffix("batch_00001.parquet") {
                XCTAssertNotEqual(sizes, source)
            } else {
                XCTAssertEqual(sizes, source, input.path)
            }
        }
        let expected = try Data(contentsOf: dataset.appendingPathComponent("example-dataset.jsonl"))
        XCTAssertEqual(try exportJSONL([out], in: folder), expected)
        // Asking for another codec re-encodes every chunk.
        let plain = folder.appendingPathComponent("plain.parquet").path
        try Dataset(inputs: [dataset.path]).export(to: plain, compression: .uncompressed)
        let codecs = try ParquetFileReader(path: plain).metadata.rowGroups.flatMap { $0.columns.compactMap { $0.metaData?.codec } }
        XCTAssertEqual(Set(codecs), [.uncompressed])
        XCTAssertEqual(try exportJSONL([plain], in: folder), expected)

        // GZIP at level 1, then GZIP again: copied as stored without a level, compressed
        // again (at level 9 here) when one is given, since the source's level is unknown.
        let fast = folder.appendingPathComponent("fast.parquet").path
        try Dataset(inputs: [dataset.path]).export(to: fast, compression: .gzip, compressionLevel: 1)
        func chunkSizes(_ path: String) throws -> [Int64?] {
            try ParquetFileReader(path: path).metadata.rowGroups.flatMap { $0.columns.map { $0.metaData?.totalCompressedSize } }
        }
        let copied = folder.appendingPathComponent("copied.parquet").path
        try Dataset(inputs: [fast]).export(to: copied, compression: .gzip)
        XCTAssertEqual(try chunkSizes(copied), try chunkSizes(fast))
        let recompressed = folder.appendingPathComponent("recompressed.parquet").path
        try Dataset(inputs: [fast]).export(to: recompressed, compression: .gzip, compressionLevel: 9)
        XCTAssertNotEqual(try chunkSizes(recompressed), try chunkSizes(fast))
        for path in [fast, copied, recompressed] {
            let codecs = try ParquetFileReader(path: path).metadata.rowGroups.flatMap { $0.columns.compactMap { $0.metaData?.codec } }
            XCTAssertEqual(Set(codecs), [.gzip], path)
            XCTAssertEqual(try exportJSONL([path], in: folder), expected, path)
        }
        // Out-of-range levels and codecs the writer cannot write fail before anything is written.
        let refused = folder.appendingPathComponent("refused.parquet").path
        XCTAssertThrowsError(try Dataset(inputs: [dataset.path]).export(to: refused, compression: .lz4Raw, compressionLevel: 13))
        XCTAssertThrowsError(try Dataset(inputs: [dataset.path]).export(to: refused, compression: .lzo))
        XCTAssertFalse(FileManager.default.fileExists(atPath: refused))
    }
}
