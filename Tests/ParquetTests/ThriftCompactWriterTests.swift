import XCTest
@testable import Parquet

final class ThriftCompactWriterTests: XCTestCase {
    func testVarintAndZigzagRoundTrip() throws {
        let unsigned: [UInt64] = [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max]
        for v in unsigned {
            var w = ThriftCompactWriter()
            w.writeVarint(v)
            XCTAssertEqual(try withThriftReader(w.bytes) { r -> UInt64 in
                let x = try r.readVarint()
                XCTAssertEqual(r.remaining, 0)
                return x
            }, v)
        }
        let signed: [Int64] = [0, -1, 1, -64, 64, Int64(Int32.min), Int64(Int32.max), Int64.min, Int64.max]
        for v in signed {
            var w = ThriftCompactWriter()
            w.writeZigzag(v)
            XCTAssertEqual(try withThriftReader(w.bytes) { try $0.readI64Value() }, v)
        }
        var w = ThriftCompactWriter()
        w.writeZigzag(-1)
        w.writeZigzag(1)
        XCTAssertEqual(w.bytes, [0x01, 0x02])
    }

    func testFieldHeaderForms() {
        var w = ThriftCompactWriter()
        w.writeStructBody { w in
            w.writeI32(1, 7)          // delta 1
            w.writeI64(16, -1)        // delta 15: still short
            w.writeBool(32, true)     // delta 16: long form
            w.writeBool(31, false)    // decreasing: long form
            w.writeI8(33, -2)         // delta 2
        }
        XCTAssertEqual(w.bytes, [0x15, 0x0E, 0xF6, 0x01, 0x01, 0x40, 0x02, 0x3E, 0x23, 0xFE, 0x00])
    }

    func testAllFieldKindsRoundTrip() throws {
        var w = ThriftCompactWriter()
        w.writeStructBody { w in
            w.writeBool(1, false)
            w.writeI8(2, -128)
            w.writeI16(3, Int16.min)
            w.writeI32(4, Int32.max)
            w.writeI64(5, Int64.min)
            w.writeDouble(6, -0.25)
            w.writeBinary(7, [0, 255])
            w.writeString(8, "héllo")
            w.writeList(9, .boolTrue, [true, false]) { $0.writeBoolElement($1) }
            w.writeList(10, .i32, Array(Int32(0) ..< 20)) { $0.writeZigzag(Int64($1)) }
            w.writeStruct(200) { $0.writeString(1, "inner") }
            w.writeEmptyStruct(201)
        }
        var values: [Int16: String] = [:]
        try withThriftReader(w.bytes) { r in
            try r.readStruct("T") { r, f in
                switch f.id {
                case 1: values[1] = "\(try r.fieldBool(f, "1"))"
                case 2: values[2] = "\(try r.readInteger(f.type, "2", as: Int8.self))"
                case 3: values[3] = "\(try r.readInteger(f.type, "3", as: Int16.self))"
                case 4: values[4] = "\(try r.readInteger(f.type, "4", as: Int32.self))"
                case 5: values[5] = "\(try r.readInteger(f.type, "5", as: Int64.self))"
                case 6: values[6] = "\(try r.readDouble(f.type, "6"))"
                case 7: values[7] = "\(try r.readBinary(f.type, "7"))"
                case 8: values[8] = try r.readString(f.type, "8")
                case 9: values[9] = "\(try r.readList(f.type, "9") { try $0.readBoolElement($1, "9") })"
                case 10: values[10] = "\(try r.readList(f.type, "10") { try $0.readInteger($1, "10", as: Int32.self) })"
                case 200:
                    try r.readStruct(f.type, "inner") { r, g in
                        XCTAssertEqual(g.id, 1)
                        values[200] = try r.readString(g.type, "inner.1")
                    }
                default:
                    values[f.id] = f.type.name
                    try r.skip(f)
                }
            }
            XCTAssertEqual(r.remaining, 0)
        }
        XCTAssertEqual(values[1], "false")
        XCTAssertEqual(values[2], "-128")
        XCTAssertEqual(values[3], "\(Int16.min)")
        XCTAssertEqual(values[4], "\(Int32.max)")
        XCTAssertEqual(values[5], "\(Int64.min)")
        XCTAssertEqual(values[6], "-0.25")
        XCTAssertEqual(values[7], "[0, 255]")
        XCTAssertEqual(values[8], "héllo")
        XCTAssertEqual(values[9], "[true, false]")
        XCTAssertEqual(values[10], "\(Array(Int32(0) ..< 20))")
        XCTAssertEqual(values[200], "inner")
        XCTAssertEqual(values[201], "struct")
    }

    func testCollectionHeaders() throws {
        var w = ThriftCompactWriter()
        w.writeListHeader(.i32, count: 14)
        w.writeListHeader(.binary, count: 15)
        w.writeListHeader(.structure, count: 300)
        w.writeMapHeader(keyType: .binary, valueType: .i32, count: 0)
        w.writeMapHeader(keyType: .binary, valueType: .i32, count: 2)
        XCTAssertEqual(w.bytes, [0xE5, 0xF8, 0x0F, 0xFC, 0xAC, 0x02, 0x00, 0x02, 0x85])
    }
}
