import Foundation
import XCTest
import ParquetExport
import TestSupport

/// Conformance over apache/parquet-testing (`TestPaths.parquetTesting`), file by file.
///
/// Every file has an explicit expectation, so progress and regressions both show: a file
/// that starts to read must have its entry changed here.
final class ConformanceTests: XCTestCase {
    enum Expectation {
        /// Exports byte for byte to Fixtures/conformance/<path with / as __>.jsonl (derived with pyarrow).
        case golden
        /// Fails because a codec is not readable yet.
        case unsupportedCodec(String)
        /// Fails with this kind of error and a message containing the text.
        case error(ParquetError.Kind, String)
        /// Too large for a golden; a dedicated test checks it.
        case checkedSeparately
        /// A page checksum does not match: fails naming the file, column, row group and page;
        /// with checksums not verified, exports to its golden.
        case corruptChecksum
    }

    /// data/: files that must read (or fail for a stated reason).
    static let data: [String: Expectation] = [
        "alltypes_dictionary.parquet": .golden,
        "alltypes_plain.parquet": .golden,
        "alltypes_plain.snappy.parquet": .golden,
        "alltypes_tiny_pages.parquet": .golden,
        "alltypes_tiny_pages_plain.parquet": .golden,
        "binary.parquet": .golden,
        "binary_truncated_min_max.parquet": .golden,
        "byte_array_decimal.parquet": .golden,
        "byte_stream_split.zstd.parquet": .golden,
        "byte_stream_split_extended.gzip.parquet": .golden,
        "column_chunk_key_value_metadata.parquet": .golden,
        "concatenated_gzip_members.parquet": .golden,
        "data_index_bloom_encoding_stats.parquet": .golden,
        "data_index_bloom_encoding_with_length.parquet": .golden,
        "datapage_v1-corrupt-checksum.parquet": .corruptChecksum,
        "datapage_v1-snappy-compressed-checksum.parquet": .golden,
        "datapage_v1-uncompressed-checksum.parquet": .golden,
        "datapage_v2.snappy.parquet": .golden,
        "datapage_v2_empty_datapage.snappy.parquet": .golden,
        "delta_binary_packed.parquet": .golden,
        "delta_byte_array.parquet": .golden,
        "delta_encoding_optional_column.parquet": .golden,
        "delta_encoding_required_column.parquet": .golden,
        "delta_length_byte_array.parquet": .golden,
        "dict-page-offset-zero.parquet": .golden,
        "fixed_length_byte_array.parquet": .golden,
        "fixed_length_decimal.parquet": .golden,
        "fixed_length_decimal_legacy.parquet": .golden,
        "float16_nonzeros_and_nans.parquet": .golden,
        "float16_zeros_and_nans.parquet": .golden,
        "floating_orders_nan_count.parquet": .golden,
        "geospatial/crs-arbitrary-value.parquet": .golden,
        "geospatial/crs-default.parquet": .golden,
        "geospatial/crs-geography.parquet": .golden,
        "geospatial/crs-projjson.parquet": .golden,
        "geospatial/crs-srid.parquet": .golden,
        "geospatial/geography-lines.parquet": .golden,
        "geospatial/geography-points.parquet": .golden,
        "geospatial/geography-polygons.parquet": .golden,
        "geospatial/geospatial-with-nan.parquet": .golden,
        "geospatial/geospatial.parquet": .golden,
        "hadoop_lz4_compressed.parquet": .golden,
        "hadoop_lz4_compressed_larger.parquet": .golden,
        // pyarrow refuses its optional map keys; the golden was checked against DuckDB's reading.
        "incorrect_map_schema.parquet": .golden,
        "int32_decimal.parquet": .golden,
        "int32_with_null_pages.parquet": .golden,
        "int64_decimal.parquet": .golden,
        "int96_from_spark.parquet": .golden,
        // Two records of a 1 GiB map key: checked by testLargeStringMap, not by a golden.
        "large_string_map.brotli.parquet": .checkedSeparately,
        "list_columns.parquet": .golden,
        "lz4_raw_compressed.parquet": .golden,
        "lz4_raw_compressed_larger.parquet": .golden,
        "map_no_value.parquet": .golden,
        "nan_in_stats.parquet": .golden,
        // Written by an old parquet-mr that left the dictionary page out of the chunk size;
        // read like other readers do (PARQUET-816 padding).
        "nation.dict-malformed.parquet": .golden,
        "nested_lists.snappy.parquet": .golden,
        "nested_maps.snappy.parquet": .golden,
        "nested_structs.rust.parquet": .golden,
        "non_hadoop_lz4_compressed.parquet": .golden,
        "nonnullable.impala.parquet": .golden,
        "null_list.parquet": .golden,
        "nullable.impala.parquet": .golden,
        "nulls.snappy.parquet": .golden,
        "old_list_structure.parquet": .golden,
        "overflow_i16_page_cnt.parquet": .golden,
        "page_v2_empty_compressed.parquet": .golden,
        "plain-dict-uncompressed-checksum.parquet": .golden,
        "repeated_no_annotation.parquet": .golden,
        "repeated_primitive_no_list.parquet": .golden,
        "rle-dict-snappy-checksum.parquet": .golden,
        "rle-dict-uncompressed-corrupt-checksum.parquet": .corruptChecksum,
        "rle_boolean_encoding.parquet": .golden,
        "single_nan.parquet": .golden,
        "sort_columns.parquet": .golden,
        "unknown-logical-type.parquet": .golden,
        "encrypt_columns_and_footer.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "encrypt_columns_and_footer_aad.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "encrypt_columns_and_footer_bloom_filter.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "encrypt_columns_and_footer_ctr.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "encrypt_columns_plaintext_footer.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "external_key_material_java.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "uniform_encryption.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "aes256/encrypt_columns_and_footer.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "aes256/encrypt_columns_and_footer_ctr.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "aes256/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "aes256/encrypt_columns_plaintext_footer.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
        "aes256/uniform_encryption.parquet.encrypted": .error(.encrypted, "encrypted Parquet files are not supported"),
    ]

    /// shredded_variant/ (Iceberg's shredding cases, see cases.json): goldens from the Python
    /// reference (scripts/golden/variant.py); ShreddedVariantTests also compares every case with
    /// its `.variant.bin`.
    static let shreddedVariant: [String: Expectation] = [
        "case-001.parquet": .golden,
        "case-002.parquet": .golden,
        "case-004.parquet": .golden,
        "case-005.parquet": .golden,
        "case-006.parquet": .golden,
        "case-007.parquet": .golden,
        "case-008.parquet": .golden,
        "case-009.parquet": .golden,
        "case-010.parquet": .golden,
        "case-011.parquet": .golden,
        "case-012.parquet": .golden,
        "case-013.parquet": .golden,
        "case-014.parquet": .golden,
        "case-015.parquet": .golden,
        "case-016.parquet": .golden,
        "case-017.parquet": .golden,
        "case-018.parquet": .golden,
        "case-019.parquet": .golden,
        "case-020.parquet": .golden,
        "case-021.parquet": .golden,
        "case-022.parquet": .golden,
        "case-023.parquet": .golden,
        "case-024.parquet": .golden,
        "case-025.parquet": .golden,
        "case-026.parquet": .golden,
        "case-027.parquet": .golden,
        "case-028.parquet": .golden,
        "case-029.parquet": .golden,
        "case-030.parquet": .golden,
        "case-031.parquet": .golden,
        "case-032.parquet": .golden,
        "case-033.parquet": .golden,
        "case-034.parquet": .golden,
        "case-035.parquet": .golden,
        "case-036.parquet": .golden,
        "case-037.parquet": .golden,
        "case-038.parquet": .golden,
        "case-039.parquet": .golden,
        // cases.json: "Invalid variant, conflicting value and typed_value"
        "case-040.parquet": .error(.corrupt, "invalid variant: both value and typed_value are set"),
        "case-041.parquet": .golden,
        // cases.json: "Invalid variant, conflicting value and typed_value"
        "case-042.parquet": .error(.corrupt, "invalid variant: both value and typed_value are set"),
        // Not valid by the spec; read as its shredded value (cases.json allows either).
        "case-043-INVALID.parquet": .golden,
        "case-044.parquet": .golden,
        "case-045.parquet": .golden,
        "case-046.parquet": .golden,
        "case-047.parquet": .golden,
        "case-048.parquet": .golden,
        "case-049.parquet": .golden,
        "case-050.parquet": .golden,
        "case-051.parquet": .golden,
        "case-052.parquet": .golden,
        "case-053.parquet": .golden,
        "case-054.parquet": .golden,
        "case-055.parquet": .golden,
        "case-056.parquet": .golden,
        "case-057.parquet": .golden,
        "case-058.parquet": .golden,
        "case-059.parquet": .golden,
        "case-060.parquet": .golden,
        "case-061.parquet": .golden,
        "case-062.parquet": .golden,
        "case-063.parquet": .golden,
        "case-064.parquet": .golden,
        "case-065.parquet": .golden,
        "case-066.parquet": .golden,
        "case-067.parquet": .golden,
        "case-068.parquet": .golden,
        "case-069.parquet": .golden,
        "case-070.parquet": .golden,
        "case-071.parquet": .golden,
        "case-072.parquet": .golden,
        "case-073.parquet": .golden,
        "case-074.parquet": .golden,
        "case-075.parquet": .golden,
        "case-076.parquet": .golden,
        "case-077.parquet": .golden,
        "case-078.parquet": .golden,
        "case-079.parquet": .golden,
        "case-080.parquet": .golden,
        "case-081.parquet": .golden,
        "case-082.parquet": .golden,
        "case-083.parquet": .golden,
        // Not valid by the spec; read as its shredded value (cases.json allows either).
        "case-084-INVALID.parquet": .golden,
        "case-085.parquet": .golden,
        "case-086.parquet": .golden,
        // cases.json: "Invalid variant, non-object value with shredded fields"
        "case-087.parquet": .error(.corrupt, "invalid variant: a value that is not an object has shredded fields"),
        "case-088.parquet": .golden,
        "case-089.parquet": .golden,
        "case-090.parquet": .golden,
        "case-091.parquet": .golden,
        "case-092.parquet": .golden,
        "case-093.parquet": .golden,
        "case-094.parquet": .golden,
        "case-095.parquet": .golden,
        "case-096.parquet": .golden,
        "case-097.parquet": .golden,
        "case-098.parquet": .golden,
        "case-099.parquet": .golden,
        "case-100.parquet": .golden,
        "case-101.parquet": .golden,
        "case-102.parquet": .golden,
        "case-103.parquet": .golden,
        "case-104.parquet": .golden,
        "case-105.parquet": .golden,
        "case-106.parquet": .golden,
        "case-107.parquet": .golden,
        "case-108.parquet": .golden,
        "case-109.parquet": .golden,
        "case-110.parquet": .golden,
        "case-111.parquet": .golden,
        "case-112.parquet": .golden,
        "case-113.parquet": .golden,
        "case-114.parquet": .golden,
        "case-115.parquet": .golden,
        "case-116.parquet": .golden,
        "case-117.parquet": .golden,
        "case-118.parquet": .golden,
        "case-119.parquet": .golden,
        "case-120.parquet": .golden,
        "case-121.parquet": .golden,
        "case-122.parquet": .golden,
        "case-123.parquet": .golden,
        "case-124.parquet": .golden,
        // Not valid by the spec; read as its shredded value (cases.json allows either).
        "case-125-INVALID.parquet": .golden,
        "case-126.parquet": .golden,
        // cases.json: "Unsupported shredded value type: INTEGER(32,false)"
        "case-127.parquet": .error(.unsupported, "has a type no Variant value is shredded as"),
        // cases.json: "Invalid variant, non-object value with shredded fields"
        "case-128.parquet": .error(.corrupt, "invalid variant: a value that is not an object has shredded fields"),
        "case-129.parquet": .golden,
        "case-130.parquet": .golden,
        "case-131.parquet": .golden,
        "case-132.parquet": .golden,
        "case-133.parquet": .golden,
        "case-134.parquet": .golden,
        "case-135.parquet": .golden,
        "case-136.parquet": .golden,
        // cases.json: "Unsupported shredded value type: optional fixed_len_byte_array(4) typed_value"
        "case-137.parquet": .error(.unsupported, "has a type no Variant value is shredded as"),
        "case-138.parquet": .golden,
    ]

    /// bad_data/: every file must fail with a ParquetError naming the fault (never a crash),
    /// unless it is listed with the records it reads as (as pyarrow reads it too).
    static let badDataThatReads: [String: (rows: Int, everyLine: String)] = [
        // RLE dictionary indices with bit width 0: every index is 0 (pyarrow reads 21186 zeros
        // of the uint16 column min_fl).
        "ARROW-GH-43605.parquet": (21186, #"{"min_fl":0}"#),
    ]

    static let badData: [String: String] = [
        "ARROW-GH-41317.parquet": "Statistics.is_max_value_exact",
        "ARROW-GH-41321.parquet": "RLE/bit-packed",
        "ARROW-GH-45185.parquet": "levels do not match",
        "ARROW-GH-47662.parquet": "truncated PLAIN FIXED_LEN_BYTE_ARRAY",
        "ARROW-RS-GH-6229-DICTHEADER.parquet": "outside the file",
        "ARROW-RS-GH-6229-LEVELS.parquet": "a data page claims 21 values but only 1 of the column chunk's 1 are left",
        "PARQUET-1481.parquet": "physical type -7",
    ]

    func corpus() throws -> URL {
        try TestPaths.requireParquetTesting("conformance")
    }

    /// Files in a corpus folder (recursively), relative to it, that end in .parquet or .parquet.encrypted.
    func listFiles(_ folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".parquet") || path.hasSuffix(".parquet.encrypted") { files.append(path) }
        }
        return files.sorted()
    }

    func testEveryDataFileHasAnExpectation() throws {
        let files = listFiles(try corpus().appendingPathComponent("data"))
        XCTAssertEqual(Set(files), Set(Self.data.keys), "the expectation list and parquet-testing/data differ")
        let bad = listFiles(try corpus().appendingPathComponent("bad_data"))
        XCTAssertEqual(Set(bad), Set(Self.badData.keys).union(Self.badDataThatReads.keys), "the expectation list and parquet-testing/bad_data differ")
    }

    func testDataFiles() throws {
        let root = try corpus().appendingPathComponent("data")
        let folder = try TestPaths.temporaryFolder(self)
        var counts = [String: Int]()
        for (name, expectation) in Self.data.sorted(by: { $0.key < $1.key }) {
            let path = root.appendingPathComponent(name).path
            switch expectation {
            case .golden:
                if checkGolden(name, path: path, in: folder) { counts["golden", default: 0] += 1 }
            case .corruptChecksum:
                XCTAssertThrowsError(try exportJSONL([path], in: folder), name) { error in
                    XCTAssertEqual((error as? ParquetError)?.kind, .corrupt, "\(name): \(error)")
                    XCTAssertTrue("\(error)".hasPrefix(path + ": column '"), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains("row group 0, page 0 ("), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains("the page checksum does not match"), "\(name): \(error)")
                }
                // Parquet output in the source's codec copies row groups as stored: the copy
                // checks the page CRCs too, and leaves nothing behind.
                let copy = folder.appendingPathComponent("checked-\(UUID().uuidString).parquet").path
                let stored = try ParquetFileReader(path: path, options: ReadOptions(verifyChecksums: false)).metadata.rowGroups
                XCTAssertTrue(stored.allSatisfy { $0.columns.allSatisfy { $0.metaData?.codec == .uncompressed } }, name)
                XCTAssertThrowsError(try Dataset(inputs: [path]).export(to: copy, compression: .uncompressed), name) { error in
                    XCTAssertTrue("\(error)".hasPrefix(path + ": column '"), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains("row group 0, page 0 ("), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains("the page checksum does not match"), "\(name): \(error)")
                }
                XCTAssertFalse(FileManager.default.fileExists(atPath: copy), name)
                // The header walk used for chunks too large to check in memory finds it too.
                let walker = try ParquetFileReader(path: path)
                let failing = try (0 ..< walker.schema.columns.count).filter { column in
                    do { try walker.verifyPageChecksums(rowGroup: 0, column: column); return false } catch let error as ParquetError {
                        XCTAssertTrue("\(error)".hasPrefix(path + ": column '\(walker.schema.columns[column].dottedPath)': row group 0, page "), "\(name): \(error)")
                        XCTAssertTrue("\(error)".contains("the page checksum does not match"), "\(name): \(error)")
                        return true
                    }
                }
                XCTAssertEqual(failing, Array(walker.schema.columns.indices), name)  // both files corrupt every column
                try Dataset(inputs: [path]).export(to: copy, compression: .uncompressed, verifyChecksums: false)
                XCTAssertEqual(try ParquetFileReader(path: copy, options: ReadOptions(verifyChecksums: false)).numRows,
                               try ParquetFileReader(path: path).numRows, name)
                let golden = try Data(contentsOf: goldenURL(name, ".jsonl"))
                let output = folder.appendingPathComponent("unchecked.jsonl").path
                try Dataset(inputs: [path]).export(to: output, verifyChecksums: false)
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), golden, name)
                counts["corrupt checksum", default: 0] += 1
            case .unsupportedCodec(let codec):
                XCTAssertThrowsError(try exportJSONL([path], in: folder), name) { error in
                    XCTAssertEqual((error as? ParquetError)?.kind, .unsupported, "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains("codec \(codec) is not supported"), "\(name): \(error)")
                }
                counts["unsupported codec", default: 0] += 1
            case .checkedSeparately:
                counts["checked separately", default: 0] += 1
            case .error(let kind, let text):
                XCTAssertThrowsError(try exportJSONL([path], in: folder), name) { error in
                    XCTAssertEqual((error as? ParquetError)?.kind, kind, "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains(text), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains(name), "\(name): the error does not name the file: \(error)")
                }
                counts["error", default: 0] += 1
            }
        }
        print("parquet-testing/data: \(counts)")
    }

    func goldenURL(_ name: String, _ suffix: String) -> URL {
        TestPaths.fixtures.appendingPathComponent("conformance")
            .appendingPathComponent(name.replacingOccurrences(of: "/", with: "__") + suffix)
    }

    /// Compares the JSONL export of `path` with its golden (also after a round trip through
    /// the Parquet writer), and the GeoJSON and CSV exports with theirs where they exist.
    func checkGolden(_ name: String, path: String, in folder: URL) -> Bool {
        do {
            let actual = try exportJSONL([path], in: folder)
            let expected = try Data(contentsOf: goldenURL(name, ".jsonl"))
            XCTAssertTrue(actual == expected, "\(name) differs from pyarrow at \(firstDifference(actual, expected))")
            // The Parquet writer keeps every value: export → Parquet → JSONL is unchanged.
            let copy = folder.appendingPathComponent("copy.parquet").path
            try Dataset(inputs: [path]).export(to: copy, format: .parquet)
            let again = try exportJSONL([copy], in: folder)
            XCTAssertTrue(again == expected, "\(name) after a Parquet round trip: \(firstDifference(again, expected))")
            let geojson = goldenURL(name, ".geojson.jsonl")
            if FileManager.default.fileExists(atPath: geojson.path) {
                let output = folder.appendingPathComponent("geo.jsonl").path
                try Dataset(inputs: [path]).export(to: output, geometry: .geojson)
                let text = try Data(contentsOf: URL(fileURLWithPath: output)), golden = try Data(contentsOf: geojson)
                XCTAssertTrue(text == golden, "\(name) as GeoJSON: \(firstDifference(text, golden))")
            }
            let csv = goldenURL(name, ".csv")
            if FileManager.default.fileExists(atPath: csv.path) {
                let text = try exportJSONL([path], in: folder, format: .csv), golden = try Data(contentsOf: csv)
                XCTAssertTrue(text == golden, "\(name) as CSV: \(firstDifference(text, golden))")
            }
            return actual == expected
        } catch {
            XCTFail("\(name): \(error)")
            return false
        }
    }

    func testEveryShreddedVariantFileHasAnExpectation() throws {
        let files = listFiles(try corpus().appendingPathComponent("shredded_variant"))
        XCTAssertEqual(Set(files), Set(Self.shreddedVariant.keys), "the expectation list and parquet-testing/shredded_variant differ")
    }

    func testShreddedVariantFiles() throws {
        let root = try corpus().appendingPathComponent("shredded_variant")
        let folder = try TestPaths.temporaryFolder(self)
        var counts = [String: Int]()
        for (name, expectation) in Self.shreddedVariant.sorted(by: { $0.key < $1.key }) {
            let path = root.appendingPathComponent(name).path
            switch expectation {
            case .golden:
                if checkGolden("shredded_variant/" + name, path: path, in: folder) { counts["golden", default: 0] += 1 }
            case .error(let kind, let text):
                XCTAssertThrowsError(try exportJSONL([path], in: folder), name) { error in
                    XCTAssertEqual((error as? ParquetError)?.kind, kind, "\(name): \(error)")
                    XCTAssertTrue("\(error)".hasPrefix(path + ": column 'var': "), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains(text), "\(name): \(error)")
                }
                counts["error", default: 0] += 1
            default:
                XCTFail("\(name): no such expectation for shredded_variant/")
            }
        }
        XCTAssertEqual(counts, ["golden": 131, "error": 6])
    }

    func testBadDataFilesFailCleanly() throws {
        let root = try corpus().appendingPathComponent("bad_data")
        let folder = try TestPaths.temporaryFolder(self)
        for (name, text) in Self.badData.sorted(by: { $0.key < $1.key }) {
            let path = root.appendingPathComponent(name).path
            XCTAssertThrowsError(try exportJSONL([path], in: folder), name) { error in
                XCTAssertTrue(error is ParquetError, "\(name): \(error)")
                XCTAssertTrue("\(error)".contains(text), "\(name): \(error)")
            }
            // Counting reads the footer only and must not crash either.
            _ = try? Dataset(inputs: [path]).recordCount()
        }
        for (name, expected) in Self.badDataThatReads {
            let data = try exportJSONL([root.appendingPathComponent(name).path], in: folder)
            let lines = data.split(separator: UInt8(ascii: "\n"))
            XCTAssertEqual(lines.count, expected.rows, name)
            let other = lines.first { String(decoding: $0, as: UTF8.self) != expected.everyLine }
            XCTAssertNil(other.map { String(decoding: $0, as: UTF8.self) }, "\(name): a record differs from \(expected.everyLine)")
        }
    }

    /// large_string_map.brotli.parquet: BROTLI pages of just over 1 GiB holding two records of
    /// `{"a" * 2^30: 1}` (see parquet-testing's README). Read one record per batch.
    func testLargeStringMap() throws {
        let path = try corpus().appendingPathComponent("data/large_string_map.brotli.parquet").path
        let reader = try ParquetFileReader(path: path)
        XCTAssertEqual(try reader.numRows, 2)
        var batches = try reader.batches(maxRowsPerBatch: 1)
        var records = 0
        while let batch = try batches.next() {
            records += batch.numRows
            guard case .byteArray(let keys) = try XCTUnwrap(batch.column(at: 0)).values,
                  case .int32(let values) = try XCTUnwrap(batch.column(at: 1)).values else {
                return XCTFail("unexpected column types")
            }
            XCTAssertEqual(keys.count, 1)
            XCTAssertEqual(keys.range(0).count, 1 << 30)
            XCTAssertEqual(keys.bytes.first, UInt8(ascii: "a"))
            XCTAssertEqual(keys.bytes.last, UInt8(ascii: "a"))
            XCTAssertEqual(keys.bytes[keys.bytes.count / 2], UInt8(ascii: "a"))
            XCTAssertEqual(values, [1])
        }
        XCTAssertEqual(records, 2)
    }
}
