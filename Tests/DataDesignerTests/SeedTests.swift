import Foundation
import XCTest
import Parquet
import ParquetExport
@testable import DataDesigner
import TestSupport

/// Seed files as input: parsing rules, typed values, limits and errors naming the file.
final class SeedTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "seed-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A config at `folder/config.yaml` reading `seed` with one expression column.
    private func config(seed: String, extra: String = "", expr: String = "x", columnName: String = "e") throws -> DatasetConfig {
        let text = """
        seed_config:
          source: {seed_type: local, path: \(seed)}
        \(extra)
        columns:
          - {name: \(columnName), column_type: expression, expr: '\(expr)'}

        """
        let path = try write("config.yaml", text)
        return try DatasetConfig.load(path: path)
    }

    private func table(_ file: String, limits: SeedLimits = SeedLimits()) throws -> SeedTable {
        let format: SeedSettings.Format = file.hasSuffix(".csv") ? .csv : file.hasSuffix(".parquet") ? .parquet : .json
        return try SeedTable.load(SeedSettings(path: file, files: [folder + "/" + file], format: format), limits: limits)
    }

    /// Each cell as a template shows it (`str()` of the value the real tool hands Jinja).
    private func texts(_ c: SeedColumn) -> [String] {
        (0..<c.values.buffer.count).map { RowVariables.cell(c.values, row: $0, json: false).str }
    }

    private func assertFails(_ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(message), "\(error)", file: file, line: line)
        }
    }

    func testCSVQuotesCRLFBlankLinesAndRepeatedNames() throws {
        try write("a.csv", "id,id,note\r\n1,2,\"a, \"\"b\"\"\r\nc\"\r\n\r\n3,4,\r\n")
        let t = try table("a.csv")
        XCTAssertEqual(t.columns.map(\.name), ["id", "id_1", "note"])
        XCTAssertEqual(t.columns.map(\.type), [.int64, .int64, .string])
        XCTAssertEqual(texts(t.columns[2]), ["a, \"b\"\r\nc", "nan"])
        XCTAssertEqual(t.rowCount, 2)
    }

    func testCSVTypesAsDuckDBSniffsThem() throws {
        try write("t.csv", """
        i,lead,plus,d,b,date,ts,tz,mixed,blank
        1,007,+3,1.5,Yes,2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00Z,2024-01-05,
        -2,010,4,.5,no,2024-02-29,2024-02-29T23:59:59.123456789,2024-01-05 12:00:00+02:00,x,
        """)
        let t = try table("t.csv")
        XCTAssertEqual(t.columns.map(\.type), [.int64, .string, .string, .double, .boolean, .date,
                                               .timestamp(.micros, utc: false), .timestamp(.micros, utc: true), .string, .double])
        XCTAssertEqual(texts(t.columns[3]), ["1.5", "0.5"])
        XCTAssertEqual(texts(t.columns[6]), ["2024-01-05T10:00:00", "2024-02-29T23:59:59.123456"])
        XCTAssertEqual(texts(t.columns[7]), ["2024-01-05T10:00:00+00:00", "2024-01-05T10:00:00+00:00"])
        XCTAssertEqual(texts(t.columns[9]), ["nan", "nan"])
    }

    func testIntegerColumnWithANullBecomesDouble() throws {
        try write("n.csv", "n\n1\n\n")  // the blank line is skipped: no null
        XCTAssertEqual(try table("n.csv").columns[0].type, .int64)
        try write("m.csv", "n,x\n1,a\n,b\n")
        let c = try table("m.csv").columns[0]
        XCTAssertEqual(c.type, .double)
        XCTAssertEqual(texts(c), ["1.0", "nan"])
    }

    func testCSVErrorsNameTheFileAndLine() throws {
        try write("ragged.csv", "a,b\n1,2\n3\n")
        assertFails("ragged.csv: line 3: 1 field(s) where the header has 2") { _ = try self.table("ragged.csv") }
        try write("open.csv", "a\n\"never closed\n")
        assertFails("open.csv: line 2: a quoted field is not closed") { _ = try self.table("open.csv") }
        try Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: folder + "/bin.csv"))
        assertFails("bin.csv: the file is not valid UTF-8 text") { _ = try self.table("bin.csv") }
        try write("empty.csv", "")
        assertFails("empty.csv: the file is empty") { _ = try self.table("empty.csv") }
        try write("header.csv", "a,b\n")
        assertFails("has no rows") { _ = try self.table("header.csv") }
    }

    func testLimitsEndTheRunNamingFileAndColumn() throws {
        try write("big.csv", "name,v\nshort,1\n\(String(repeating: "x", count: 5000)),2\n")
        var limits = SeedLimits()
        limits.maxCellBytes = 1000
        assertFails("big.csv: column 'name', row 3: a value of 5000 bytes exceeds the limit of 1000 bytes") { _ = try self.table("big.csv", limits: limits) }
        limits = SeedLimits()
        limits.maxRows = 1
        assertFails("big.csv: more than 1 rows") { _ = try self.table("big.csv", limits: limits) }
        limits = SeedLimits()
        limits.maxColumns = 1
        assertFails("big.csv: line 1 has more than 1 fields") { _ = try self.table("big.csv", limits: limits) }
        limits = SeedLimits()
        limits.maxFileBytes = 100
        assertFails("larger than the limit of 100 bytes") { _ = try self.table("big.csv", limits: limits) }
        limits = SeedLimits()
        limits.maxDecodedBytes = 1000
        assertFails("the decoded seed exceeds the limit of 1000 bytes") { _ = try self.table("big.csv", limits: limits) }
        try write("wide.csv", String(repeating: "a,", count: 20) + "a\n")
        limits = SeedLimits()
        limits.maxColumns = 5
        assertFails("wide.csv: line 1 has more than 5 fields") { _ = try self.table("wide.csv", limits: limits) }
        try write("long.jsonl", "{\"s\": \"\(String(repeating: "y", count: 3000))\"}\n")
        limits = SeedLimits()
        limits.maxCellBytes = 1000
        assertFails("long.jsonl: column 's', row 1: a value of 3000 bytes") { _ = try self.table("long.jsonl", limits: limits) }
    }

    func testJSONLinesKindsMissingKeysAndMixedValues() throws {
        try write("e.jsonl", """
        {"i": 1, "f": 1, "b": true, "s": "2024-01-01", "m": 1, "t": "x"}
        {"i": 2, "f": 2.5, "b": null, "s": "2024-01-02", "m": "one", "extra": [1]}

        """.replacingOccurrences(of: ", \"extra\": [1]", with: ""))
        let t = try table("e.jsonl")
        XCTAssertEqual(t.columns.map(\.name), ["i", "f", "b", "s", "m", "t"])
        XCTAssertEqual(t.columns.map(\.type), [.int64, .double, .boolean, .date, .string, .string])
        XCTAssertEqual(texts(t.columns[4]), ["1", "\"one\""])
        XCTAssertEqual(texts(t.columns[5]), ["x", "nan"])
        XCTAssertEqual(texts(t.columns[2]), ["True", "None"])
        try write("arr.json", "[{\"a\": 1}, {\"a\": 2, \"b\": \"z\"}]")
        let a = try table("arr.json")
        XCTAssertEqual(a.columns.map(\.name), ["a", "b"])
        XCTAssertEqual(texts(a.columns[1]), ["nan", "z"])
    }

    func testJSONErrorsNameTheFileLineAndColumn() throws {
        try write("nested.jsonl", "{\"a\": 1}\n{\"a\": {\"k\": 1}}\n")
        assertFails("nested.jsonl: line 2: column 'a' holds a mapping; nested seed values are not supported") { _ = try self.table("nested.jsonl") }
        try write("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n")
        assertFails("bad.jsonl: line 2:") { _ = try self.table("bad.jsonl") }
        try write("scalar.jsonl", "5\n")
        assertFails("scalar.jsonl: line 1 is an integer, not a JSON object") { _ = try self.table("scalar.jsonl") }
    }

    private func writeParquet(_ name: String, _ elements: [SchemaElement], _ columns: (Schema) -> [ColumnData], rows: Int) throws {
        let schema = try Schema(elements: elements)
        let output = try ByteOutput(atomicFileAt: folder + "/" + name)
        let writer = try ParquetFileWriter(output: output, schema: schema, options: ParquetWriterOptions())
        try writer.write(RecordBatch(schema: schema, columns: columns(schema), numRows: rows, rowGroupIndex: 0))
        try writer.close()
        try output.commit()
    }

    func testParquetSeedTypesAndRefusals() throws {
        try writeParquet("ok.parquet", [
            group("schema", .required, children: 3),
            leaf("u8", .int32, .required, logical: .integer(bitWidth: 8, isSigned: false)),
            leaf("maybe", .int64, .optional),
            leaf("f", .float, .required),
        ], { s in [
            ColumnData(descriptor: s.columns[0], definitionLevels: [], repetitionLevels: [], values: .int32([200, 7]), levelCount: 2),
            ColumnData(descriptor: s.columns[1], definitionLevels: [1, 0], repetitionLevels: [], values: .int64([5]), levelCount: 2),
            ColumnData(descriptor: s.columns[2], definitionLevels: [], repetitionLevels: [], values: .float([0.5, 1.5]), levelCount: 2),
        ] }, rows: 2)
        let t = try table("ok.parquet")
        XCTAssertEqual(t.columns.map(\.type), [.int64, .double, .double])
        XCTAssertEqual(texts(t.columns[0]), ["200", "7"])
        XCTAssertEqual(texts(t.columns[1]), ["5.0", "nan"])
        try writeParquet("dec.parquet", [
            group("schema", .required, children: 1),
            leaf("price", .int64, .required, logical: .decimal(scale: 2, precision: 10), scale: 2, precision: 10),
        ], { s in [ColumnData(descriptor: s.columns[0], definitionLevels: [], repetitionLevels: [], values: .int64([125]), levelCount: 1)] }, rows: 1)
        assertFails("dec.parquet: column 'price' has type") { _ = try self.table("dec.parquet") }
        try writeParquet("nested.parquet", [
            group("schema", .required, children: 1),
            group("g", .optional, children: 1),
            leaf("x", .int32, .optional),
        ], { s in [ColumnData(descriptor: s.columns[0], definitionLevels: [2], repetitionLevels: [], values: .int32([1]), levelCount: 1)] }, rows: 1)
        assertFails("nested.parquet: column 'g' is nested") { _ = try self.table("nested.parquet") }
        try write("junk.parquet", "not a parquet file at all")
        assertFails("seed file \(folder!)/junk.parquet") { _ = try self.table("junk.parquet") }
    }

    func testSelectionOutOfBoundsAsDataDesignerWordsIt() throws {
        try write("five.csv", "k\n0\n1\n2\n3\n4\n")
        assertFails("five.csv: selection strategy 'end' index 5 is out of bounds for dataset size 5") {
            _ = try GenerationPlan(config: try self.config(seed: "five.csv", extra: "  selection_strategy: {start: 2, end: 5}", expr: "{{ k }}"))
        }
        assertFails("five.csv: selection strategy 'num_partitions' 6 is out of bounds for dataset size 5") {
            _ = try GenerationPlan(config: try self.config(seed: "five.csv", extra: "  selection_strategy: {index: 0, num_partitions: 6}", expr: "{{ k }}"))
        }
    }

    func testSeedColumnsComeFirstAndFeedExpressions() throws {
        try write("five.csv", "k,w\n0,a\n1,b\n2,c\n3,d\n4,e\n")
        let config = try self.config(seed: "five.csv", extra: "  sampling_strategy: ordered", expr: "{{ w }}{{ k }}")
        XCTAssertEqual(config.seed?.columnNames, ["k", "w"])
        let plan = try GenerationPlan(config: config)
        XCTAssertEqual(plan.schema.columns.map(\.dottedPath), ["k", "w", "e"])
        let batch = try BatchGenerator(plan: plan, seed: 1).generate(batch: 1, rows: 4, firstRecord: 4).records
        XCTAssertEqual(try DDFixtures.values(batch, "e").map { $0 as? String }, ["e4", "a0", "b1", "c2"])
    }

    func testSeedReferencesAndCollisionsAreCheckedWhenTheConfigLoads() throws {
        try write("five.csv", "k,w\n0,a\n")
        assertFails("column 'k', param 'name': Seed dataset column(s) {'k'} collide with existing column(s)") {
            _ = try self.config(seed: "five.csv", columnName: "k")
        }
        assertFails("references missing column 'nope'") { _ = try self.config(seed: "five.csv", expr: "{{ nope }}") }
        try write("bad.csv", "a\n\"x\n")
        assertFails("config.yaml: 'seed_config.source.path': seed file \(folder!)/bad.csv: line 2: a quoted field is not closed") {
            _ = try self.config(seed: "bad.csv")
        }
    }

    func testShufflePermutationIsABijectionForEverySize() {
        for size in [1, 2, 3, 5, 10, 17, 64, 1000, 4097] {
            let p = Permutation(size: UInt64(size), key: UInt64(size) &* 0x9E37)
            let image = Set((0..<size).map { p.apply(UInt64($0)) })
            XCTAssertEqual(image.count, size, "size \(size)")
            XCTAssertTrue(image.allSatisfy { $0 < UInt64(size) })
        }
    }

    func testResumeRefusesAChangedSeedFile() throws {
        try write("five.csv", "k\n0\n1\n2\n3\n4\n")
        let config = try self.config(seed: "five.csv", expr: "{{ k }}")
        var options = CreateOptions()
        options.numRecords = 6
        options.bufferSize = 2
        options.seed = 1
        options.artifactPath = folder + "/out"
        options.cancel(afterBatches: 1)
        _ = try DatasetCreator.create(config: config, options: options)
        let metadata = try String(contentsOfFile: folder + "/out/dataset/metadata.json", encoding: .utf8)
        XCTAssertTrue(metadata.contains("\"seed_dataset_hash\": \"sha256:"), metadata)
        try write("five.csv", "k\n9\n1\n2\n3\n4\n")
        options.resume = .always
        options.isCancelled = { false }
        assertFails("cannot resume: the seed dataset has changed") {
            _ = try DatasetCreator.create(config: try self.config(seed: "five.csv", expr: "{{ k }}"), options: options)
        }
    }

    /// A seeded run stopped after two batches and resumed (then extended) has the batch files
    /// of an uninterrupted run, for both sampling strategies: the rows a batch takes depend
    /// on its first record only.
    func testResumedSeedRunsEqualUninterruptedRuns() throws {
        try write("seven.csv", "k,w\n" + (0..<7).map { "\($0),w\($0)" }.joined(separator: "\n") + "\n")
        for strategy in ["ordered", "shuffle"] {
            let extra = "  sampling_strategy: \(strategy)\n  selection_strategy: {start: 1, end: 5}"
            let config = try self.config(seed: "seven.csv", extra: extra, expr: "{{ k }}-{{ w }}")
            func options(_ out: String, n: Int?, resume: ResumeMode = .never) -> CreateOptions {
                var o = CreateOptions()
                o.numRecords = n
                o.bufferSize = 3
                o.seed = 5
                o.artifactPath = folder + "/" + out
                o.resume = resume
                return o
            }
            var killed = options("killed-\(strategy)", n: 20)
            killed.cancel(afterBatches: 2)
            let first = try DatasetCreator.create(config: config, options: killed)
            XCTAssertTrue(first.stoppedEarly)
            let resumed = try DatasetCreator.create(config: config, options: options("killed-\(strategy)", n: nil, resume: .always))
            XCTAssertEqual(resumed.batchesGenerated, 5, strategy)
            let whole = try DatasetCreator.create(config: config, options: options("whole-\(strategy)", n: 20))
            XCTAssertEqual(try Runs.files(resumed.datasetFolder), try Runs.files(whole.datasetFolder), strategy)
            // Extended to 26 records: equal to a fresh run of 26.
            let extended = try DatasetCreator.create(config: config, options: options("killed-\(strategy)", n: 26, resume: .always))
            let fresh = try DatasetCreator.create(config: config, options: options("fresh-\(strategy)", n: 26))
            XCTAssertEqual(try Runs.files(extended.datasetFolder), try Runs.files(fresh.datasetFolder), strategy)
            // Every record holds a selected seed row (rows 1 ... 5), its two fields together.
            let values = try readColumn(fresh.datasetFolder, "e")
            XCTAssertEqual(values.count, 26)
            XCTAssertTrue(values.allSatisfy { v in (1...5).contains { v == "\($0)-w\($0)" } }, "\(values)")
            if strategy == "ordered" {
                XCTAssertEqual(Array(values.prefix(7)), ["1-w1", "2-w2", "3-w3", "4-w4", "5-w5", "1-w1", "2-w2"])
            } else {
                // Each block of 5 records is a permutation of the selection.
                for block in stride(from: 0, to: 25, by: 5) {
                    XCTAssertEqual(Set(values[block ..< block + 5]).count, 5, "\(values)")
                }
            }
        }
    }

    /// The text values of column `name` over a dataset's batch files, in order.
    private func readColumn(_ dataset: String, _ name: String) throws -> [String] {
        try OurRun.read(folder: dataset + "/parquet-files").1.map { row in
            if case .string(let s)? = row[name] { s } else { "" }
        }
    }

    func testRelativeSeedPathsResolveFromTheWorkingDirectoryThenTheConfigFolder() throws {
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try write("sub/rows.csv", "k\n1\n")
        let (files, format) = try SeedSettings.resolve("sub/rows.csv", configFile: folder + "/config.yaml")
        XCTAssertEqual(files, [folder + "/sub/rows.csv"])
        XCTAssertEqual(format, .csv)
        try write("sub/a.csv", "k\n2\n")
        let (pattern, _) = try SeedSettings.resolve(folder + "/sub/*.csv", configFile: "x.yaml")
        XCTAssertEqual(pattern, [folder + "/sub/a.csv", folder + "/sub/rows.csv"])
        assertFails("seed file 'nowhere.csv' does not exist") { _ = try SeedSettings.resolve("nowhere.csv", configFile: "x.yaml") }
        assertFails("must be in parquet, csv, or jsonl/json format") { _ = try SeedSettings.resolve("a.txt", configFile: "x.yaml") }
    }

    func testJSONKeysFirstSeenAfterTheSampleAreNotColumns() throws {
        var text = String(repeating: "{\"a\": 1}\n", count: CSVSeedReader.sampleRows)
        text += "{\"a\": 2, \"late\": 3}\n"
        try write("late.jsonl", text)
        let t = try table("late.jsonl")
        XCTAssertEqual(t.columns.map(\.name), ["a"])
        XCTAssertEqual(t.rowCount, CSVSeedReader.sampleRows + 1)
        XCTAssertEqual(try JSONSeedReader.columnNames([folder + "/late.jsonl"], limits: SeedLimits()), ["a"])
    }

    /// Mangled seed files end in a table or an error naming the file, never a trap.
    func testMangledSeedFilesNeverTrap() throws {
        let csv = Array("id,name,price,day,ts\n1,\"a, b\",2.5,2024-01-05,2024-01-05 10:00:00Z\n2,\"x\"\"y\",,2024-02-29,\n".utf8)
        let json = Array("{\"a\": 1, \"b\": \"2024-01-01\", \"c\": [1]}\n{\"a\": 2.5, \"d\": null}\n[1, 2]\n".utf8)
        var rng = Xoshiro256StarStar(seed: 99)
        let alphabet = Array("\",\n\r;|\t{}[]:0123456789.-eEZT ".utf8) + [0xFF, 0xC3, 0x00]
        var outcomes = (tables: 0, errors: 0)
        for (name, original) in [("m.csv", csv), ("m.jsonl", json), ("m.json", Array("[".utf8) + json.dropLast())] {
            for _ in 0..<300 {
                var bytes = original
                for _ in 0 ..< 1 + Int(rng.nextBelow(4)) {
                    let at = Int(rng.nextBelow(UInt64(bytes.count + 1)))
                    switch rng.nextBelow(3) {
                    case 0: if at < bytes.count { bytes.remove(at: at) }
                    case 1: bytes.insert(alphabet[Int(rng.nextBelow(UInt64(alphabet.count)))], at: at)
                    default: if at < bytes.count { bytes[at] = alphabet[Int(rng.nextBelow(UInt64(alphabet.count)))] }
                    }
                }
                try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
                do {
                    let t = try table(name)
                    for c in t.columns { _ = (0 ..< c.values.buffer.count).map { RowVariables.cell(c.values, row: $0, json: true).str } }
                    outcomes.tables += 1
                } catch let e as CreateError {
                    XCTAssertTrue(e.message.contains(name), e.message)
                    outcomes.errors += 1
                }
            }
        }
        XCTAssertGreaterThan(outcomes.tables, 50)
        XCTAssertGreaterThan(outcomes.errors, 50)
    }
}
