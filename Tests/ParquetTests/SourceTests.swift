import Foundation
import XCTest
@testable import Parquet
import ParquetCodecs

/// The byte sources: files, memory, the async adapter and the counting wrapper.
final class SourceTests: XCTestCase {
    private var folder: URL!
    private let bytes: [UInt8] = (0 ..< 1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dd-sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func writeFile() throws -> URL {
        let url = folder.appendingPathComponent("bytes with space.bin")
        try Data(bytes).write(to: url)
        return url
    }

    /// Reads that a source must serve, and ranges it must refuse naming itself.
    private func checkSource(_ source: some RandomAccessSource, name: String, line: UInt = #line) throws {
        XCTAssertEqual(try source.size, 1000, line: line)
        XCTAssertEqual(source.name, name, line: line)
        XCTAssertEqual(try source.read(at: 10, count: 5), Array(bytes[10 ..< 15]), line: line)
        XCTAssertEqual(try source.read(at: 1000, count: 0), [], line: line)
        XCTAssertEqual(try source.read(at: 0, count: 1000), bytes, line: line)
        var buffer = [UInt8](repeating: 9, count: 50)
        try source.read(at: 995, count: 5, into: &buffer)
        XCTAssertEqual(buffer, Array(bytes[995...]), line: line)
        try source.read(at: 3, count: 20, into: &buffer)
        XCTAssertEqual(buffer, Array(bytes[3 ..< 23]), line: line)
        for (offset, count) in [(Int64(-1), 1), (0, -1), (996, 5), (1001, 0), (Int64.max, 1), (Int64.min, 0), (1, Int.max), (Int64.max, Int.max)] {
            XCTAssertThrowsError(try source.read(at: offset, count: count), "\(offset)+\(count)", line: line) { error in
                let e = error as? ParquetError
                XCTAssertEqual(e?.kind, .corrupt, "\(error)", line: line)
                XCTAssertEqual(e?.file, name, "\(error)", line: line)
                XCTAssertEqual(e?.message, "byte range \(offset)+\(count) lies outside the file (1000 bytes)", line: line)
            }
            XCTAssertThrowsError(try source.read(at: offset, count: count, into: &buffer), line: line) { error in
                XCTAssertEqual((error as? ParquetError)?.file, name, line: line)
            }
        }
    }

    func testMemorySourceOverBytesAndData() throws {
        try checkSource(MemorySource(bytes), name: "<memory>")
        try checkSource(MemorySource(bytes, name: "upload"), name: "upload")
        try checkSource(MemorySource(Data(bytes), name: "data"), name: "data")
        // A Data slice that does not start at index 0.
        let padded = Data([1, 2, 3] + bytes)
        try checkSource(MemorySource(padded[3...], name: "slice"), name: "slice")
    }

    func testFileSourceByPathAndURL() throws {
        let url = try writeFile()
        try checkSource(FileSource(path: url.path), name: url.path)
        try checkSource(FileSource(url: url), name: url.path)
        try checkSource(RandomAccessFile(path: url.path), name: url.path)
    }

    func testFileSourceReopensAfterClose() throws {
        let url = try writeFile()
        let source = try FileSource(url: url)
        XCTAssertTrue(source.file.isOpen)
        source.close()
        XCTAssertFalse(source.file.isOpen)
        XCTAssertEqual(try source.read(at: 100, count: 3), Array(bytes[100 ..< 103]))
        XCTAssertTrue(source.file.isOpen)
        // A file that changed size since it was opened is refused, naming it.
        source.close()
        try Data(bytes + [1]).write(to: url)
        XCTAssertThrowsError(try source.read(at: 0, count: 1)) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .io)
            XCTAssertEqual((error as? ParquetError)?.file, url.path)
        }
    }

    func testFileSourceRefusals() throws {
        let missing = folder.appendingPathComponent("missing.parquet")
        XCTAssertThrowsError(try FileSource(path: missing.path)) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .io)
            XCTAssertEqual((error as? ParquetError)?.file, missing.path)
        }
        XCTAssertThrowsError(try FileSource(url: folder)) { error in
            XCTAssertEqual((error as? ParquetError)?.message, "is a directory, not a Parquet file")
        }
        let remote = try XCTUnwrap(URL(string: "https://example.com/a.parquet"))
        XCTAssertThrowsError(try FileSource(url: remote)) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument)
            XCTAssertEqual((error as? ParquetError)?.file, "https://example.com/a.parquet")
        }
    }

    func testAsyncAdapterReadsTheBase() async throws {
        let source = AsyncSourceAdapter(MemorySource(bytes, name: "m"))
        XCTAssertEqual(source.name, "m")
        let size = try await source.size
        XCTAssertEqual(size, 1000)
        let read = try await source.read(at: 7, count: 4)
        XCTAssertEqual(read, Array(bytes[7 ..< 11]))
        var buffer: [UInt8] = [1, 2, 3, 4, 5, 6]
        try await source.read(at: 998, count: 2, into: &buffer)
        XCTAssertEqual(buffer, Array(bytes[998...]))
        do {
            _ = try await source.read(at: 999, count: 2)
            XCTFail("read past the end")
        } catch let error as ParquetError {
            XCTAssertEqual(error.file, "m")
            XCTAssertEqual(error.kind, .corrupt)
        }
    }

    func testCountingSourceCountsSyncReads() throws {
        let counting = CountingSource(MemorySource(bytes, name: "m"))
        XCTAssertEqual(counting.name, "m")
        XCTAssertEqual(try counting.size, 1000)
        _ = try counting.read(at: 10, count: 5)
        var buffer: [UInt8] = []
        try counting.read(at: 100, count: 50, into: &buffer)
        XCTAssertThrowsError(try counting.read(at: 990, count: 20))
        XCTAssertThrowsError(try counting.read(at: 0, count: -3))
        XCTAssertEqual(counting.reads, 4)
        XCTAssertEqual(counting.bytesRead, 55)
        XCTAssertEqual(counting.ranges, [10 ..< 15, 100 ..< 150, 990 ..< 1010, 0 ..< 0])
        counting.reset()
        XCTAssertEqual(counting.reads, 0)
        XCTAssertEqual(counting.bytesRead, 0)
        XCTAssertEqual(counting.ranges, [])
    }

    func testCountingSourceCountsAsyncReads() async throws {
        let counting = CountingSource(AsyncSourceAdapter(MemorySource(bytes)))
        let size = try await counting.size
        XCTAssertEqual(size, 1000)
        let read = try await counting.read(at: 1, count: 2)
        XCTAssertEqual(read, Array(bytes[1 ..< 3]))
        var buffer: [UInt8] = []
        try await counting.read(at: 500, count: 500, into: &buffer)
        XCTAssertEqual(counting.reads, 2)
        XCTAssertEqual(counting.bytesRead, 502)
        XCTAssertEqual(counting.ranges, [1 ..< 3, 500 ..< 1000])
    }
}
