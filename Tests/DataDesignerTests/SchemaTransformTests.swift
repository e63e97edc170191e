import Foundation
import Parquet
import ParquetExport
import XCTest
@testable import DataDesigner

/// The schema_transform processor against the real tool's run of `schema_transform.yaml`:
/// its records exactly (our processor evaluated on the real tool's sampled inputs), its
/// Parquet schema, its files and metadata; refusals and resume.
final class SchemaTransformTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "transform-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: Values and schema against the real tool

    func testRecordsOnTheRealInputsEqualTheRealProcessorsRecords() throws {
        let config = try DDFixtures.load("schema_transform")
        let plan = try GenerationPlan(config: config)
        XCTAssertEqual(plan.processorNames, ["chat", "flat"])
        let real = try RealRun("schema_transform")
        let dropped = try RealRun("schema_transform", file: "dropped.jsonl")
        let rows = real.rows.count
        var columns = [GeneratedColumn?](repeating: nil, count: plan.columnNames.count)
        for (i, name) in plan.columnNames.enumerated() {
            // x is dropped by drop_x, and the real tool keeps only the last drop processor's
            // columns apart: x_copy holds its exact value.
            let values = name == "x" ? real.values("x_copy") : (plan.kept.contains(i) ? real : dropped).values(name)
            columns[i] = RealOutputTests.column(values, plan.types[i])
        }
        var compared = 0
        for transform in plan.transforms {
            var random = Xoshiro256StarStar(seed: 1)
            let batch = try transform.run(rows: rows, alive: [Bool](repeating: true, count: rows), columns: columns,
                                          limits: plan.limits, batch: 0, random: &random) { _, _ in }
            XCTAssertEqual(batch.numRows, rows)
            let ours = try records(of: batch, name: transform.name)
            let theirs = try DDFixtures.recordValues("schema_transform", "processor_\(transform.name).jsonl")
            XCTAssertEqual(ours.count, theirs.count)
            for (r, (o, t)) in zip(ours, theirs).enumerated() {
                XCTAssertTrue(Self.same(o, t), "\(transform.name) record \(r): ours \(o.canonicalJSONString), real \(t.canonicalJSONString)")
                compared += 1
            }
            // The schema as the real files have it, column for column.
            let run = try DDFixtures.run("schema_transform")
            let realSchema = try XCTUnwrap((run["processor_schemas"] as? [String: [[String: Any]]])?[transform.name])
            XCTAssertEqual(batch.schema.columns.count, realSchema.count, transform.name)
            for (d, r) in zip(batch.schema.columns, realSchema) {
                XCTAssertEqual(d.dottedPath, r["path"] as? String)
                XCTAssertEqual(DDFixtures.physicalName(d.element), r["physical"] as? String, d.dottedPath)
                XCTAssertEqual(DDFixtures.logicalName(d.element), r["logical"] as? String, d.dottedPath)
                XCTAssertEqual(d.maxDefinitionLevel, r["max_definition_level"] as? Int, d.dottedPath)
            }
        }
        XCTAssertEqual(compared, 2 * rows)
    }

    func testCreateWritesProcessorFilesAndListsThem() throws {
        let ours = try OurRun.make("schema_transform", in: self)
        let run = try DDFixtures.run("schema_transform")
        for name in ["chat", "flat"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: ours.folder + "/processors-files/" + name).sorted()
            XCTAssertEqual(files, ["batch_00000.parquet", "batch_00001.parquet", "batch_00002.parquet"])
            let counts = try files.map { try ParquetFileReader(path: ours.folder + "/processors-files/\(name)/" + $0).numRows }
            XCTAssertEqual(counts.map(Int.init), (run["processor_batch_rows"] as? [String: [Int]])?[name])
        }
        let metadata = try XCTUnwrap(ours.metadata)
        let realPaths = try DDFixtures.value("expected/schema_transform/metadata.json")["file_paths"]
        XCTAssertEqual(metadata["file_paths"], realPaths)
        // x (dropped by drop_x) and hidden (drop: true) are kept apart; the transforms read both.
        let dropped = try OurRun.read(folder: ours.folder + "/dropped-columns-parquet-files")
        XCTAssertEqual(Set(dropped.0), ["x", "hidden"])
    }

    /// Our records of a processor batch, read back as JSON values (the batch written as a
    /// Parquet file and exported as JSONL by the project's own code).
    private func records(of batch: RecordBatch, name: String) throws -> [ConfigValue] {
        let file = folder + "/\(name).parquet", jsonl = folder + "/\(name).jsonl"
        let output = try ByteOutput(atomicFileAt: file)
        let writer = try ParquetFileWriter(output: output, schema: batch.schema, options: ParquetWriterOptions())
        try writer.write(batch)
        _ = try writer.close()
        try output.commit()
        _ = try Dataset(inputs: [file]).export(to: jsonl, format: .jsonl)
        let text = try String(contentsOfFile: jsonl, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONConfigParser.parse(String($0), file: jsonl) }
    }

    /// JSON equality with integers and floats of the same value equal (JSONL writers differ
    /// in how they print `1.0`).
    static func same(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return a == b
        }
    }

    // MARK: Escaping (the real processor's _escape_value_for_json)

    func testValuesAreEscapedForTheInsideOfAJSONString() throws {
        let cases: [(String, String)] = [
            ("{{ t }}", "true"), ("{{ f }}", "false"), ("{{ none }}", "null"), ("{{ i }}", "7"), ("{{ x }}", "2.5"),
            ("{{ s }}", #"say \"hi\" \\ \n \u00e9 \ud83d\ude00"#), ("{{ l }}", #"[1, \"a\\\"b\", null, true]"#),
            ("{{ d }}", #"{\"k\": [1.5, {\"\\u00e9\": false}]}"#), ("{{ missing.x }}", ""), ("{{ (1, 'a') }}", "(1, 'a')"),
            ("lit \"{{ i + 1 }}\"", "lit \"8\""),
        ]
        var d = TemplateDict()
        d.set(.string("k"), .list([.float(1.5), .dict({ var e = TemplateDict(); e.set(.string("é"), .bool(false)); return e }())]))
        let values: [String: TemplateValue] = [
            "t": .bool(true), "f": .bool(false), "none": .none, "i": .int(7), "x": .float(2.5),
            "s": .string("say \"hi\" \\ \n é 😀"), "l": .list([.int(1), .string("a\"b"), .none, .bool(true)]), "d": .dict(d),
            "missing": .dict(TemplateDict()),
        ]
        struct Vars: TemplateVariables {
            let refs: [String]
            let values: [String: TemplateValue]
            mutating func value(of index: Int) -> TemplateValue { values[refs[index]] ?? .undefined }
        }
        for (source, expected) in cases {
            let t = try CompiledTemplate(source, engine: .native, finalize: .jsonString)
            var vars = Vars(refs: t.references, values: values)
            var random = Xoshiro256StarStar(seed: 1)
            var out: [UInt8] = []
            try t.render(&vars, limits: TemplateLimits(), random: &random, into: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), expected, source)
        }
    }

    // MARK: Refusals

    private func load(_ processors: String, extraColumns: String = "") throws -> DatasetConfig {
        let text = """
        columns:
          - {name: n, column_type: sampler, sampler_type: poisson, params: {mean: 2}}
          - {name: m, column_type: sampler, sampler_type: poisson, params: {mean: 2}}
        \(extraColumns)
        processors:
        \(processors)

        """
        let path = folder + "/config.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try DatasetConfig.load(path: path)
    }

    private func assertRefused(_ processors: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try GenerationPlan(config: try load(processors)), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(message), "\(error)", file: file, line: line)
        }
    }

    func testTemplatesTheRealToolCannotWriteAreRefusedBeforeAnythingIsWritten() {
        let t = "  - {name: t, processor_type: schema_transform, template: "
        assertRefused(t + "{a: {}}}", "'template.a' is an empty mapping")
        assertRefused(t + "{a: ['{{ n }}', 1]}}", "mixes string and integer items")
        assertRefused(t + "{a: [1, true]}}", "mixes integer and boolean items")
        assertRefused(t + "{a: [{k: '1'}, {k: 2}]}}", "mixes mapping and mapping items")
        assertRefused(t + "{'{{ n }}': x}}", "the key '{{ n }}' holds a template")
        assertRefused(t + "[1, 2]}", "must be a mapping")
        assertRefused("  - {name: '../up', processor_type: schema_transform, template: {a: x}}", "cannot be used as a folder name")
        assertRefused(t + "{a: '{{ n | nope }}'}}", "outside the supported Jinja2 subset")
        assertRefused(t + "{a: x}, extra: 1}", "extra")
        assertRefused(t + "{a: '{{ nowhere }}'}}", "'nowhere' is not a column of the dataset at this processor")
        // A column an earlier drop_columns processor removed is not there any more...
        assertRefused("  - {name: d, processor_type: drop_columns, column_names: [m]}\n" + t + "{a: '{{ m }}'}}",
                      "'m' is not a column of the dataset at this processor")
        assertRefused(t + "{a: x}}\n" + t + "{b: y}}", "another schema_transform processor is named 't'")
        // ... but one dropped later, or marked drop: true, is.
        XCTAssertNoThrow(try GenerationPlan(config: try load(t + "{a: '{{ m }}'}}\n  - {name: d, processor_type: drop_columns, column_names: [m]}")))
        XCTAssertNoThrow(try GenerationPlan(config: try load(t + "{a: '{{ h }}'}}",
                                                             extraColumns: "  - {name: h, column_type: expression, expr: '{{ n }}', drop: true}")))
    }

    func testARenderThatFailsOrBreaksTheShapeEndsTheRun() throws {
        let t = "  - {name: t, processor_type: schema_transform, template: "
        for (processors, message) in [
            (t + "{a: '{{ n / 0 }}'}}", "processor 't': record 0 of batch 0: the template does not render"),
            // A block across the JSON structure: `{"a": "x"}}` when it is false.
            (t + "{a: 'x{% if n > 99 %}', b: {c: '{% endif %}'}}}", "renders to text that is not JSON"),
        ] {
            var options = CreateOptions()
            options.numRecords = 3
            options.seed = 1
            options.artifactPath = folder + "/out"
            XCTAssertThrowsError(try DatasetCreator.create(config: try load(processors), options: options)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
            XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: folder + "/out/dataset/parquet-files")) ?? [], [])
        }
    }

    func testTheShredderRefusesRecordsOfAnotherShape() {
        func message(_ e: Error) -> String { (e as? TransformShredder.Mismatch)?.message ?? "\(e)" }
        var shredder = TransformShredder(fields: [TransformField(name: "a", shape: .int), TransformField(name: "l", shape: .list(.string))])
        var d = TemplateDict()
        d.set(.string("a"), .string("x"))
        XCTAssertThrowsError(try shredder.append(.dict(d))) { XCTAssertTrue(message($0).contains("'a' is str where the template has integer values"), "\($0)") }
        var e = TemplateDict()
        e.set(.string("zz"), .int(1))
        XCTAssertThrowsError(try shredder.append(.dict(e))) { XCTAssertTrue(message($0).contains("'zz' is not a key of the template"), "\($0)") }
        var f = TemplateDict()
        f.set(.string("l"), .list([.string("a"), .none, .string("b")]))
        XCTAssertNoThrow(try shredder.append(.dict(f)))
        XCTAssertEqual(shredder.records, 1)
    }

    // MARK: Resume

    func testResumeMakesABatchAgainWhenItsProcessorFileIsMissing() throws {
        let config = try load("  - {name: t, processor_type: schema_transform, template: {msg: ['{{ n }}', '{{ m }}'], k: 1}}")
        func options(_ out: String, resume: ResumeMode = .never) -> CreateOptions {
            var o = CreateOptions()
            o.numRecords = 25
            o.bufferSize = 10
            o.seed = 3
            o.artifactPath = folder + "/" + out
            o.resume = resume
            return o
        }
        var killed = options("a")
        killed.cancel(afterBatches: 2)
        let first = try DatasetCreator.create(config: config, options: killed)
        try FileManager.default.removeItem(atPath: first.datasetFolder + "/processors-files/t/batch_00001.parquet")
        var notes: [String] = []
        let resumed = try DatasetCreator.create(config: config, options: options("a", resume: .always)) {
            if case .notice(let n) = $0 { notes.append(n) }
        }
        XCTAssertEqual(resumed.batchesGenerated, 2)
        XCTAssertTrue(notes.contains { $0.contains("its file of processor 't' is missing") }, "\(notes)")
        let whole = try DatasetCreator.create(config: config, options: options("b"))
        func files(_ dataset: String) throws -> [String: Data] {
            var out = try Runs.files(dataset)
            let p = dataset + "/processors-files/t"
            for name in try FileManager.default.contentsOfDirectory(atPath: p) {
                out["t/" + name] = try Data(contentsOf: URL(fileURLWithPath: p + "/" + name))
            }
            return out
        }
        XCTAssertEqual(try files(resumed.datasetFolder), try files(whole.datasetFolder))
        XCTAssertEqual(try files(whole.datasetFolder).count, 6)
        let metadata = try Runs.metadata(whole.datasetFolder)
        let paths = try XCTUnwrap(metadata["file_paths"] as? [String: Any])
        XCTAssertEqual((paths["processor-files"] as? [String: [String]])?["t"],
                       (0..<3).map { "processors-files/t/batch_0000\($0).parquet" })
    }
}
