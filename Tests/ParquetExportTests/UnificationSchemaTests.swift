import XCTest
@testable import ParquetExport
import TestSupport

/// Unification of schemas from footers: every rule, successes and error messages.
final class UnificationSchemaTests: XCTestCase {
    /// Unifies two single-column schemas and returns the unified leaf element.
    private func unifiedLeaf(_ a: SchemaElement, _ b: SchemaElement) throws -> ColumnDescriptor {
        let unified = try Uni.unify([try Uni.single(a), try Uni.single(b)])
        XCTAssertEqual(unified.schema.columns.count, 1)
        return try XCTUnwrap(unified.schema.columns.first)
    }

    func testSameTypeKeepsFirstElementAndOrder() throws {
        var idA = Uni.string("s")
        idA.fieldID = 7
        idA.logicalType = .enumeration  // still a STRING kind: same type
        let a = try Uni.schema(3, [TestSupport.leaf("id", .int64, .required), idA, TestSupport.leaf("x", .double, .optional)])
        let b = try Uni.schema(3, [TestSupport.leaf("x", .double, .optional), TestSupport.leaf("id", .int64, .required), Uni.string("s")])
        let unified = try Uni.unify([a, b])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["id", "s", "x"])
        XCTAssertEqual(unified.schema.columns[1].element.fieldID, 7)
        XCTAssertEqual(unified.schema.columns[1].element.logicalType, .enumeration)
        XCTAssertEqual(unified.schema.columns[0].element.repetition, .required)
        XCTAssertTrue(unified.isUnchanged(fileIndex: 0))
        XCTAssertFalse(unified.isUnchanged(fileIndex: 1))  // other column order
        XCTAssertEqual(unified.schema, a)
    }

    func testMissingAndExtraColumnsNameColumnAndBothFiles() throws {
        let a = try Uni.schema(2, [TestSupport.leaf("id", .int64, .optional), Uni.string("name")])
        let b = try Uni.schema(1, [TestSupport.leaf("id", .int64, .optional)])
        let c = try Uni.schema(3, [TestSupport.leaf("id", .int64, .optional), Uni.string("name"), TestSupport.leaf("extra", .double, .optional)])
        assertUnificationError(.invalidArgument, ["f1.parquet: column 'name': present in f0.parquet but missing from f1.parquet"]) {
            try Uni.unify([a, b])
        }
        assertUnificationError(.invalidArgument, ["column 'extra'", "present in f1.parquet but not in f0.parquet"]) {
            try Uni.unify([a, c])
        }
        // Struct fields follow the same rule.
        let s1 = try Uni.schema(1, [group("s", .optional, children: 2), Uni.int("a", 32), Uni.int("b", 32)])
        let s2 = try Uni.schema(1, [group("s", .optional, children: 2), Uni.int("a", 32), Uni.int("c", 32)])
        assertUnificationError(.invalidArgument, ["column 's.b'", "present in f0.parquet but missing from f1.parquet"]) {
            try Uni.unify([s1, s2])
        }
        assertUnificationError(.invalidArgument, ["no files"]) { try UnifiedSchema(files: []) }
    }

    func testStructFieldsKeepFirstOrder() throws {
        let a = try Uni.schema(1, [group("s", .optional, children: 2), Uni.int("a", 32), Uni.string("b")])
        let b = try Uni.schema(1, [group("s", .optional, children: 2), Uni.string("b"), Uni.int("a", 64)])
        let unified = try Uni.unify([a, b])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["s.a", "s.b"])
        XCTAssertEqual(unified.schema.columns[0].physicalType, .int64)
    }

    func testNullTypedColumnTakesOtherType() throws {
        // Leaf.
        var leaf = try unifiedLeaf(Uni.null("x"), TestSupport.leaf("x", .int64, .required))
        XCTAssertEqual(leaf.kind, .integer(bitWidth: 64, isSigned: true))
        XCTAssertEqual(leaf.element.repetition, .optional)
        leaf = try unifiedLeaf(Uni.string("x"), Uni.null("x", .byteArray))
        XCTAssertEqual(leaf.kind, .string)
        // All null: stays null.
        leaf = try unifiedLeaf(Uni.null("x"), Uni.null("x", .byteArray))
        XCTAssertEqual(leaf.kind, .null)
        XCTAssertEqual(leaf.physicalType, .int32)
        // A list and a struct.
        let n = try Uni.single(Uni.null("x"))
        let l = try Uni.schema(1, Uni.list("x", element: Uni.string("element")))
        let s = try Uni.schema(1, [group("x", .required, children: 2), Uni.int("a", 16), TestSupport.leaf("b", .double, .required)])
        var unified = try Uni.unify([n, l, n])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["x.list.element"])
        XCTAssertEqual(try FieldShape(node: unified.schema.fields[0]),
                       .list(element: .leaf(column: 0, definitionLevel: 3), presentLevel: 1, entryLevel: 2, repetitionLevel: 1))
        unified = try Uni.unify([s, n])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["x.a", "x.b"])
        XCTAssertEqual(unified.schema.fields[0].repetition, .optional)  // required struct became optional
        XCTAssertEqual(unified.schema.columns.map(\.maxDefinitionLevel), [2, 1])
        // A null column's type comes from the first typed file; the error names that file.
        assertUnificationError(.invalidArgument, ["column 'x'", "BYTE_ARRAY (STRING) in f1.parquet", "INT64 in f2.parquet"]) {
            try Uni.unify([try Uni.single(Uni.null("x")), try Uni.single(Uni.string("x")), try Uni.single(TestSupport.leaf("x", .int64, .optional))])
        }
    }

    func testRequiredPlusOptionalAtLeafAndGroup() throws {
        let leaf = try unifiedLeaf(TestSupport.leaf("x", .int32, .required), TestSupport.leaf("x", .int32, .optional))
        XCTAssertEqual(leaf.element.repetition, .optional)
        XCTAssertEqual(leaf.maxDefinitionLevel, 1)
        let a = try Uni.schema(1, [group("g", .required, children: 1), TestSupport.leaf("v", .int32, .required)])
        let b = try Uni.schema(1, [group("g", .optional, children: 1), TestSupport.leaf("v", .int32, .required)])
        let unified = try Uni.unify([a, b])
        XCTAssertEqual(unified.schema.fields[0].repetition, .optional)
        XCTAssertEqual(unified.schema.columns[0].element.repetition, .required)
        XCTAssertEqual(unified.schema.columns[0].maxDefinitionLevel, 1)
    }

    func testRepeatedMustMatchRepeated() throws {
        assertUnificationError(.invalidArgument, ["column 'r'", "is REPEATED in f0.parquet but OPTIONAL in f1.parquet"]) {
            try Uni.unify([try Uni.single(TestSupport.leaf("r", .int32, .repeated)), try Uni.single(TestSupport.leaf("r", .int32, .optional))])
        }
    }

    func testIntegerRules() throws {
        typealias Case = (SchemaElement, SchemaElement, PhysicalType, LogicalType?, ConvertedType?, ValueKind)
        let cases: [Case] = [
            (Uni.int("x", 8), Uni.int("x", 16), .int32, .integer(bitWidth: 16, isSigned: true), nil, .integer(bitWidth: 16, isSigned: true)),
            (TestSupport.leaf("x", .int32, .optional), TestSupport.leaf("x", .int64, .optional), .int64, nil, nil, .integer(bitWidth: 64, isSigned: true)),
            (Uni.int("x", 8), Uni.int("x", 32), .int32, .integer(bitWidth: 32, isSigned: true), nil, .integer(bitWidth: 32, isSigned: true)),
            (Uni.int("x", 8, signed: false), Uni.int("x", 32, signed: false), .int32, .integer(bitWidth: 32, isSigned: false), nil, .integer(bitWidth: 32, isSigned: false)),
            (Uni.int("x", 8, signed: false), Uni.int("x", 16, signed: false), .int32, .integer(bitWidth: 16, isSigned: false), nil, .integer(bitWidth: 16, isSigned: false)),
            (Uni.int("x", 8), Uni.int("x", 8, signed: false), .int32, .integer(bitWidth: 16, isSigned: true), .int16, .integer(bitWidth: 16, isSigned: true)),
            (Uni.int("x", 16, signed: false), TestSupport.leaf("x", .int32, .optional), .int32, nil, nil, .integer(bitWidth: 32, isSigned: true)),
            (Uni.int("x", 8), Uni.int("x", 32, signed: false), .int64, nil, nil, .integer(bitWidth: 64, isSigned: true)),
            (Uni.int("x", 64, signed: false), Uni.int("x", 8, signed: false), .int64, .integer(bitWidth: 64, isSigned: false), nil, .integer(bitWidth: 64, isSigned: false)),
            (Uni.int("x", 16), TestSupport.leaf("x", .float, .optional), .double, nil, nil, .double),
            (Uni.int("x", 64, signed: false), TestSupport.leaf("x", .double, .optional), .double, nil, nil, .double),
            (TestSupport.leaf("x", .float, .optional), TestSupport.leaf("x", .double, .optional), .double, nil, nil, .double),
            (TestSupport.leaf("x", .double, .optional), TestSupport.leaf("x", .int64, .optional), .double, nil, nil, .double),
        ]
        for (index, (a, b, physical, logical, converted, kind)) in cases.enumerated() {
            for (first, second) in [(a, b), (b, a)] {
                let leaf = try unifiedLeaf(first, second)
                XCTAssertEqual(leaf.physicalType, physical, "case \(index)")
                XCTAssertEqual(leaf.kind, kind, "case \(index)")
                XCTAssertEqual(leaf.element.logicalType, logical, "case \(index)")
                if converted != nil { XCTAssertEqual(leaf.element.convertedType, converted, "case \(index)") }
            }
        }
        // The legacy converted type of unsigned widths is set on newly built elements.
        let built = LeafTypeUnifier.integerElement(bitWidth: 32, isSigned: false)
        XCTAssertEqual(built.convertedType, .uint32)
        XCTAssertEqual(LeafTypeUnifier.integerElement(bitWidth: 64, isSigned: true), LeafTypeUnifier.plainElement(.int64))
        assertUnificationError(.invalidArgument, ["column 'x'", "INT64 (INTEGER(64, unsigned)) in f0.parquet", "INT32 (INTEGER(8, signed)) in f1.parquet",
                                                  "unsigned 64-bit"]) {
            try unifiedLeaf(Uni.int("x", 64, signed: false), Uni.int("x", 8))
        }
    }

    func testTimestampAndTimeRules() throws {
        func ts(_ unit: TimeUnit, _ utc: Bool) -> SchemaElement {
            TestSupport.leaf("t", .int64, .optional, logical: .timestamp(isAdjustedToUTC: utc, unit: unit))
        }
        var leaf = try unifiedLeaf(ts(.millis, true), ts(.micros, true))
        XCTAssertEqual(leaf.kind, .timestamp(unit: .micros, isAdjustedToUTC: true))
        XCTAssertEqual(leaf.element.convertedType, nil)  // the second file's element, taken as is
        // Legacy TIMESTAMP_MILLIS counts as adjusted to UTC.
        leaf = try unifiedLeaf(TestSupport.leaf("t", .int64, .optional, converted: .timestampMillis), ts(.nanos, true))
        XCTAssertEqual(leaf.kind, .timestamp(unit: .nanos, isAdjustedToUTC: true))
        assertUnificationError(.invalidArgument, ["INT64 (TIMESTAMP(MILLIS, UTC)) in f0.parquet"]) {
            try unifiedLeaf(TestSupport.leaf("t", .int64, .optional, converted: .timestampMillis), ts(.millis, false))
        }
        assertUnificationError(.invalidArgument, ["column 't'", "INT64 (TIMESTAMP(NANOS, local)) in f0.parquet",
                                                  "INT64 (TIMESTAMP(MILLIS, UTC)) in f1.parquet", "adjusted to UTC"]) {
            try unifiedLeaf(ts(.nanos, false), ts(.millis, true))
        }
        // INT96 counts as TIMESTAMP(NANOS, local).
        leaf = try unifiedLeaf(TestSupport.leaf("t", .int96, .optional), ts(.millis, false))
        XCTAssertEqual(leaf.physicalType, .int64)
        XCTAssertEqual(leaf.kind, .timestamp(unit: .nanos, isAdjustedToUTC: false))
        XCTAssertEqual(try unifiedLeaf(TestSupport.leaf("t", .int96, .optional), TestSupport.leaf("t", .int96, .optional)).physicalType, .int96)
        assertUnificationError(.invalidArgument, ["INT96 in f0.parquet", "TIMESTAMP(MICROS, UTC)"]) {
            try unifiedLeaf(TestSupport.leaf("t", .int96, .optional), ts(.micros, true))
        }
        // TIME: finest unit, MILLIS is INT32.
        leaf = try unifiedLeaf(TestSupport.leaf("t", .int32, .optional, logical: .time(isAdjustedToUTC: true, unit: .millis)),
                               TestSupport.leaf("t", .int64, .optional, logical: .time(isAdjustedToUTC: true, unit: .micros)))
        XCTAssertEqual(leaf.kind, .time(unit: .micros, isAdjustedToUTC: true))
        XCTAssertEqual(leaf.physicalType, .int64)
        assertUnificationError(.invalidArgument, ["local times"]) {
            try unifiedLeaf(TestSupport.leaf("t", .int32, .optional, logical: .time(isAdjustedToUTC: true, unit: .millis)),
                            TestSupport.leaf("t", .int64, .optional, logical: .time(isAdjustedToUTC: false, unit: .micros)))
        }
        // A built nanos element carries no legacy converted type; millis/micros UTC do.
        XCTAssertEqual(LeafTypeUnifier.timestampElement(unit: .micros, isAdjustedToUTC: true).convertedType, .timestampMicros)
        XCTAssertNil(LeafTypeUnifier.timestampElement(unit: .micros, isAdjustedToUTC: false).convertedType)
    }

    func testDecimalRules() throws {
        typealias Case = (SchemaElement, SchemaElement, Int, Int, PhysicalType, Int)
        let cases: [Case] = [
            (Uni.decimal("d", .int32, precision: 5, scale: 2), Uni.decimal("d", .int64, precision: 10, scale: 4), 10, 4, .int64, 0),
            (Uni.decimal("d", .int32, precision: 5, scale: 2), Uni.decimal("d", .int32, precision: 6, scale: 1), 7, 2, .int32, 0),
            (Uni.decimal("d", .int32, precision: 9, scale: 2), Uni.decimal("d", .byteArray, precision: 20, scale: 0), 22, 2, .fixedLenByteArray, 10),
            (Uni.decimal("d", .fixedLenByteArray, precision: 30, scale: 2, length: 13),
             Uni.decimal("d", .fixedLenByteArray, precision: 38, scale: 10, length: 16), 38, 10, .fixedLenByteArray, 16),
            // Same precision and scale, other storage: the canonical storage.
            (Uni.decimal("d", .byteArray, precision: 12, scale: 3), Uni.decimal("d", .int64, precision: 12, scale: 3), 12, 3, .int64, 0),
            (Uni.decimal("d", .byteArray, precision: 4, scale: 1), Uni.decimal("d", .fixedLenByteArray, precision: 4, scale: 1, length: 2), 4, 1, .int32, 0),
        ]
        for (index, (a, b, precision, scale, physical, width)) in cases.enumerated() {
            for (first, second) in [(a, b), (b, a)] {
                let leaf = try unifiedLeaf(first, second)
                XCTAssertEqual(leaf.kind, .decimal(precision: precision, scale: scale), "case \(index)")
                XCTAssertEqual(leaf.physicalType, physical, "case \(index)")
                XCTAssertEqual(leaf.typeLength, width, "case \(index)")
                XCTAssertEqual(leaf.element.precision, Int32(precision), "case \(index)")
                XCTAssertEqual(leaf.element.scale, Int32(scale), "case \(index)")
            }
        }
        // Identical precision, scale and storage: the element is kept (even BYTE_ARRAY).
        let kept = try unifiedLeaf(Uni.decimal("d", .byteArray, precision: 30, scale: 3), Uni.decimal("d", .byteArray, precision: 30, scale: 3))
        XCTAssertEqual(kept.physicalType, .byteArray)
        XCTAssertEqual((1 ... 38).map { LeafTypeUnifier.decimalByteWidth(precision: $0) }.filter { $0 > 8 }.first, 9)
        XCTAssertEqual(LeafTypeUnifier.decimalByteWidth(precision: 19), 9)
        XCTAssertEqual(LeafTypeUnifier.decimalByteWidth(precision: 38), 16)
        assertUnificationError(.invalidArgument, ["column 'd'", "DECIMAL(38,0)", "DECIMAL(38,10)", "exceeds 38 digits"]) {
            try unifiedLeaf(Uni.decimal("d", .fixedLenByteArray, precision: 38, scale: 0, length: 16),
                            Uni.decimal("d", .fixedLenByteArray, precision: 38, scale: 10, length: 16))
        }
    }

    func testIncompatibleTypesNameColumnBothTypesAndFiles() throws {
        assertUnificationError(.invalidArgument, ["f1.parquet: column 'x': cannot unify INT64 in f0.parquet with BYTE_ARRAY (STRING) in f1.parquet"]) {
            try unifiedLeaf(TestSupport.leaf("x", .int64, .optional), Uni.string("x"))
        }
        assertUnificationError(.invalidArgument, ["BYTE_ARRAY (STRING) in f0.parquet with BYTE_ARRAY in f1.parquet"]) {
            try unifiedLeaf(Uni.string("x"), TestSupport.leaf("x", .byteArray, .optional))
        }
        assertUnificationError(.invalidArgument, ["INT32 (DATE)", "INT64 (TIMESTAMP(MILLIS, UTC))"]) {
            try unifiedLeaf(TestSupport.leaf("x", .int32, .optional, logical: .date), TestSupport.leaf("x", .int64, .optional, logical: .timestamp(isAdjustedToUTC: true, unit: .millis)))
        }
        assertUnificationError(.invalidArgument, ["FIXED_LEN_BYTE_ARRAY(16) (UUID)", "FIXED_LEN_BYTE_ARRAY(16) in f1"]) {
            try unifiedLeaf(TestSupport.leaf("x", .fixedLenByteArray, .optional, logical: .uuid, length: 16), TestSupport.leaf("x", .fixedLenByteArray, .optional, length: 16))
        }
        assertUnificationError(.invalidArgument, ["BOOLEAN", "INT32 (DECIMAL(5,2))"]) {
            try unifiedLeaf(TestSupport.leaf("x", .boolean, .optional), Uni.decimal("x", .int32, precision: 5, scale: 2))
        }
        // Shapes: list vs struct, list vs leaf, map vs list.
        let list = try Uni.schema(1, Uni.list("x", element: Uni.int("element", 32)))
        let structure = try Uni.schema(1, [group("x", .optional, children: 1), Uni.int("element", 32)])
        let leaf = try Uni.single(TestSupport.leaf("x", .int32, .optional))
        let map = try Uni.schema(1, [group("x", .optional, children: 1, logical: .map), group("key_value", .repeated, children: 2),
                                     TestSupport.leaf("key", .byteArray, .required, logical: .string), Uni.int("value", 32)])
        assertUnificationError(.invalidArgument, ["column 'x'", "group (LIST) in f0.parquet with group (STRUCT) in f1.parquet"]) {
            try Uni.unify([list, structure])
        }
        assertUnificationError(.invalidArgument, ["INT32 in f0.parquet with group (LIST) in f1.parquet"]) { try Uni.unify([leaf, list]) }
        assertUnificationError(.invalidArgument, ["group (MAP) in f0.parquet with group (LIST) in f1.parquet"]) { try Uni.unify([map, list]) }
    }

    func testListsAndMapsUnifyElementByElement() throws {
        // `list.item` pairs with `list.element` (by position); the element widens and becomes optional.
        let a = try Uni.schema(1, Uni.list("l", element: TestSupport.leaf("element", .int32, .required)))
        let b = try Uni.schema(1, Uni.list("l", element: TestSupport.leaf("item", .int64, .optional)))
        var unified = try Uni.unify([a, b])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["l.list.element"])
        XCTAssertEqual(unified.schema.columns[0].physicalType, .int64)
        XCTAssertEqual(unified.schema.columns[0].maxDefinitionLevel, 3)
        // Map values unify; key names may differ.
        func map(_ value: SchemaElement, entries: String = "key_value") throws -> Schema {
            try Uni.schema(1, [group("m", .optional, children: 1, logical: .map), group(entries, .repeated, children: 2),
                               TestSupport.leaf("key", .byteArray, .required, logical: .string), value])
        }
        unified = try Uni.unify([try map(Uni.null("value")), try map(TestSupport.leaf("value", .float, .optional), entries: "map"), try map(TestSupport.leaf("value", .double, .optional))])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["m.key_value.key", "m.key_value.value"])
        XCTAssertEqual(unified.schema.columns[1].kind, .double)
        // The element of a list of structs: fields by name.
        let s1 = try Uni.schema(1, Uni.list("l", element: group("element", .optional, children: 2)) + [Uni.int("a", 8), Uni.string("b")])
        let s2 = try Uni.schema(1, Uni.list("l", element: group("element", .optional, children: 2)) + [Uni.string("b"), Uni.int("a", 16)])
        unified = try Uni.unify([s1, s2])
        XCTAssertEqual(unified.schema.columns.map(\.dottedPath), ["l.list.element.a", "l.list.element.b"])
        XCTAssertEqual(unified.schema.columns[0].kind, .integer(bitWidth: 16, isSigned: true))
        // A 2-level list does not pair with a 3-level list.
        let twoLevel = try Uni.schema(1, [group("l", .optional, children: 1, logical: .list), TestSupport.leaf("element", .int32, .repeated)])
        assertUnificationError(.invalidArgument, ["column 'l.list'", "group (STRUCT) in f0.parquet with INT32 in f1.parquet"]) {
            try Uni.unify([a, twoLevel])
        }
    }
}
