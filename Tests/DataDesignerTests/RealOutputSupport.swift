import Foundation
import Parquet
import XCTest
@testable import DataDesigner

/// Runs a fixture config with `create` and reads back what it wrote.
struct OurRun {
    let name: String
    let folder: String
    let config: DatasetConfig
    let result: CreateResult
    /// Column names and values of every record, batch files in order.
    let columns: [String]
    let rows: [[String: ConfigValue]]
    /// Physical type, logical type and repetition of each column of the first batch file.
    let schema: [String: (physical: String, logical: String, repetition: String)]
    let batchRows: [Int]

    static func make(_ name: String, in testCase: XCTestCase, seed: UInt64 = 7, numRecords: Int? = nil) throws -> OurRun {
        let run = try DDFixtures.run(name)
        let artifacts = NSTemporaryDirectory() + "dd-real-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: artifacts) }
        let config = try DDFixtures.load(name)
        var options = CreateOptions()
        options.artifactPath = artifacts
        options.datasetName = name
        options.numRecords = numRecords ?? (run["num_records"] as? Int)
        options.bufferSize = run["buffer_size"] as? Int
        options.seed = seed
        options.runConfig = try DDFixtures.runSettings(name)
        let result = try DatasetCreator.create(config: config, options: options)
        let (columns, rows, schema, counts) = try read(folder: (result.datasetFolder as NSString).appendingPathComponent("parquet-files"))
        return OurRun(name: name, folder: result.datasetFolder, config: config, result: result, columns: columns, rows: rows,
                      schema: schema, batchRows: counts)
    }

    /// The records of the batch files in `folder`.
    static func read(folder: String) throws -> ([String], [[String: ConfigValue]], [String: (physical: String, logical: String, repetition: String)], [Int]) {
        var rows: [[String: ConfigValue]] = []
        var names: [String] = []
        var schema: [String: (physical: String, logical: String, repetition: String)] = [:]
        var counts: [Int] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".parquet") {
            let reader = try ParquetFileReader(path: (folder as NSString).appendingPathComponent(file))
            let descriptors = reader.schema.columns
            names = descriptors.map(\.dottedPath)
            if schema.isEmpty {
                for d in descriptors {
                    let e = d.element
                    let physical = DDFixtures.physicalName(e), logical = DDFixtures.logicalName(e)
                    schema[d.dottedPath] = (physical, logical, e.repetition == .optional ? "OPTIONAL" : "REQUIRED")
                }
            }
            var iterator = try reader.batches()
            var fileRows = 0
            while let batch = try iterator.next() {
                var block = [[String: ConfigValue]](repeating: [:], count: batch.numRows)
                for (k, column) in batch.columns.enumerated() {
                    var v = 0
                    let maxDef = UInt32(column.descriptor.maxDefinitionLevel)
                    for r in 0..<batch.numRows {
                        guard column.definitionLevels.isEmpty || column.definitionLevels[r] == maxDef else {
                            block[r][names[k]] = .null
                            continue
                        }
                        switch column.values {
                        case .byteArray(let a): block[r][names[k]] = .string(String(decoding: a[v], as: UTF8.self))
                        case .int64(let a): block[r][names[k]] = .int(a[v])
                        case .double(let a): block[r][names[k]] = .double(a[v])
                        case .boolean(let a): block[r][names[k]] = .bool(a[v])
                        case .int32(let a): block[r][names[k]] = .int(Int64(a[v]))
                        default: block[r][names[k]] = .null
                        }
                        v += 1
                    }
                }
                rows += block
                fileRows += batch.numRows
            }
            counts.append(fileRows)
        }
        return (names, rows, schema, counts)
    }

    func values(_ column: String) -> [ConfigValue] { rows.map { $0[column] ?? .null } }
    func json(_ column: String) -> [String] { values(column).map(\.canonicalJSONString) }
    func numbers(_ column: String) -> [Double] { values(column).compactMap(\.number) }
    func strings(_ column: String) -> [String] { values(column).compactMap { if case .string(let s) = $0 { s } else { nil } } }

    var metadata: ConfigValue? {
        let path = (folder as NSString).appendingPathComponent("metadata.json")
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { try? JSONConfigParser.parse($0, file: path) }
    }
}

/// The real tool's records of a fixture.
struct RealRun {
    let rows: [ConfigValue]
    let run: [String: Any]

    init(_ name: String, file: String = "records.jsonl") throws {
        rows = try DDFixtures.recordValues(name, file)
        run = try DDFixtures.run(name)
    }

    func values(_ column: String) -> [ConfigValue] { rows.map { $0[column] ?? .null } }
    func json(_ column: String) -> [String] { values(column).map(\.canonicalJSONString) }
    func numbers(_ column: String) -> [Double] { values(column).compactMap(\.number) }
    func strings(_ column: String) -> [String] { values(column).compactMap { if case .string(let s) = $0 { s } else { nil } } }

    /// Column name → (physical, logical, repetition) of the real batch files.
    var schema: [String: (physical: String, logical: String, repetition: String)] {
        var out: [String: (physical: String, logical: String, repetition: String)] = [:]
        for c in (run["schemas"] as? [[[String: Any]]])?.first ?? [] {
            // Struct fields by their dotted path (their leaf names repeat across columns).
            let key = c["path"] as? String ?? c["name"] as? String ?? ""
            out[key] = (c["physical"] as? String ?? "", c["logical"] as? String ?? "", c["repetition"] as? String ?? "")
        }
        return out
    }
}

/// Statistics helpers with tolerances for comparing samples.
enum Stats {
    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
    static func sd(_ v: [Double]) -> Double {
        let m = mean(v)
        return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(v.count - 1, 1))).squareRoot()
    }

    /// Whether two sample means agree within `z` standard errors of their difference.
    static func sameMean(_ a: [Double], _ b: [Double], z: Double = 5) -> Bool {
        let se = (sd(a) * sd(a) / Double(a.count) + sd(b) * sd(b) / Double(b.count)).squareRoot()
        return abs(mean(a) - mean(b)) <= z * max(se, 1e-9)
    }

    /// Frequencies of each value.
    static func frequencies<T: Hashable>(_ v: [T]) -> [T: Double] {
        var counts: [T: Int] = [:]
        for x in v { counts[x, default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(v.count) }
    }

    /// Whether two samples' value frequencies agree (each within `z` standard errors).
    static func sameFrequencies<T: Hashable>(_ a: [T], _ b: [T], z: Double = 5) -> Bool {
        let fa = frequencies(a), fb = frequencies(b)
        guard Set(fa.keys) == Set(fb.keys) else { return false }
        for (k, p) in fa {
            let q = fb[k] ?? 0
            let se = (p * (1 - p) / Double(a.count) + q * (1 - q) / Double(b.count)).squareRoot()
            if abs(p - q) > z * max(se, 1e-9) { return false }
        }
        return true
    }

    /// The shape of a text: digits as 9, lower-case hex letters as x, other lower-case as a,
    /// upper-case as A.
    static func shape(_ s: String) -> String {
        String(s.map { c -> Character in
            if c.isNumber { return "9" }
            if "abcdef".contains(c) { return "x" }
            if c.isLowercase { return "a" }
            if "ABCDEF".contains(c) { return "X" }
            if c.isUppercase { return "A" }
            return c
        })
    }
}
