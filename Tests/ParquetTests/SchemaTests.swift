import XCTest
@testable import Parquet
import TestSupport

final class SchemaTests: XCTestCase {
    func testLevelsOfNestedColumns() throws {
        // message m { required int64 id; optional group tags (LIST) { repeated group list { optional binary element (STRING) } }
        //             optional group s { optional int32 a; required double b } }
        let schema = try Schema(elements: [
            group("m", nil, children: 3),
            leaf("id", .int64, .required),
            group("tags", .optional, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            leaf("element", .byteArray, .optional, logical: .string),
            group("s", .optional, children: 2),
            leaf("a", .int32, .optional),
            leaf("b", .double, .required),
        ])
        XCTAssertEqual(schema.columns.map(\.dottedPath), ["id", "tags.list.element", "s.a", "s.b"])
        XCTAssertEqual(schema.columns.map(\.maxDefinitionLevel), [0, 3, 2, 1])
        XCTAssertEqual(schema.columns.map(\.maxRepetitionLevel), [0, 1, 0, 0])
        XCTAssertEqual(schema.columns[1].kind, .string)
        XCTAssertEqual(schema.fields.map(\.name), ["id", "tags", "s"])
        XCTAssertEqual(try FieldShape(node: schema.fields[1]),
                       .list(element: .leaf(column: 1, definitionLevel: 3), presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
        XCTAssertEqual(try FieldShape(node: schema.fields[2]),
                       .structure(fields: [NamedShape(name: "a", shape: .leaf(column: 2, definitionLevel: 2)),
                                           NamedShape(name: "b", shape: .leaf(column: 3, definitionLevel: 1))], presentLevel: 1))
    }

    func testTwoLevelListRules() throws {
        // Repeated primitive inside LIST: the repeated field is the element.
        var schema = try Schema(elements: [group("m", nil, children: 1), group("a", .optional, children: 1, converted: .list),
                                           leaf("el", .int32, .repeated)])
        XCTAssertEqual(try FieldShape(node: schema.fields[0]),
                       .list(element: .leaf(column: 0, definitionLevel: 2), presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
        // A repeated group named "array" with one child is the element (a struct).
        schema = try Schema(elements: [group("m", nil, children: 1), group("a", .optional, children: 1, converted: .list),
                                       group("array", .repeated, children: 1), leaf("x", .int32, .required)])
        XCTAssertEqual(try FieldShape(node: schema.fields[0]),
                       .list(element: .structure(fields: [NamedShape(name: "x", shape: .leaf(column: 0, definitionLevel: 2))], presentLevel: nil),
                             presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
        // "<name>_tuple" likewise.
        schema = try Schema(elements: [group("m", nil, children: 1), group("a", .required, children: 1, converted: .list),
                                       group("a_tuple", .repeated, children: 1), leaf("x", .int32, .required)])
        if case .list(.structure, nil, 1, 1) = try FieldShape(node: schema.fields[0]) {} else { XCTFail("a_tuple is the element") }
        // An unannotated repeated field is a list that cannot be null.
        schema = try Schema(elements: [group("m", nil, children: 1), leaf("r", .int64, .repeated)])
        XCTAssertEqual(try FieldShape(node: schema.fields[0]),
                       .list(element: .leaf(column: 0, definitionLevel: 1), presentLevel: nil, entryLevel: 1, repetitionLevel: 1))
    }

    func testMapShapes() throws {
        let schema = try Schema(elements: [
            group("m", nil, children: 1),
            group("map", .optional, children: 1, converted: .map),
            group("key_value", .repeated, children: 2, converted: .mapKeyValue),
            leaf("key", .byteArray, .required, converted: .utf8),
            leaf("value", .int32, .optional),
        ])
        XCTAssertEqual(try FieldShape(node: schema.fields[0]),
                       .map(key: .leaf(column: 0, definitionLevel: 2), value: .leaf(column: 1, definitionLevel: 3),
                            presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
        // A map without a value field reads as the list of its keys.
        let keysOnly = try Schema(elements: [group("m", nil, children: 1), group("map", .optional, children: 1, logical: .map),
                                             group("key_value", .repeated, children: 1), leaf("key", .int32, .required)])
        XCTAssertEqual(try FieldShape(node: keysOnly.fields[0]),
                       .list(element: .leaf(column: 0, definitionLevel: 2), presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
    }

    func testMalformedSchemasThrow() {
        XCTAssertThrowsError(try Schema(elements: []))
        XCTAssertThrowsError(try Schema(elements: [group("m", nil, children: 2), leaf("a", .int32, .required)]))
        XCTAssertThrowsError(try Schema(elements: [group("m", nil, children: 1), leaf("a", .int32, .required), leaf("b", .int32, .required)]))
        XCTAssertThrowsError(try Schema(elements: [group("m", nil, children: -1)]))
        // A chain of groups deeper than the limit.
        var deep = [group("m", nil, children: 1)]
        for i in 0 ..< 200 { deep.append(group("g\(i)", .optional, children: 1)) }
        deep.append(leaf("x", .int32, .optional))
        XCTAssertThrowsError(try Schema(elements: deep)) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .corrupt)
        }
    }

    func testValueKindResolution() throws {
        func kind(_ e: SchemaElement) -> ValueKind { ValueKind(element: e) }
        XCTAssertEqual(kind(leaf("x", .int32, .required, converted: .uint8)), .integer(bitWidth: 8, isSigned: false))
        XCTAssertEqual(kind(leaf("x", .int64, .required, logical: .integer(bitWidth: 64, isSigned: false))), .integer(bitWidth: 64, isSigned: false))
        XCTAssertEqual(kind(leaf("x", .int64, .required, converted: .timestampMillis)), .timestamp(unit: .millis, isAdjustedToUTC: true))
        XCTAssertEqual(kind(leaf("x", .int64, .required, logical: .timestamp(isAdjustedToUTC: false, unit: .nanos))), .timestamp(unit: .nanos, isAdjustedToUTC: false))
        XCTAssertEqual(kind(leaf("x", .fixedLenByteArray, .required, converted: .decimal, length: 16, scale: 2, precision: 38)), .decimal(precision: 38, scale: 2))
        XCTAssertEqual(kind(leaf("x", .fixedLenByteArray, .required, logical: .uuid, length: 16)), .uuid)
        XCTAssertEqual(kind(leaf("x", .fixedLenByteArray, .required, logical: .float16, length: 2)), .float16)
        XCTAssertEqual(kind(leaf("x", .int96, .optional)), .int96Timestamp)
        XCTAssertEqual(kind(leaf("x", .byteArray, .optional, logical: .enumeration)), .string)
        XCTAssertEqual(kind(leaf("x", .byteArray, .optional, logical: .bson)), .binary)
        XCTAssertEqual(kind(leaf("x", .byteArray, .optional, logical: .undefined(fieldID: 42))), .binary)
        XCTAssertEqual(kind(leaf("x", .int32, .optional, logical: .null)), .null)
        // Annotations that do not fit the physical type fall back to it.
        XCTAssertEqual(kind(leaf("x", .int32, .optional, logical: .string)), .integer(bitWidth: 32, isSigned: true))
        XCTAssertEqual(kind(leaf("x", .byteArray, .optional, logical: .uuid)), .binary)
    }
}

final class WriterQuirksTests: XCTestCase {
    func testParquetMRVersionsBefore129NeedChunkPadding() {
        XCTAssertTrue(WriterQuirks.isParquetMRBefore129("parquet-mr"))
        XCTAssertTrue(WriterQuirks.isParquetMRBefore129("parquet-mr version 1.2.8"))
        XCTAssertTrue(WriterQuirks.isParquetMRBefore129("parquet-mr version 1.2.8-SNAPSHOT (build abc)"))
        XCTAssertFalse(WriterQuirks.isParquetMRBefore129("parquet-mr version 1.2.9"))
        XCTAssertFalse(WriterQuirks.isParquetMRBefore129("parquet-mr version 1.13.1 (build db4183109d5b734ec5930d870cdae161e408ddba)"))
        XCTAssertFalse(WriterQuirks.isParquetMRBefore129("parquet-cpp-arrow version 14.0.0"))
        XCTAssertFalse(WriterQuirks.isParquetMRBefore129(nil))
        XCTAssertEqual(WriterQuirks(createdBy: "parquet-mr").chunkPadding, 100)
    }
}
