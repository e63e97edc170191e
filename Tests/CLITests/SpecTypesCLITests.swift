import Foundation
import XCTest
import TestSupport

/// The CLI on parquet-format 2.11+ features: `--geometry`, `--no-verify-checksums`, VARIANT
/// export, annotation errors and `schema --stats` with the newer statistics.
final class SpecTypesCLITests: XCTestCase {
    func corpus() throws -> URL {
        try TestPaths.requireParquetTesting()
    }

    func testGeometryEncodings() throws {
        let file = try corpus().appendingPathComponent("data/geospatial/geospatial.parquet").path
        let wkt = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "-q"])
        XCTAssertEqual(wkt.status, 0, wkt.stderr)
        XCTAssertTrue(wkt.stdoutText.hasPrefix(#"{"group":"all","wkt":"POINT (30 10)","geometry":"POINT (30 10)"}"#), wkt.stdoutText)
        let geojson = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "-q", "--geometry", "GeoJSON"])
        XCTAssertTrue(geojson.stdoutText.hasPrefix(#"{"group":"all","wkt":"POINT (30 10)","geometry":{"type":"Point","coordinates":[30,10]}}"#))
        let wkb = try CLI.run(["export", file, "-o", "-", "-f", "csv", "-q", "--geometry", "wkb"])
        XCTAssertTrue(wkb.stdoutText.hasPrefix("group,wkt,geometry\nall,POINT (30 10),AQEAAAAAAAAAAAA+QAAAAAAAACRA\n"), wkb.stdoutText)
        let bad = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "--geometry", "svg"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("error: unknown geometry encoding 'svg'; use wkt, geojson or wkb\n"), bad.stderr)
    }

    func testChecksums() throws {
        let file = try corpus().appendingPathComponent("data/rle-dict-uncompressed-corrupt-checksum.parquet").path
        let checked = try CLI.run(["export", file, "-o", "-", "-f", "jsonl"])
        XCTAssertEqual(checked.status, 1)
        XCTAssertEqual(checked.stderr.split(separator: "\n").count, 1, checked.stderr)
        XCTAssertTrue(checked.stderr.hasPrefix("error: \(file): column 'long_field': row group 0, page 0 (DICTIONARY_PAGE at byte 4): the page checksum does not match"),
                      checked.stderr)
        let unchecked = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "-q", "--no-verify-checksums"])
        XCTAssertEqual(unchecked.status, 0, unchecked.stderr)
        XCTAssertEqual(unchecked.stdoutText.split(separator: "\n").count, 1000)
        // sample reads only some pages, and checks those.
        let sampled = try CLI.run(["sample", file, "-n", "3", "--seed", "7"])
        XCTAssertEqual(sampled.status, 1)
        XCTAssertTrue(sampled.stderr.hasPrefix("error: \(file): column 'long_field': row group 0, the DICTIONARY_PAGE at byte 4: the page checksum does not match"),
                      sampled.stderr)
        let sampledUnchecked = try CLI.run(["sample", file, "-n", "3", "--seed", "7", "--no-verify-checksums"])
        XCTAssertEqual(sampledUnchecked.status, 0, sampledUnchecked.stderr)
        XCTAssertEqual(sampledUnchecked.stdoutText.split(separator: "\n").count, 3)
        // Parquet output in the file's codec (uncompressed) copies row groups: checked too.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dd-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("copy.parquet").path
        let copied = try CLI.run(["export", file, "-o", copy, "--compression", "none", "-q"])
        XCTAssertEqual(copied.status, 1)
        XCTAssertTrue(copied.stderr.contains("the page checksum does not match"), copied.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        let copiedUnchecked = try CLI.run(["export", file, "-o", copy, "--compression", "none", "-q", "--no-verify-checksums"])
        XCTAssertEqual(copiedUnchecked.status, 0, copiedUnchecked.stderr)
    }

    func testShreddedVariantExportAndErrors() throws {
        let folder = try corpus().appendingPathComponent("shredded_variant")
        let ok = try CLI.run(["export", folder.appendingPathComponent("case-001.parquet").path, "-o", "-", "-f", "jsonl", "-q"])
        XCTAssertEqual(ok.stdoutText, #"{"id":1,"var":["comedy","drama"]}"# + "\n")
        let csv = try CLI.run(["export", folder.appendingPathComponent("case-001.parquet").path, "-o", "-", "-f", "csv", "-q"])
        XCTAssertEqual(csv.stdoutText, "id,var\n1,\"[\"\"comedy\"\",\"\"drama\"\"]\"\n")
        let conflict = folder.appendingPathComponent("case-042.parquet").path
        let failed = try CLI.run(["export", conflict, "-o", "-", "-f", "jsonl"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stderr, "error: \(conflict): column 'var': invalid variant: both value and typed_value are set for a value that is not an object\n")
    }

    func testAnnotationThatCannotApply() throws {
        let file = TestPaths.fixtures.appendingPathComponent("annotations/TIMESTAMP_MICROS-on-INT32.parquet").path
        for command in [["export", file, "-o", "-", "-f", "jsonl"], ["schema", file]] {
            let result = try CLI.run(command)
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(result.stderr, "error: \(file): column 'val': the annotation TIMESTAMP_MICROS cannot annotate physical type INT32\n")
        }
    }

    func testSchemaStatsShowsNewerStatistics() throws {
        let floats = try corpus().appendingPathComponent("data/floating_orders_nan_count.parquet").path
        let result = try CLI.run(["schema", "--stats", floats])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("column\tnulls\tnans\tmin\tmax\torder\tunencoded bytes\tgeospatial"), result.stdoutText)
        XCTAssertTrue(lines.contains("float_ieee754\t0\t14\t-5.0\t5.0\tIEEE_754_TOTAL_ORDER\t-\t-"), result.stdoutText)
        XCTAssertTrue(lines.contains("float16_ieee754\t0\t14\t-5.0\t5.0\tIEEE_754_TOTAL_ORDER\t-\t-"), result.stdoutText)
        let geo = try corpus().appendingPathComponent("data/geospatial/geography-points.parquet").path
        let geoResult = try CLI.run(["schema", "--stats", geo])
        XCTAssertTrue(geoResult.stdoutText.contains("geometry  BYTE_ARRAY  GEOGRAPHY(crs=OGC:CRS84, edges=SPHERICAL)  optional"), geoResult.stdoutText)
        XCTAssertTrue(geoResult.stdoutText.contains("geometry\t0\t-\t?\t?\tTYPE_ORDER\t10500\tbbox x [-180, 180] y [-90, 90]; types POINT"), geoResult.stdoutText)
    }
}
