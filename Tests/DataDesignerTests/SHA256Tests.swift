import XCTest
@testable import DataDesigner

final class SHA256Tests: XCTestCase {
    /// FIPS 180-2 / NIST test vectors.
    func testNISTVectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ]
        for (message, digest) in vectors {
            XCTAssertEqual(SHA256.hexDigest(of: message), digest, message)
        }
    }

    func testOneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000)), expected)
        // Streamed in uneven pieces.
        var h = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 997)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            h.update(Array(chunk[0 ..< n]))
            left -= n
        }
        XCTAssertEqual(h.hexDigest(), expected)
    }

    /// Every split point of a message crossing block boundaries gives the same digest.
    func testStreamingSplitsAndPaddingBoundaries() {
        let message = (0 ..< 768).map { UInt8($0 & 0xFF) }
        XCTAssertEqual(SHA256.hexDigest(of: message), "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363")
        for split in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 500, 768] {
            var h = SHA256()
            h.update(Array(message[0 ..< split]))
            h.update(Array(message[split...]))
            XCTAssertEqual(h.finalize(), SHA256.hash(message), "split \(split)")
        }
        // Lengths around the padding boundary (55/56/64 bytes) differ from each other.
        let digests = Set((50 ..< 70).map { SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: $0)) })
        XCTAssertEqual(digests.count, 20)
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 56)),
                       "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    func testFinalizeDoesNotConsumeState() {
        var h = SHA256()
        h.update("ab")
        _ = h.finalize()
        h.update("c")
        XCTAssertEqual(h.hexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(h.finalize().count, 32)
    }
}
