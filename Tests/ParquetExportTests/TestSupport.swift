import Foundation
import XCTest
import ParquetExport

/// Exports `inputs` to JSONL in memory (through a temporary file) and returns the bytes.
func exportJSONL(_ inputs: [String], in folder: URL, format: ExportFormat = .jsonl) throws -> Data {
    let output = folder.appendingPathComponent("out-\(UUID().uuidString).\(format.rawValue)")
    try Dataset(inputs: inputs).export(to: output.path, format: format)
    defer { try? FileManager.default.removeItem(at: output) }
    return try Data(contentsOf: output)
}

/// The first line where two JSONL outputs differ, for failure messages.
func firstDifference(_ actual: Data, _ expected: Data) -> String {
    let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0 ..< max(a.count, e.count) {
        let x = i < a.count ? String(a[i]) : "<missing>"
        let y = i < e.count ? String(e[i]) : "<missing>"
        if x != y { return "line \(i + 1):\n  got:      \(x.prefix(400))\n  expected: \(y.prefix(400))" }
    }
    return "no difference"
}
