import XCTest
@testable import ParquetExport
import TestSupport

/// Schema and batch builders for the unification tests.
enum Uni {
    static func decimal(_ name: String, _ type: PhysicalType, precision: Int32, scale: Int32, length: Int32? = nil) -> SchemaElement {
        leaf(name, type, .optional, logical: .decimal(scale: scale, precision: precision), converted: .decimal,
             length: length, scale: scale, precision: precision)
    }

    static func null(_ name: String, _ type: PhysicalType = .int32) -> SchemaElement {
        leaf(name, type, .optional, logical: .null)
    }

    static func int(_ name: String, _ width: Int8, signed: Bool = true) -> SchemaElement {
        leaf(name, width == 64 ? .int64 : .int32, .optional, logical: .integer(bitWidth: width, isSigned: signed))
    }

    static func string(_ name: String) -> SchemaElement { leaf(name, .byteArray, .optional, logical: .string) }

    /// A schema: root plus the given depth-first elements (top-level count inferred by the caller).
    static func schema(_ topLevel: Int, _ elements: [SchemaElement]) throws -> Schema {
        try Schema(elements: [group("schema", nil, children: topLevel)] + elements)
    }

    /// A schema with one top-level leaf.
    static func single(_ element: SchemaElement) throws -> Schema { try schema(1, [element]) }

    /// A list of `element` (3-level, optional list, repeated group `list`).
    static func list(_ name: String, element: SchemaElement, middle: String = "list") -> [SchemaElement] {
        [group(name, .optional, children: 1, logical: .list), group(middle, .repeated, children: 1), element]
    }

    static func unify(_ schemas: [Schema]) throws -> UnifiedSchema {
        try UnifiedSchema(files: schemas.enumerated().map { ("f\($0.offset).parquet", $0.element) })
    }

    static func column(_ descriptor: ColumnDescriptor, def: [UInt32] = [], rep: [UInt32] = [], _ values: ColumnValues,
                       count: Int? = nil) -> ColumnData {
        ColumnData(descriptor: descriptor, definitionLevels: def, repetitionLevels: rep, values: values,
                   levelCount: count ?? max(def.count, rep.count, values.count))
    }

    static func batch(_ schema: Schema, _ columns: [ColumnData], rows: Int) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns, numRows: rows, rowGroupIndex: 0)
    }

    /// Unifies `schemas` and converts `columns` (of the schema at `file`) into the unified schema.
    static func convert(_ schemas: [Schema], file: Int, rows: Int,
                        _ columns: (Schema) -> [ColumnData]) throws -> (UnifiedSchema, RecordBatch) {
        let unified = try unify(schemas)
        let source = schemas[file]
        return (unified, try unified.convert(batch(source, columns(source), rows: rows), fromFile: file))
    }
}

/// Asserts that `body` throws a ``ParquetError`` of `kind` whose description contains every fragment.
func assertUnificationError<T>(_ kind: ParquetError.Kind, _ fragments: [String], file: StaticString = #filePath,
                               line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch let error as ParquetError {
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(error.description.contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

final class UnificationHelpersTests: XCTestCase {
    func testHelpersBuildValidSchemas() throws {
        let schema = try Uni.schema(2, [Uni.int("a", 8)] + Uni.list("l", element: Uni.string("element")))
        XCTAssertEqual(schema.columns.map(\.dottedPath), ["a", "l.list.element"])
        XCTAssertEqual(schema.columns.map(\.maxDefinitionLevel), [1, 3])
    }
}
