import XCTest
@testable import Parquet

/// Runs `body` with a reader over `bytes`.
func withThriftReader<T>(_ bytes: [UInt8], _ body: (inout ThriftCompactReader) throws -> T) throws -> T {
    try bytes.withUnsafeBytes { raw in
        var reader = ThriftCompactReader(raw)
        return try body(&reader)
    }
}

/// Asserts that `body` throws a `.corrupt` ParquetError (optionally mentioning `text`).
func assertCorrupt(_ text: String? = nil, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected a corrupt error", file: file, line: line)
    } catch let error as ParquetError {
        XCTAssertEqual(error.kind, .corrupt, "\(error)", file: file, line: line)
        if let text {
            XCTAssertTrue(error.message.contains(text), "message '\(error.message)' lacks '\(text)'", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

final class ThriftCompactReaderTests: XCTestCase {
    func testVarints() throws {
        XCTAssertEqual(try withThriftReader([0x00]) { try $0.readVarint() }, 0)
        XCTAssertEqual(try withThriftReader([0x7F]) { try $0.readVarint() }, 127)
        XCTAssertEqual(try withThriftReader([0x80, 0x01]) { try $0.readVarint() }, 128)
        XCTAssertEqual(try withThriftReader([0xE5, 0x8E, 0x26]) { try $0.readVarint() }, 624_485)
        let max: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]
        XCTAssertEqual(try withThriftReader(max) { r -> UInt64 in
            let v = try r.readVarint()
            XCTAssertEqual(r.position, 10)
            return v
        }, UInt64.max)
        // Non-minimal but valid 10-byte encoding of 0.
        XCTAssertEqual(try withThriftReader(Array(repeating: 0x80, count: 9) + [0x00]) { try $0.readVarint() }, 0)
        assertCorrupt("overflows") { _ = try withThriftReader(Array(repeating: 0xFF, count: 9) + [0x02]) { try $0.readVarint() } }
        assertCorrupt("overflows") { _ = try withThriftReader(Array(repeating: 0x80, count: 10) + [0x00]) { try $0.readVarint() } }
        assertCorrupt("truncated") { _ = try withThriftReader([0x80, 0x80]) { try $0.readVarint() } }
        assertCorrupt("truncated") { _ = try withThriftReader([]) { try $0.readVarint() } }
    }

    func testZigzagIntegers() throws {
        XCTAssertEqual(try withThriftReader([0x00]) { try $0.readI32Value() }, 0)
        XCTAssertEqual(try withThriftReader([0x01]) { try $0.readI32Value() }, -1)
        XCTAssertEqual(try withThriftReader([0x02]) { try $0.readI32Value() }, 1)
        XCTAssertEqual(try withThriftReader([0x03]) { try $0.readI16Value() }, -2)
        XCTAssertEqual(try withThriftReader([0xFE, 0xFF, 0xFF, 0xFF, 0x0F]) { try $0.readI32Value() }, Int32.max)
        XCTAssertEqual(try withThriftReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) { try $0.readI32Value() }, Int32.min)
        XCTAssertEqual(try withThriftReader(Array(repeating: 0xFF, count: 9) + [0x01]) { try $0.readI64Value() }, Int64.min)
        XCTAssertEqual(try withThriftReader([0xFE] + Array(repeating: 0xFF, count: 8) + [0x01]) { try $0.readI64Value() }, Int64.max)
        // 2^31 does not fit in an i32; 2^15 not in an i16.
        assertCorrupt("does not fit") { _ = try withThriftReader([0x80, 0x80, 0x80, 0x80, 0x10]) { try $0.readI32Value() } }
        assertCorrupt("does not fit") { _ = try withThriftReader([0x80, 0x80, 0x04]) { try $0.readI16Value() } }
    }

    func testIntegerWidthsAreAcceptedAndRangeChecked() throws {
        // An i8 wire value is a raw two's-complement byte.
        XCTAssertEqual(try withThriftReader([0xFE]) { try $0.readInteger(.byte, "x", as: Int32.self) }, -2)
        XCTAssertEqual(try withThriftReader([0x54]) { try $0.readInteger(.i64, "x", as: Int8.self) }, 42)
        assertCorrupt("x: value 300") { _ = try withThriftReader([0xD8, 0x04]) { try $0.readInteger(.i32, "x", as: Int8.self) } }
        assertCorrupt("expected an integer") { _ = try withThriftReader([0x00]) { try $0.readInteger(.binary, "x", as: Int32.self) } }
    }

    func testDouble() throws {
        var bits = (1.5 as Double).bitPattern.littleEndian
        let bytes = withUnsafeBytes(of: &bits) { Array($0) }
        XCTAssertEqual(try withThriftReader(bytes) { try $0.readDouble(.double, "d") }, 1.5)
        assertCorrupt("truncated") { _ = try withThriftReader(Array(bytes.prefix(7))) { try $0.readDoubleValue() } }
        assertCorrupt("expected double") { _ = try withThriftReader(bytes) { try $0.readDouble(.i64, "d") } }
    }

    func testBinaryAndStrings() throws {
        XCTAssertEqual(try withThriftReader([0x03, 0x61, 0x62, 0x63, 0x99]) { try $0.readBinary(.binary, "b") }, [0x61, 0x62, 0x63])
        XCTAssertEqual(try withThriftReader([0x03, 0x61, 0x62, 0x63]) { try $0.readString(.binary, "s") }, "abc")
        XCTAssertEqual(try withThriftReader([0x00]) { try $0.readString(.binary, "s") }, "")
        // Invalid UTF-8 is repaired, not fatal.
        XCTAssertEqual(try withThriftReader([0x03, 0x61, 0xFF, 0xFE]) { try $0.readString(.binary, "s") }, "a\u{FFFD}\u{FFFD}")
        assertCorrupt("exceeds") { _ = try withThriftReader([0x04, 0x61, 0x62, 0x63]) { try $0.readBinary(.binary, "b") } }
        // A length near 2^64 must not overflow or allocate.
        assertCorrupt("exceeds") {
            _ = try withThriftReader(Array(repeating: 0xFF, count: 9) + [0x01, 0x00]) { try $0.readString(.binary, "s") }
        }
    }

    func testShortAndLongFieldHeaders() throws {
        // field 1 i32 = 7 (delta form), field 300 i64 = -1 (long form: type byte, zigzag i16 id),
        // field 301 bool true (delta), field -5 bool false (long form, negative id),
        // field -4 i8 = 9 (delta from -5), stop.
        let bytes: [UInt8] = [0x15, 0x0E, 0x06, 0xD8, 0x04, 0x01, 0x11, 0x02, 0x09, 0x13, 0x09, 0x00]
        var seen: [(Int16, String)] = []
        try withThriftReader(bytes) { r in
            try r.readStruct("T") { r, f in
                switch f.id {
                case 1: seen.append((1, "\(try r.readInteger(f.type, "f1", as: Int32.self))"))
                case 300: seen.append((300, "\(try r.readInteger(f.type, "f300", as: Int64.self))"))
                case 301: seen.append((301, "\(try r.fieldBool(f, "f301"))"))
                case -5: seen.append((-5, "\(try r.fieldBool(f, "f-5"))"))
                case -4: seen.append((-4, "\(try r.readInteger(f.type, "f-4", as: Int8.self))"))
                default: XCTFail("unexpected field \(f.id)")
                }
            }
            XCTAssertEqual(r.position, bytes.count)
        }
        XCTAssertEqual(seen.map(\.0), [1, 300, 301, -5, -4])
        XCTAssertEqual(seen.map(\.1), ["7", "-1", "true", "false", "9"])
    }

    func testInvalidFieldTypeAndMissingStop() {
        assertCorrupt("invalid field type 14") { try withThriftReader([0x1E, 0x00]) { try $0.readStruct("T") { r, f in try r.skip(f) } } }
        assertCorrupt("truncated") { try withThriftReader([0x15, 0x02]) { try $0.readStruct("T") { r, f in try r.skip(f) } } }
        // Field id overflowing i16 through deltas.
        assertCorrupt("overflows") {
            try withThriftReader([0x05, 0xFC, 0xFF, 0x03, 0x00, 0x25, 0x00, 0x00]) { try $0.readStruct("T") { r, f in try r.skip(f) } }
        }
    }

    func testListHeaders() throws {
        // Short form: 3 x i32.
        XCTAssertEqual(try withThriftReader([0x35, 0x02, 0x04, 0x06]) { r in
            try r.readList(.list, "l") { try $0.readInteger($1, "e", as: Int32.self) }
        }, [1, 2, 3])
        // Long form: 16 x i8.
        let long: [UInt8] = [0xF3, 0x10] + (0 ..< 16).map { UInt8($0) }
        XCTAssertEqual(try withThriftReader(long) { r in
            try r.readList(.list, "l") { try $0.readInteger($1, "e", as: Int8.self) }
        }, (0 ..< 16).map { Int8($0) })
        // Set of bools: element bytes 1 = true, 2 = false.
        XCTAssertEqual(try withThriftReader([0x31, 0x01, 0x02, 0x01]) { r in
            try r.readList(.set, "s") { try $0.readBoolElement($1, "e") }
        }, [true, false, true])
        // List of strings.
        XCTAssertEqual(try withThriftReader([0x28, 0x01, 0x61, 0x02, 0x62, 0x63]) { r in
            try r.readList(.list, "l") { try $0.readString($1, "e") }
        }, ["a", "bc"])
        // Empty list.
        XCTAssertEqual(try withThriftReader([0x05]) { r in
            try r.readList(.list, "l") { try $0.readInteger($1, "e", as: Int32.self) }
        }, [])
    }

    func testHugeListSizesThrowBeforeAllocating() {
        // 2^40 structs announced, 3 bytes present.
        assertCorrupt("cannot fit") {
            _ = try withThriftReader([0xFC, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00, 0x00, 0x00]) { r in
                try r.readList(.list, "l") { r, t in try r.readStruct(t, "S") { r, f in try r.skip(f) } }
            }
        }
        // Maximal varint count.
        assertCorrupt("cannot fit") {
            _ = try withThriftReader([0xF5] + Array(repeating: 0xFF, count: 9) + [0x01]) { r in try r.readListHeader() }
        }
        // Doubles need 8 bytes each: 2 doubles in 15 bytes do not fit.
        assertCorrupt("cannot fit") {
            _ = try withThriftReader([0x27] + Array(repeating: 0, count: 15)) { r in try r.readListHeader() }
        }
        // Invalid element type.
        assertCorrupt("invalid element type") { _ = try withThriftReader([0x1E, 0x00]) { r in try r.readListHeader() } }
        // A list where an element does not decode as expected.
        assertCorrupt("expected string") {
            _ = try withThriftReader([0x15, 0x02]) { r in try r.readList(.list, "l") { try $0.readString($1, "e") } }
        }
    }

    func testMapHeaders() throws {
        let empty = try withThriftReader([0x00]) { r -> Int in
            let h = try r.readMapHeader()
            XCTAssertEqual(r.position, 1)
            return h.count
        }
        XCTAssertEqual(empty, 0)
        let header = try withThriftReader([0x02, 0x85, 0, 0, 0, 0]) { try $0.readMapHeader() }
        XCTAssertEqual(header.keyType, .binary)
        XCTAssertEqual(header.valueType, .i32)
        XCTAssertEqual(header.count, 2)
        // 2 entries need at least 4 bytes, only 3 remain.
        assertCorrupt("cannot fit") { _ = try withThriftReader([0x02, 0x85, 0x00, 0x00, 0x00]) { try $0.readMapHeader() } }
        assertCorrupt("invalid key/value") { _ = try withThriftReader([0x01, 0x05, 0x00, 0x00]) { try $0.readMapHeader() } }
        // Skipping a map<string, i32> {"a": 1, "bc": -1}.
        let map: [UInt8] = [0x02, 0x85, 0x01, 0x61, 0x02, 0x02, 0x62, 0x63, 0x01, 0x77]
        XCTAssertEqual(try withThriftReader(map) { r -> Int in
            try r.skipValue(.map)
            return r.position
        }, map.count - 1)
    }

    func testSkipsEveryWireType() throws {
        // Each value followed by a sentinel byte; the skip must land exactly on it.
        let cases: [(ThriftType, [UInt8])] = [
            (.boolTrue, [0x01]), (.boolFalse, [0x02]), (.byte, [0x80]), (.i16, [0xFF, 0x01]),
            (.i32, [0x80, 0x80, 0x01]), (.i64, [0x01]), (.double, [UInt8](repeating: 7, count: 8)),
            (.binary, [0x02, 0x00, 0x00]), (.uuid, [UInt8](repeating: 1, count: 16)),
            (.list, [0x21, 0x01, 0x02]), (.set, [0x16, 0x04]), (.map, [0x00]),
            (.map, [0x01, 0x1C, 0x01, 0x15, 0x02, 0x00]),
            (.structure, [0x15, 0x02, 0x18, 0x01, 0x61, 0x1C, 0x11, 0x00, 0x00]),
            (.list, [0x1C, 0x19, 0x3C, 0x00, 0x00, 0x00, 0x00]),
        ]
        for (type, value) in cases {
            let end = try withThriftReader(value + [0xAA]) { r -> Int in
                try r.skipValue(type)
                return r.position
            }
            XCTAssertEqual(end, value.count, "skipping \(type)")
        }
        // A boolean struct field has no payload.
        XCTAssertEqual(try withThriftReader([0xAA]) { r -> Int in
            try r.skip(ThriftFieldHeader(id: 1, type: .boolTrue))
            return r.position
        }, 0)
        assertCorrupt("stop") { try withThriftReader([0x00]) { try $0.skipValue(.stop) } }
    }

    func testDepthBombThrows() {
        // 100 nested struct fields: field 1 struct { field 1 struct { ... } }.
        let structs = [UInt8](repeating: 0x1C, count: 100) + [UInt8](repeating: 0x00, count: 101)
        assertCorrupt("deeper than 64") { try withThriftReader(structs) { try $0.readStruct("T") { r, f in try r.skip(f) } } }
        // Lists of lists.
        let lists = [UInt8](repeating: 0x19, count: 100) + [0x09]
        assertCorrupt("deeper than 64") { try withThriftReader(lists) { try $0.skipValue(.list) } }
        // Maps of maps.
        let maps = [UInt8]([0x01, 0x8B, 0x00]) + [UInt8](repeating: 0, count: 0)
        var nested: [UInt8] = []
        for _ in 0 ..< 100 { nested += [0x01, 0x8B, 0x00] }
        nested += [0x00]
        XCTAssertNoThrow(try withThriftReader(maps + [0x00]) { try $0.skipValue(.map) })
        assertCorrupt("deeper than 64") { try withThriftReader(nested) { try $0.skipValue(.map) } }
        // Exactly 64 levels is fine.
        let ok = [UInt8](repeating: 0x1C, count: 63) + [UInt8](repeating: 0x00, count: 64)
        XCTAssertNoThrow(try withThriftReader(ok) { try $0.readStruct("T") { r, f in try r.skip(f) } })
    }
}
