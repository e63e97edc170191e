import Foundation
import TestSupport

/// The formatting vectors checked against Python (repr, numpy, decimal strings, datetime, json):
/// `Fixtures/formatting/vectors.json`, written by `scripts/formatting_vectors.py vectors`.
struct FormattingVectors {
    var doubles: [(UInt64, String)] = []
    var floats: [(UInt32, String)] = []
    var halves: [(UInt16, String)] = []
    /// (big-endian two's complement hex, scale, text)
    var decimals: [(String, Int, String)] = []
    var micros: [(Int64, String)] = []
    var int96: [(UInt32, UInt64, String)] = []
    /// (input bytes hex, expected JSON bytes hex)
    var jsonStrings: [(String, String)] = []

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads and parses the fixture; any missing table or malformed row throws.
    static func load() throws -> FormattingVectors {
        let url = TestPaths.fixtures.appendingPathComponent("formatting/vectors.json")
        let file = try JSONDecoder().decode([String: Table].self, from: Data(contentsOf: url))
        func rows(_ name: String, fields: Int) throws -> [[String]] {
            guard case .rows(let rows)? = file[name] else { throw FixtureError(description: "\(url.path): no table \(name)") }
            for (i, row) in rows.enumerated() where row.count != fields {
                throw FixtureError(description: "\(url.path): \(name) row \(i) has \(row.count) fields, not \(fields)")
            }
            return rows
        }
        func number<T: FixedWidthInteger>(_ text: String, radix: Int = 10, _ table: String) throws -> T {
            guard let value = T(text, radix: radix) else { throw FixtureError(description: "\(url.path): \(table): bad number '\(text)'") }
            return value
        }
        var v = FormattingVectors()
        v.doubles = try rows("doubles", fields: 2).map { (try number($0[0], radix: 16, "doubles"), $0[1]) }
        v.floats = try rows("floats", fields: 2).map { (try number($0[0], radix: 16, "floats"), $0[1]) }
        v.halves = try rows("halves", fields: 2).map { (try number($0[0], radix: 16, "halves"), $0[1]) }
        v.decimals = try rows("decimals", fields: 3).map { ($0[0], try number($0[1], "decimals"), $0[2]) }
        v.micros = try rows("micros", fields: 2).map { (try number($0[0], "micros"), $0[1]) }
        v.int96 = try rows("int96", fields: 3).map { (try number($0[0], "int96"), try number($0[1], "int96"), $0[2]) }
        v.jsonStrings = try rows("jsonStrings", fields: 2).map { ($0[0], $0[1]) }
        return v
    }

    /// A table (rows of string fields) or the `generator` note.
    enum Table: Decodable {
        case rows([[String]])
        case note(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .note(text) } else { self = .rows(try container.decode([[String]].self)) }
        }
    }
}
