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
