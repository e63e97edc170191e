import XCTest
@testable import ParquetCodecs

/// The slice-by-16 CRC-32 against the bit-by-bit definition, for every length around the
/// 16-byte block size and at every alignment.
final class CRC32Tests: XCTestCase {
    func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func testMatchesTheBitwiseDefinition() {
        var generator = SystemRandomNumberGenerator()
        let data = (0 ..< 400).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        data.withUnsafeBytes { raw in
            for start in 0 ..< 8 {
                for length in 0 ..< 300 where start + length <= data.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start ..< start + length])
                    XCTAssertEqual(CRC32.checksum(slice), bitwise(data[start ..< start + length]), "start \(start) length \(length)")
                }
            }
        }
        XCTAssertEqual(Array("123456789".utf8).withUnsafeBytes { CRC32.checksum($0) }, 0xCBF4_3926)
    }

    /// Buffers from 4 KiB up run in three lanes joined by polynomial shifts.
    func testLargeBuffersMatchTheBitwiseDefinition() {
        var generator = SystemRandomNumberGenerator()
        let data = (0 ..< 70_000).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        data.withUnsafeBytes { raw in
            for length in [4095, 4096, 4097, 4111, 4143, 5000, 65_536, 69_999] {
                let slice = UnsafeRawBufferPointer(rebasing: raw[1 ..< 1 + length])
                XCTAssertEqual(CRC32.checksum(slice), bitwise(data[1 ..< 1 + length]), "length \(length)")
                // Continuing from an earlier CRC.
                let head = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[0 ..< 1]))
                XCTAssertEqual(CRC32.checksum(slice, continuing: head), bitwise(data[0 ..< 1 + length]), "length \(length)")
            }
        }
        XCTAssertEqual(CRC32.shift(bytes: 0), 1 << 31)
    }
}
