import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// ``ByteOutput`` files: written under a temporary name and moved into place on commit
/// (``FileReplacement``), durable or not; a discarded output leaves the destination as it was.
final class ByteOutputTests: XCTestCase {
    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    private func write(_ text: String, to path: String, durable: Bool) throws {
        let output = try ByteOutput(atomicFileAt: path, durable: durable)
        try output.committing { try output.write(Array(text.utf8)) }
    }

    func testCommitCreatesAndReplacesTheDestination() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("out.txt").path
        for durable in [false, true] {
            try? FileManager.default.removeItem(atPath: path)
            try write("first \(durable)", to: path, durable: durable)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first \(durable)")
            // Over an existing file (the swap on Linux): the new bytes, and no file left over.
            try write("second, longer \(durable)", to: path, durable: durable)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second, longer \(durable)")
            XCTAssertEqual(try names(in: folder), ["out.txt"])
        }
    }

    func testReplacingASymlinkReplacesTheLinkNotItsTarget() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let target = folder.appendingPathComponent("target.txt").path, link = folder.appendingPathComponent("link.txt").path
        try "target".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try write("new", to: link, durable: false)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "target")
        XCTAssertEqual(try String(contentsOfFile: link, encoding: .utf8), "new")
        XCTAssertThrowsError(try FileManager.default.destinationOfSymbolicLink(atPath: link))
        XCTAssertEqual(try names(in: folder), ["link.txt", "target.txt"])
    }

    /// A folder at the destination is refused, as `rename` refuses it, and stays as it was.
    func testAFolderAtTheDestinationIsAnErrorAndStays() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("out.txt").path
        try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
        let output = try ByteOutput(atomicFileAt: path)
        try output.write(Array("bytes".utf8))
        XCTAssertThrowsError(try output.committing { }) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
        XCTAssertEqual(try names(in: folder), ["out.txt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), ["inner"])
    }

    func testDiscardLeavesTheEarlierFile() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("out.txt").path
        try write("kept", to: path, durable: false)
        let output = try ByteOutput(atomicFileAt: path)
        try output.write(Array("never seen".utf8))
        try output.flush()
        XCTAssertEqual(try names(in: folder).count, 2)
        output.discard()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "kept")
        XCTAssertEqual(try names(in: folder), ["out.txt"])
    }

    func testAMissingFolderIsAnErrorNamingThePath() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("absent/out.txt").path
        XCTAssertThrowsError(try ByteOutput(atomicFileAt: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
