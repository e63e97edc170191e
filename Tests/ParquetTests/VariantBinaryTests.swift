import Foundation
import XCTest
@testable import Parquet

/// The variant binary decoder on hand-built and hostile bytes.
final class VariantBinaryTests: XCTestCase {
    /// Metadata with `keys` (1-byte offsets).
    func metadata(_ keys: [String]) -> [UInt8] {
        var bytes: [UInt8] = [0x01, UInt8(keys.count), 0]
        var strings: [UInt8] = []
        for key in keys {
            strings += Array(key.utf8)
            bytes.append(UInt8(strings.count))
        }
        return bytes + strings
    }

    /// An array of `elements` (encoded values) with 1- or 2-byte offsets.
    func array(_ elements: [[UInt8]]) -> [UInt8] {
        let total = elements.reduce(0) { $0 + $1.count }
        let size = total > 255 ? 2 : 1
        var bytes: [UInt8] = [0x03 | UInt8(size - 1) << 2, UInt8(elements.count)]
        var fields: [UInt8] = []
        func offset(_ n: Int) { for k in 0 ..< size { bytes.append(UInt8(truncatingIfNeeded: n >> (8 * k))) } }
        offset(0)
        for e in elements {
            fields += e
            offset(fields.count)
        }
        return bytes + fields
    }

    func shortString(_ s: String) -> [UInt8] { [UInt8(Array(s.utf8).count << 2 | 1)] + Array(s.utf8) }

    func testObjectsArraysAndLargeOffsets() throws {
        // {"a": [1, "x"], "b": null} with 2-byte field ids and offsets, is_large count.
        let inner = array([[0x0C, 1], shortString("x")])
        var object: [UInt8] = [0x02 | (1 << 2 | 1 << 4 | 1 << 6)]  // offset size 2, id size 2, large
        object += [2, 0, 0, 0]  // 2 elements, 4 bytes
        object += [0, 0, 1, 0]  // field ids 0, 1
        let fields = inner + [0x00]
        object += [0, 0, UInt8(inner.count), 0, UInt8(fields.count), 0]
        object += fields
        let v = try Variant(metadata: metadata(["a", "b"]), value: object)
        XCTAssertEqual(v, .object([.init(key: "a", value: .array([.int8(1), .string("x")])), .init(key: "b", value: .null)]))
        XCTAssertEqual(v["a"]?[1], .string("x"))
    }

    func testEveryPrimitive() throws {
        let m = metadata([])
        func decode(_ bytes: [UInt8]) throws -> Variant { try Variant(metadata: m, value: bytes) }
        XCTAssertEqual(try decode([0x04]), .bool(true))
        XCTAssertEqual(try decode([0x08]), .bool(false))
        XCTAssertEqual(try decode([0x10, 0xFE, 0xFF]), .int16(-2))
        XCTAssertEqual(try decode([0x14, 1, 0, 0, 0x80]), .int32(Int32.min + 1))
        XCTAssertEqual(try decode([0x18, 1, 0, 0, 0, 0, 0, 0, 0]), .int64(1))
        XCTAssertEqual(try decode([0x1C] + withUnsafeBytes(of: 1.5.bitPattern.littleEndian, Array.init)), .double(1.5))
        XCTAssertEqual(try decode([0x38] + withUnsafeBytes(of: Float(0.1).bitPattern.littleEndian, Array.init)), .float(0.1))
        // decimal16 with scale 3 and unscaled -1 (all ones).
        XCTAssertEqual(try decode([0x28, 3] + Array(repeating: 0xFF, count: 16)),
                       .decimal(VariantDecimal(unscaled: -1, scale: 3, width: 16)))
        XCTAssertEqual(try decode([0x3C, 2, 0, 0, 0, 0xAB, 0xCD]), .binary([0xAB, 0xCD]))
        XCTAssertEqual(try decode([0x40, 2, 0, 0, 0, 0x68, 0x69]), .string("hi"))
        XCTAssertEqual(try decode([0x44, 1, 0, 0, 0, 0, 0, 0, 0]), .time(microseconds: 1))
        XCTAssertEqual(try decode([0x48, 1, 0, 0, 0, 0, 0, 0, 0]), .timestamp(1, unit: .nanos, isAdjustedToUTC: true))
        XCTAssertEqual(try decode([0x34, 1, 0, 0, 0, 0, 0, 0, 0]), .timestamp(1, unit: .micros, isAdjustedToUTC: false))
        XCTAssertEqual(try decode([0x01]), .string(""))
        XCTAssertEqual(try decode([0x03, 0, 0]), .array([]))
        XCTAssertEqual(try decode([0x02, 0, 0]), .object([]))
        // Invalid UTF-8 is repaired, not refused.
        XCTAssertEqual(try decode([0x05, 0xFF]), .string("\u{FFFD}"))
    }

    func testMalformedValuesThrow() throws {
        let m = metadata(["a"])
        func fails(_ bytes: [UInt8], _ text: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try Variant(metadata: m, value: bytes), file: file, line: line) { error in
                XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
            }
        }
        fails([], "a value is empty")
        fails([0x18, 1, 2], "needs 8 bytes")
        fails([0x09, 0x41], "short string of 2 bytes")
        fails([0x40, 0xFF, 0xFF, 0xFF, 0x7F, 0x41], "runs past the end")
        fails([0x54], "type id 21 is not supported")
        fails([0x20, 39, 0, 0, 0, 0], "scale 39")
        fails([0x03, 200, 0], "claims 200 elements")
        fails([0x03, 1, 0, 5, 0x00], "claim 5 bytes")
        fails([0x03, 1, 3, 3, 0, 0, 0], "starts at byte 3")
        fails([0x02, 1, 7, 0, 1, 0x00], "field id 7 is not in")
        XCTAssertThrowsError(try Variant(metadata: [0x02, 0], value: [0x00])) { XCTAssertTrue("\($0)".contains("version 2")) }
        XCTAssertThrowsError(try Variant(metadata: [0x01, 0xF0, 0], value: [0x00])) { XCTAssertTrue("\($0)".contains("claims 240 names")) }
        XCTAssertThrowsError(try Variant(metadata: [0x01, 1, 0, 9, 0x41], value: [0x00])) { XCTAssertTrue("\($0)".contains("name 0")) }
        XCTAssertThrowsError(try Variant(metadata: [], value: [0x00])) { XCTAssertTrue("\($0)".contains("metadata is empty")) }
    }

    func testDeepNestingIsRefused() throws {
        var value: [UInt8] = [0x00]
        for _ in 0 ..< Variant.maxDepth - 1 { value = array([value]) }
        XCTAssertNoThrow(try Variant(metadata: metadata([]), value: value))
        for _ in 0 ..< 5 { value = array([value]) }
        XCTAssertThrowsError(try Variant(metadata: metadata([]), value: value)) { XCTAssertTrue("\($0)".contains("deeper than")) }
    }

    /// 255 elements at offset 0, five levels deep: 255^5 elements from 1.3 KB if offsets were
    /// followed blindly.
    func testOverlappingElementsAreRefused() throws {
        var value: [UInt8] = [0x00]
        for _ in 0 ..< 5 {
            var next: [UInt8] = [0x03, 255]
            next += Array(repeating: 0, count: 255)
            next.append(UInt8(truncatingIfNeeded: value.count))
            if value.count > 255 {  // 2-byte offsets from here on
                next = [0x03 | 1 << 2, 255] + Array(repeating: 0, count: 510) + [UInt8(value.count & 0xFF), UInt8(value.count >> 8)]
            }
            value = next + value
        }
        XCTAssertThrowsError(try Variant(metadata: metadata([]), value: value)) { XCTAssertTrue("\($0)".contains("overlap"), "\($0)") }
    }

    /// Truncations and byte flips of a composite value never trap.
    func testMutationsNeverTrap() throws {
        let m = metadata(["a", "b", "c"])
        let inner = array([[0x0C, 7], shortString("text"), [0x40, 3, 0, 0, 0, 0x61, 0x62, 0x63], [0x28, 2] + Array(repeating: 1, count: 16)])
        let object: [UInt8] = [0x02, 2, 0, 2, 0, UInt8(inner.count), UInt8(inner.count + 1)] + inner + [0x04]
        let value = array([object, inner, [0x00]])
        XCTAssertNoThrow(try Variant(metadata: m, value: value))
        for n in 0 ..< value.count { _ = try? Variant(metadata: m, value: Array(value[..<n])) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 20_000 {
            var mutated = value
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &generator) {
                mutated[Int.random(in: 0 ..< mutated.count, using: &generator)] = UInt8.random(in: 0 ... 255, using: &generator)
            }
            _ = try? Variant(metadata: m, value: mutated)
            var meta = m
            meta[Int.random(in: 0 ..< meta.count, using: &generator)] = UInt8.random(in: 0 ... 255, using: &generator)
            _ = try? Variant(metadata: meta, value: value)
        }
    }
}
