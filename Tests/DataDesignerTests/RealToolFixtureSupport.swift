import Foundation
import XCTest
import Parquet
@testable import DataDesigner

/// Access to Fixtures/datadesigner: configs written by the real data-designer 0.9.7 and what
/// the real tool produced from them (written by Fixtures/datadesigner/samplers.py).
enum RealTool {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Fixtures/datadesigner")

    static func configPath(_ name: String) throws -> String {
        for ext in ["yaml", "json"] {
            let path = folder.appendingPathComponent("configs/\(name).\(ext)").path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw XCTSkip("no fixture config \(name)")
    }

    /// The config as loaded by `create`. Keys the real serializer writes that the loader of
    /// this branch does not accept yet (`library_version`, `tool_configs`, `processors`, and
    /// per column `skip`, `propagate_skip`) are taken out first; they carry no meaning here.
    static func config(_ name: String) throws -> DatasetConfig {
        let path = try configPath(name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let document = path.hasSuffix(".json") ? try JSONConfigParser.parse(text, file: path) : try YAMLParser.parse(text, file: path)
        return try ConfigLoader.build(stripped(document), file: path)
    }

    static func stripped(_ v: ConfigValue) -> ConfigValue {
        guard case .object(let top) = v else { return v }
        let dropTop: Set<String> = ["library_version", "tool_configs", "processors"]
        return .object(top.compactMap { m in
            if dropTop.contains(m.key) { return nil }
            if m.key == "data_designer" { return (m.key, stripped(m.value)) }
            if m.key == "columns", case .array(let columns) = m.value {
                return (m.key, .array(columns.map { c in
                    guard case .object(let members) = c else { return c }
                    return .object(members.filter { $0.key != "skip" && $0.key != "propagate_skip" })
                }))
            }
            return m
        })
    }

    static func json(_ name: String, _ file: String) throws -> Any {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected/\(name)/\(file)"))
        return try JSONSerialization.jsonObject(with: data)
    }

    static func records(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: folder.appendingPathComponent("expected/\(name)/records.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// run.json: num_records, buffer_size, batch_rows, columns, schemas.
    static func run(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(json(name, "run.json") as? [String: Any])
    }

    /// The real tool's schema of the first batch file: (dotted path, physical, logical, max def).
    static func schema(_ name: String) throws -> [(String, String, String, Int)] {
        let run = try run(name)
        let first = try XCTUnwrap((run["schemas"] as? [[[String: Any]]])?.first)
        return first.map { ($0["path"] as? String ?? "", $0["physical"] as? String ?? "", $0["logical"] as? String ?? "",
                            $0["max_definition_level"] as? Int ?? -1) }
    }

    /// Our schema in the real tool's terms (pyarrow's names for physical and logical types).
    static func describe(_ schema: Schema) -> [(String, String, String, Int)] {
        schema.columns.map { c in
            let physical: String
            switch c.physicalType {
            case .boolean: physical = "BOOLEAN"
            case .int32: physical = "INT32"
            case .int64: physical = "INT64"
            case .double: physical = "DOUBLE"
            case .float: physical = "FLOAT"
            case .byteArray: physical = "BYTE_ARRAY"
            default: physical = "\(c.physicalType)"
            }
            let logical: String
            switch c.element.logicalType {
            case nil: logical = "None"
            case .string?: logical = "String"
            case .date?: logical = "Date"
            case .null?: logical = "Null"
            case let .timestamp(utc, unit)?:
                let u = unit == .millis ? "milliseconds" : unit == .micros ? "microseconds" : "nanoseconds"
                logical = "Timestamp(isAdjustedToUTC=\(utc), timeUnit=\(u), is_from_converted_type=false, force_set_converted_type=false)"
            case let other?: logical = "\(other)"
            }
            return (c.dottedPath, physical, logical, c.maxDefinitionLevel)
        }
    }

    /// The values of leaf `path` in `batch`, one per row (nil for a null), as Int64, Double,
    /// String or Bool.
    static func values(_ batch: RecordBatch, _ path: String) throws -> [Any?] {
        let column = try XCTUnwrap(batch.columns.first { $0.descriptor.dottedPath == path }, "no column \(path)")
        let maxDef = UInt32(column.descriptor.maxDefinitionLevel)
        var out: [Any?] = []
        var k = 0
        for r in 0..<batch.numRows {
            if !column.definitionLevels.isEmpty, column.definitionLevels[r] != maxDef {
                out.append(nil)
                continue
            }
            switch column.values {
            case .int64(let v): out.append(v[k])
            case .int32(let v): out.append(Int64(v[k]))
            case .double(let v): out.append(v[k])
            case .boolean(let v): out.append(v[k])
            case .byteArray(let v): out.append(String(decoding: v[k], as: UTF8.self))
            default: out.append(nil)
            }
            k += 1
        }
        return out
    }

    /// Whether two proportions from samples of n1 and n2 agree within 5 standard errors
    /// (plus `slack` for rounding of the stored figures).
    static func agree(_ p1: Double, _ n1: Int, _ p2: Double, _ n2: Int, slack: Double = 0.002) -> Bool {
        let p = (p1 + p2) / 2
        let se = (p * (1 - p) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        return abs(p1 - p2) <= 5 * se + slack
    }
}
