/// Reads JSON seed files: JSON Lines (one object per line), or one JSON array of objects (read
/// whole, so at most ``maxArrayFileBytes``; larger seeds should be JSON Lines).
///
/// As DuckDB's `read_json` (which Data Designer uses): columns are the keys in the order
/// first seen in the first ``CSVSeedReader/sampleRows`` records (DuckDB's sample; keys first
/// seen later are left out), a missing key is null; a column of integers is BIGINT (DOUBLE when it also
/// holds a null or a fraction), of booleans BOOLEAN, of strings VARCHAR — or DATE /
/// TIMESTAMP when every string reads as one — and a column mixing kinds holds each value's
/// JSON text. Nested values (objects, arrays) are refused, naming the column.
enum JSONSeedReader {
    static let maxArrayFileBytes = 64 << 20

    /// One column's cells as parsed: the text of each value (a string's own text, a
    /// number's or boolean's JSON text) and its kind.
    private struct Cells {
        enum Kind: UInt8 { case null, int, double, bool, string }
        var name: String
        var texts = ByteArrayValues()
        var kinds: [Kind] = []

        mutating func append(_ v: ConfigValue) {
            switch v {
            case .null: kinds.append(.null)
            case .int: kinds.append(.int); v.appendCanonicalJSON(to: &texts.bytes)
            case .double: kinds.append(.double); v.appendCanonicalJSON(to: &texts.bytes)
            case .bool(let b): kinds.append(.bool); texts.bytes.append(contentsOf: (b ? "true" : "false").utf8)
            case .string(let s): kinds.append(.string); texts.bytes.append(contentsOf: s.utf8)
            case .array, .object: kinds.append(.null)  // refused before it gets here
            }
            texts.offsets.append(texts.bytes.count)
        }
    }

    static func read(_ files: [String], budget: inout SeedBudget) throws -> [SeedColumn] {
        try read(files, budget: &budget, namesOnly: false)
    }

    /// The column names (from at most ``CSVSeedReader/namesPrefixBytes`` of the first file).
    static func columnNames(_ files: [String], limits: SeedLimits) throws -> [String] {
        var budget = SeedBudget(limits: limits)
        return try read(Array(files.prefix(1)), budget: &budget, namesOnly: true).map(\.name)
    }

    private struct Enough: Error {}

    private static func read(_ files: [String], budget: inout SeedBudget, namesOnly: Bool) throws -> [SeedColumn] {
        var columns: [Cells] = []
        var index: [String: Int] = [:]
        var rows = 0

        func add(_ record: ConfigValue, at: String, file: String) throws {
            guard case .object(let members) = record else {
                throw CreateError("seed file \(file): \(at) is \(record.kindName), not a JSON object")
            }
            if namesOnly, rows == CSVSeedReader.sampleRows { throw Enough() }
            rows += 1
            try budget.checkRows(rows, file: file)
            var size = 0
            for m in members {
                let j: Int
                if let existing = index[m.key] {
                    j = existing
                } else if rows > CSVSeedReader.sampleRows {
                    continue  // a key first seen after the sample is not a column
                } else {
                    j = columns.count
                    try budget.checkColumns(j + 1, file: file)
                    index[m.key] = j
                    var c = Cells(name: m.key)
                    for _ in 0 ..< rows - 1 { c.append(.null) }
                    columns.append(c)
                    size += (rows - 1) * 9
                }
                switch m.value {
                case .object, .array:
                    throw CreateError("seed file \(file): \(at): column '\(m.key)' holds \(m.value.kindName); nested seed values are not supported")
                case .string(let s):
                    try budget.checkCell(s.utf8.count, file: file, column: m.key, row: rows)
                    size += s.utf8.count
                default:
                    size += 8
                }
                size += 9
                columns[j].append(m.value)
            }
            for j in columns.indices where columns[j].kinds.count < rows { columns[j].append(.null) }
            try budget.add(size + 9 * max(0, columns.count - members.count), file: file)
        }

        files: for file in files {
            let (bytes, truncated) = try CSVSeedReader.readFile(file, prefix: namesOnly ? CSVSeedReader.namesPrefixBytes : nil)
            let firstByte = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            if firstByte == UInt8(ascii: "[") {
                if bytes.count > maxArrayFileBytes || truncated {
                    throw CreateError("seed file \(file): a JSON array file is read whole, so at most \(maxArrayFileBytes) bytes; write larger seeds as JSON Lines")
                }
                let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                let document: ConfigValue
                do {
                    document = try JSONConfigParser.parse(text, file: file)
                } catch let e as ConfigError {
                    throw CreateError("seed file \(e.description)")
                }
                guard case .array(let items) = document else { throw CreateError("seed file \(file): not a JSON array") }
                do {
                    for item in items { try add(item, at: "record \(rows + 1)", file: file) }
                } catch is Enough {
                    break files
                }
                continue
            }
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = bytes[start ..< lineEnd]
                start = end + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if line.count > budget.limits.maxCellBytes * 16 {
                    throw CreateError("seed file \(file): line \(lineNumber) is longer than \(budget.limits.maxCellBytes * 16) bytes")
                }
                if truncated, end >= bytes.count { break files }  // the prefix ends inside this line
                let record: ConfigValue
                do {
                    record = try JSONConfigParser.parse(String(decoding: line, as: UTF8.self), file: file)
                } catch let e as ConfigError {
                    throw CreateError("seed file \(file): line \(lineNumber): \(e.message)")
                }
                do {
                    try add(record, at: "line \(lineNumber)", file: file)
                } catch is Enough {
                    break files
                }
            }
        }
        if rows == 0 { throw CreateError("seed file \(files.first ?? "?"): no records") }
        if namesOnly { return columns.map { SeedColumn.allNull($0.name, rows: 0) } }
        return columns.map(build)
    }

    private static func build(_ c: Cells) -> SeedColumn {
        var seen = Set<Cells.Kind>()
        for k in c.kinds where k != .null { seen.insert(k) }
        let n = c.kinds.count
        let valid = c.kinds.map { $0 != .null }
        func parsed<T>(_ zero: T, _ parse: (ArraySlice<UInt8>) -> T?) -> [T] {
            (0..<n).map { valid[$0] ? parse(c.texts[$0]) ?? zero : zero }
        }
        if seen.isEmpty { return SeedColumn.allNull(c.name, rows: n) }
        if seen == [.int] && !valid.contains(false) {
            var overflow = false
            return SeedColumn(name: c.name, type: .int64, buffer: .int64(parsed(0) { SeedText.int($0, overflow: &overflow) }))
        }
        if seen.isSubset(of: [.int, .double]) {
            return SeedColumn(name: c.name, type: .double, buffer: .double(parsed(0) { Double(String(decoding: $0, as: UTF8.self)) }),
                              valid: valid)
        }
        if seen == [.bool] {
            return SeedColumn(name: c.name, type: .boolean, buffer: .boolean(parsed(false) { $0.first == UInt8(ascii: "t") }), valid: valid)
        }
        if seen == [.string] {
            var column = SeedTextColumn(name: c.name, numbers: false)
            for i in 0..<n { column.append(valid[i] ? c.texts[i] : nil) }
            return column.build()
        }
        // Mixed kinds: DuckDB's JSON type, each value as its JSON text.
        var texts = ByteArrayValues()
        texts.reserveCapacity(values: n, bytes: c.texts.bytes.count + n)
        for i in 0..<n {
            if c.kinds[i] == .string {
                ConfigValue.string(String(decoding: c.texts[i], as: UTF8.self)).appendCanonicalJSON(to: &texts.bytes)
            } else {
                texts.bytes.append(contentsOf: c.texts[i])
            }
            texts.offsets.append(texts.bytes.count)
        }
        return SeedColumn(name: c.name, type: .string, buffer: .string(texts), valid: valid)
    }
}
