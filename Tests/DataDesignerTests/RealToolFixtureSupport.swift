import Foundation
import XCTest
import Parquet
@testable import DataDesigner

/// Helpers for the fixtures of Fixtures/datadesigner/samplers.py (scipy, bernoulli_mixture,
/// person_from_faker, seed_config): their run.json schemas, batch values, sampling bounds.
extension DDFixtures {
    /// `expected/<name>/<file>` as JSON.
    static func json(_ name: String, _ file: String) throws -> Any {
        try json("expected/\(name)/\(file)")
    }

    /// The real tool's schema of the first batch file: (dotted path, physical, logical, max def).
    static func schema(_ name: String) throws -> [(String, String, String, Int)] {
        let first = try XCTUnwrap((try run(name)["schemas"] as? [[[String: Any]]])?.first)
        return first.map { ($0["path"] as? String ?? "", $0["physical"] as? String ?? "", $0["logical"] as? String ?? "",
                            $0["max_definition_level"] as? Int ?? -1) }
    }

    /// Our schema in the real tool's terms (pyarrow's names for physical and logical types).
    static func describe(_ schema: Schema) -> [(String, String, String, Int)] {
        schema.columns.map { c in (c.dottedPath, physicalName(c.element), logicalName(c.element), c.maxDefinitionLevel) }
    }

    /// pyarrow's name of a leaf's physical type (`BYTE_ARRAY`, `INT64`, ...).
    static func physicalName(_ e: SchemaElement) -> String {
        switch e.type {
        case .boolean?: "BOOLEAN"
        case .int32?: "INT32"
        case .int64?: "INT64"
        case .double?: "DOUBLE"
        case .float?: "FLOAT"
        case .byteArray?: "BYTE_ARRAY"
        default: "?"
        }
    }

    /// pyarrow's `str()` of a leaf's logical type (`String`, `Date`, `Timestamp(...)`, `None`).
    static func logicalName(_ e: SchemaElement) -> String {
        switch e.logicalType {
        case nil: return "None"
        case .string?: return "String"
        case .date?: return "Date"
        case .null?: return "Null"
        case let .timestamp(utc, unit)?:
            let u = unit == .millis ? "milliseconds" : unit == .micros ? "microseconds" : "nanoseconds"
            return "Timestamp(isAdjustedToUTC=\(utc), timeUnit=\(u), is_from_converted_type=false, force_set_converted_type=false)"
        case let other?: return "\(other)"
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
