import XCTest
@testable import ParquetExport
import TestSupport

/// Conversion of hand-made batches to the unified schema: levels and values.
final class UnificationConvertTests: XCTestCase {
    func testUnchangedFileSwapsSchemaOnly() throws {
        var a = Uni.string("s")
        a.fieldID = 3
        let first = try Uni.schema(2, [leaf("id", .int64, .required), a])
        let second = try Uni.schema(2, [leaf("id", .int64, .required), Uni.string("s")])
        let (unified, batch) = try Uni.convert([first, second], file: 1, rows: 2) { s in
            [Uni.column(s.columns[0], .int64([1, 2])),
             Uni.column(s.columns[1], def: [1, 0], .byteArray(ByteArrayValues(offsets: [0, 2], bytes: [104, 105])))]
        }
        XCTAssertTrue(unified.isUnchanged(fileIndex: 1))
        XCTAssertEqual(batch.schema, unified.schema)
        XCTAssertEqual(batch.columns.map(\.descriptor), unified.schema.columns)
        XCTAssertEqual(batch.columns[1].descriptor.element.fieldID, 3)
        XCTAssertEqual(batch.columns[1].definitionLevels, [1, 0])
        XCTAssertEqual(batch.columns[0].values, .int64([1, 2]))
        XCTAssertEqual(batch.numRows, 2)
    }

    func testRequiredToOptionalLeaf() throws {
        let required = try Uni.single(leaf("x", .int32, .required))
        let optional = try Uni.single(leaf("x", .int32, .optional))
        let (_, batch) = try Uni.convert([optional, required], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], .int32([7, 8, 9]))]
        }
        XCTAssertEqual(batch.columns[0].definitionLevels, [1, 1, 1])
        XCTAssertEqual(batch.columns[0].repetitionLevels, [])
        XCTAssertEqual(batch.columns[0].values, .int32([7, 8, 9]))
        XCTAssertEqual(batch.columns[0].descriptor.maxDefinitionLevel, 1)
        XCTAssertEqual(batch.columns[0].levelCount, 3)
    }

    func testRequiredToOptionalGroupAndListElement() throws {
        // s: required group { required int32 a; optional int32 b }  vs  optional group s.
        let a = try Uni.schema(1, [group("s", .required, children: 2), leaf("a", .int32, .required), leaf("b", .int32, .optional)])
        let b = try Uni.schema(1, [group("s", .optional, children: 2), leaf("a", .int32, .required), leaf("b", .int32, .optional)])
        let (unified, batch) = try Uni.convert([b, a], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], .int32([1, 2, 3])), Uni.column(s.columns[1], def: [0, 1, 1], .int32([5, 6]))]
        }
        XCTAssertEqual(unified.schema.columns.map(\.maxDefinitionLevel), [1, 2])
        XCTAssertEqual(batch.columns[0].definitionLevels, [1, 1, 1])
        XCTAssertEqual(batch.columns[1].definitionLevels, [1, 2, 2])
        XCTAssertEqual(batch.columns[1].values, .int32([5, 6]))
        XCTAssertTrue(unified.isUnchanged(fileIndex: 0))

        // List element required → optional: levels 0 (null list), 1 (empty), 2 (element) → 0, 1, 3.
        let l1 = try Uni.schema(1, Uni.list("l", element: leaf("element", .int64, .required)))
        let l2 = try Uni.schema(1, Uni.list("l", element: leaf("element", .int64, .optional)))
        let (_, listBatch) = try Uni.convert([l2, l1], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], def: [2, 2, 0, 1], rep: [0, 1, 0, 0], .int64([10, 11]))]
        }
        XCTAssertEqual(listBatch.columns[0].definitionLevels, [3, 3, 0, 1])
        XCTAssertEqual(listBatch.columns[0].repetitionLevels, [0, 1, 0, 0])
        XCTAssertEqual(listBatch.columns[0].values, .int64([10, 11]))
    }

    func testDefinitionMapWalksThePath() {
        // Path: root 0, g (required→optional), h (optional), leaf (required→optional).
        let map = FilePlan.definitionMap(source: [0, 0, 1, 1], target: [0, 1, 2, 3], deepestReached: 3)
        XCTAssertEqual(map, [1, 3])
        // A null-typed field at depth 3 is never reached itself.
        XCTAssertEqual(FilePlan.definitionMap(source: [0, 0, 1, 2], target: [0, 1, 2, 3], deepestReached: 2), [1, 2, 2])
    }

    func testNullTypedFillsListAndStruct() throws {
        let null = try Uni.single(Uni.null("x"))
        let list = try Uni.schema(1, Uni.list("x", element: Uni.string("element")))
        let (_, listBatch) = try Uni.convert([list, null], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], def: [0, 0, 0], .int32([]))]
        }
        XCTAssertEqual(listBatch.columns.count, 1)
        XCTAssertEqual(listBatch.columns[0].definitionLevels, [0, 0, 0])
        XCTAssertEqual(listBatch.columns[0].repetitionLevels, [0, 0, 0])
        XCTAssertEqual(listBatch.columns[0].values, .byteArray(ByteArrayValues()))
        XCTAssertEqual(listBatch.columns[0].descriptor.dottedPath, "x.list.element")

        // Struct of two leaves; the null column is required-less in the source (levels omitted for max 0 is
        // impossible here: the null leaf is optional), other columns untouched.
        let nullAndId = try Uni.schema(2, [leaf("id", .int32, .required), Uni.null("x")])
        let structure = try Uni.schema(2, [leaf("id", .int32, .required), group("x", .optional, children: 2),
                                           Uni.int("a", 16), leaf("b", .double, .required)])
        let (unified, structBatch) = try Uni.convert([structure, nullAndId], file: 1, rows: 2) { s in
            [Uni.column(s.columns[0], .int32([1, 2])), Uni.column(s.columns[1], def: [0, 0], .int32([]))]
        }
        XCTAssertEqual(structBatch.columns.map(\.descriptor.dottedPath), ["id", "x.a", "x.b"])
        XCTAssertEqual(structBatch.columns[1].definitionLevels, [0, 0])
        XCTAssertEqual(structBatch.columns[2].definitionLevels, [0, 0])
        XCTAssertEqual(structBatch.columns[2].values, .double([]))
        XCTAssertEqual(structBatch.columns[0].values, .int32([1, 2]))
        XCTAssertEqual(structBatch.schema, unified.schema)

        // A null-typed field inside an optional struct: null at the struct's level (1) when the struct is present.
        let inner = try Uni.schema(1, [group("s", .optional, children: 1), Uni.null("n")])
        let typed = try Uni.schema(1, [group("s", .optional, children: 1), group("n", .optional, children: 1), leaf("v", .int64, .optional)])
        let (_, innerBatch) = try Uni.convert([inner, typed], file: 0, rows: 3) { s in
            [Uni.column(s.columns[0], def: [0, 1, 1], .int32([]))]
        }
        XCTAssertEqual(innerBatch.columns[0].descriptor.dottedPath, "s.n.v")
        XCTAssertEqual(innerBatch.columns[0].definitionLevels, [0, 1, 1])
        XCTAssertEqual(innerBatch.columns[0].values, .int64([]))
    }

    func testAllNullStaysNull() throws {
        let (unified, batch) = try Uni.convert([try Uni.single(Uni.null("x")), try Uni.single(Uni.null("x", .byteArray))], file: 1, rows: 2) { s in
            [Uni.column(s.columns[0], def: [0, 0], .byteArray(ByteArrayValues()))]
        }
        XCTAssertEqual(unified.schema.columns[0].kind, .null)
        XCTAssertEqual(batch.columns[0].definitionLevels, [0, 0])
        XCTAssertEqual(batch.columns[0].values, .int32([]))
    }

    func testIntegerWidening() throws {
        func convert(_ from: SchemaElement, _ to: SchemaElement, _ values: ColumnValues) throws -> ColumnValues {
            let (_, batch) = try Uni.convert([try Uni.single(to), try Uni.single(from)], file: 1, rows: values.count) { s in
                [Uni.column(s.columns[0], def: Array(repeating: 1, count: values.count), values)]
            }
            return batch.columns[0].values
        }
        XCTAssertEqual(try convert(Uni.int("x", 8), Uni.int("x", 16), .int32([-128, 127])), .int32([-128, 127]))
        XCTAssertEqual(try convert(Uni.int("x", 8, signed: false), Uni.int("x", 8), .int32([255, 0])), .int32([255, 0]))
        XCTAssertEqual(try convert(Uni.int("x", 32, signed: false), Uni.int("x", 64, signed: false), .int32([-1, 5])),
                       .int64([4_294_967_295, 5]))
        XCTAssertEqual(try convert(Uni.int("x", 32, signed: false), Uni.int("x", 8), .int32([-1])), .int64([4_294_967_295]))
        XCTAssertEqual(try convert(leaf("x", .int32, .optional), leaf("x", .int64, .optional), .int32([Int32.min, 3])), .int64([Int64(Int32.min), 3]))
        XCTAssertEqual(try convert(Uni.int("x", 64, signed: false), leaf("x", .double, .optional), .int64([-1])), .double([18_446_744_073_709_551_615.0]))
        XCTAssertEqual(try convert(Uni.int("x", 16, signed: false), leaf("x", .float, .optional), .int32([65535])), .double([65535]))
        XCTAssertEqual(try convert(leaf("x", .float, .optional), leaf("x", .int32, .optional), .float([0.5, -2])), .double([0.5, -2]))
        XCTAssertEqual(try convert(leaf("x", .int64, .optional), leaf("x", .double, .optional), .int64([-3])), .double([-3]))
        // An unsigned 8-bit value that reads negative as signed 32-bit cannot fit INT16's INT32 storage.
        assertUnificationError(.invalidArgument, ["f1.parquet", "column 'x'", "4294967295"]) {
            try convert(Uni.int("x", 8, signed: false), Uni.int("x", 8), .int32([-1]))
        }
    }

    func testTimestampScalingAndOverflow() throws {
        func ts(_ unit: TimeUnit) -> SchemaElement { leaf("t", .int64, .optional, logical: .timestamp(isAdjustedToUTC: false, unit: unit)) }
        let millis = try Uni.single(ts(.millis)), nanos = try Uni.single(ts(.nanos)), micros = try Uni.single(ts(.micros))
        var (_, batch) = try Uni.convert([nanos, millis], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], def: [1, 0, 1], .int64([1_700_000_000_123, -1]))]
        }
        XCTAssertEqual(batch.columns[0].values, .int64([1_700_000_000_123_000_000, -1_000_000]))
        XCTAssertEqual(batch.columns[0].definitionLevels, [1, 0, 1])
        (_, batch) = try Uni.convert([millis, micros], file: 0, rows: 1) { s in [Uni.column(s.columns[0], def: [1], .int64([5]))] }
        XCTAssertEqual(batch.columns[0].values, .int64([5_000]))
        assertUnificationError(.invalidArgument, ["f1.parquet: column 't'", "overflows"]) {
            try Uni.convert([nanos, millis], file: 1, rows: 1) { s in [Uni.column(s.columns[0], def: [1], .int64([Int64.max / 1000]))] }
        }
        // INT96 → INT64 nanoseconds (Julian day 2440588 is 1970-01-01).
        let int96 = try Uni.single(leaf("t", .int96, .optional))
        (_, batch) = try Uni.convert([millis, int96], file: 1, rows: 2) { s in
            [Uni.column(s.columns[0], def: [1, 1], .int96([Int96(nanosOfDay: 1, julianDay: 2_440_588),
                                                           Int96(nanosOfDay: 3_600_000_000_000, julianDay: 2_440_587)]))]
        }
        XCTAssertEqual(batch.columns[0].values, .int64([1, -86_400_000_000_000 + 3_600_000_000_000]))
        XCTAssertEqual(batch.columns[0].descriptor.kind, .timestamp(unit: .nanos, isAdjustedToUTC: false))
        assertUnificationError(.invalidArgument, ["f1.parquet", "INT96", "overflows"]) {
            try Uni.convert([millis, int96], file: 1, rows: 1) { s in
                [Uni.column(s.columns[0], def: [1], .int96([Int96(nanosOfDay: 0, julianDay: 4_000_000_000)]))]
            }
        }
        // TIME(MILLIS) INT32 → TIME(MICROS) INT64.
        let timeMillis = try Uni.single(leaf("t", .int32, .required, logical: .time(isAdjustedToUTC: false, unit: .millis)))
        let timeMicros = try Uni.single(leaf("t", .int64, .required, logical: .time(isAdjustedToUTC: false, unit: .micros)))
        (_, batch) = try Uni.convert([timeMicros, timeMillis], file: 1, rows: 1) { s in [Uni.column(s.columns[0], .int32([86_399_999]))] }
        XCTAssertEqual(batch.columns[0].values, .int64([86_399_999_000]))
    }

    func testMalformedBatchesThrow() throws {
        let required = try Uni.single(leaf("x", .int32, .required))
        let optional = try Uni.single(leaf("x", .int32, .optional))
        let l1 = try Uni.schema(1, Uni.list("l", element: leaf("element", .int64, .required)))
        let l2 = try Uni.schema(1, Uni.list("l", element: leaf("element", .int64, .optional)))
        // A definition level above the column's maximum.
        assertUnificationError(.corrupt, ["f1.parquet", "column 'l.list.element'", "definition level 7"]) {
            try Uni.convert([l2, l1], file: 1, rows: 1) { s in [Uni.column(s.columns[0], def: [7], rep: [0], .int64([]))] }
        }
        // Level arrays that disagree with the level count.
        assertUnificationError(.corrupt, ["definition levels for 5"]) {
            try Uni.convert([l2, l1], file: 1, rows: 1) { s in [Uni.column(s.columns[0], def: [2], rep: [0], .int64([1]), count: 5)] }
        }
        assertUnificationError(.corrupt, ["negative level count"]) {
            try Uni.convert([optional, required], file: 1, rows: 1) { s in [Uni.column(s.columns[0], .int32([]), count: -1)] }
        }
        // Values of another physical type than the column's.
        let wide = try Uni.single(leaf("x", .int64, .required))
        assertUnificationError(.corrupt, ["physical type"]) {
            try Uni.convert([wide, required], file: 1, rows: 1) { s in [Uni.column(s.columns[0], .double([1]))] }
        }
        // A batch from another file, and an unknown file number.
        let unified = try Uni.unify([optional, required])
        let other = try Uni.schema(5, (0 ..< 5).map { leaf("q\($0)", .int32, .optional) })
        let foreign = Uni.batch(other, [Uni.column(other.columns[4], .int32([]))], rows: 0)
        assertUnificationError(.invalidArgument, ["column 4"]) { try unified.convert(foreign, fromFile: 1) }
        assertUnificationError(.invalidArgument, ["file number 2"]) { try unified.convert(foreign, fromFile: 2) }
    }

    func testProjectedBatchKeepsOnlyPresentColumns() throws {
        let a = try Uni.schema(2, [leaf("id", .int32, .required), leaf("v", .int32, .optional)])
        let b = try Uni.schema(2, [leaf("id", .int64, .required), leaf("v", .int32, .optional)])
        let (_, batch) = try Uni.convert([b, a], file: 1, rows: 2) { s in [Uni.column(s.columns[1], def: [0, 1], .int32([4]))] }
        XCTAssertEqual(batch.columns.map(\.descriptor.dottedPath), ["v"])
        XCTAssertEqual(batch.columns[0].descriptor.index, 1)
    }
}
