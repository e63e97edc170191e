/// Reads JSON seed files: JSON Lines (one object per line) or one JSON array of objects.
///
/// As DuckDB's `read_json` (which Data Designer uses): columns are the keys in the order
/// first seen, a missing key is null; a column of integers is BIGINT (DOUBLE when it also
/// holds a null or a fraction), of booleans BOOLEAN, of strings VARCHAR — or DATE /
/// TIMESTAMP when every string reads as one — and a column mixing kinds holds each value's
/// JSON text. Nested values (objects, arrays) are refused, naming the column.
enum JSONSeedReader {
    /// The values of one column, as parsed.
    private struct Cells {
        var name: String
        var values: [ConfigValue] = []
    }

    static func read(_ files: [String], budget: inout SeedBudget) throws -> [SeedColumn] {
        var columns: [Cells] = []
        var index: [String: Int] = [:]
        var rows = 0
        for file in files {
            let bytes = try CSVSeedReader.readFile(file)
            let text = String(decoding: bytes, as: UTF8.self)
            var records: [(line: Int, value: ConfigValue)] = []
            let firstByte = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            if firstByte == UInt8(ascii: "[") {
                let document: ConfigValue
                do {
                    document = try JSONConfigParser.parse(text.replacingOccurrences(of: "\r\n", with: "\n"), file: file)
                } catch let e as ConfigError {
                    throw CreateError("seed file \(e.description)")
                }
                guard case .array(let items) = document else { throw CreateError("seed file \(file): not a JSON array") }
                records = items.map { (0, $0) }
            } else {
                var lineNumber = 0
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    lineNumber += 1
                    var l = Substring(line)
                    if l.last == "\r" { l.removeLast() }
                    if l.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                    if l.utf8.count > budget.limits.maxCellBytes * 16 {
                        throw CreateError("seed file \(file): line \(lineNumber) is longer than \(budget.limits.maxCellBytes * 16) bytes")
                    }
                    do {
                        records.append((lineNumber, try JSONConfigParser.parse(String(l), file: file)))
                    } catch let e as ConfigError {
                        throw CreateError("seed file \(file): line \(lineNumber): \(e.message)")
                    }
                }
            }
            for (line, record) in records {
                let at = line > 0 ? "line \(line)" : "record \(rows + 1)"
                guard case .object(let members) = record else {
                    throw CreateError("seed file \(file): \(at) is \(record.kindName), not a JSON object")
                }
                rows += 1
                try budget.checkRows(rows, file: file)
                var size = 0
                for m in members {
                    let j: Int
                    if let existing = index[m.key] {
                        j = existing
                    } else {
                        j = columns.count
                        try budget.checkColumns(j + 1, file: file)
                        index[m.key] = j
                        columns.append(Cells(name: m.key, values: [ConfigValue](repeating: .null, count: rows - 1)))
                    }
                    switch m.value {
                    case .object, .array:
                        throw CreateError("seed file \(file): \(at): column '\(m.key)' holds a nested \(m.value.kindName); nested seed values are not supported")
                    case .string(let s):
                        try budget.checkCell(s.utf8.count, file: file, column: m.key, row: rows)
                        size += s.utf8.count
                    default:
                        break
                    }
                    size += 8
                    columns[j].values.append(m.value)
                }
                for j in columns.indices where columns[j].values.count < rows { columns[j].values.append(.null) }
                try budget.add(size, file: file)
            }
        }
        if rows == 0 { throw CreateError("seed file \(files.first ?? "?"): no records") }
        return columns.map(build)
    }

    private static func build(_ c: Cells) -> SeedColumn {
        var ints = true, numbers = true, bools = true, strings = true
        var any = false
        for v in c.values {
            switch v {
            case .null: continue
            case .int: bools = false; strings = false
            case .double: ints = false; bools = false; strings = false
            case .bool: ints = false; numbers = false; strings = false
            case .string: ints = false; numbers = false; bools = false
            default: ints = false; numbers = false; bools = false; strings = false
            }
            any = true
        }
        let n = c.values.count
        let valid = c.values.map { $0 != .null }
        let hasNull = valid.contains(false)
        func wrap(_ b: ColumnBuffer) -> ColumnBuffer { hasNull ? .nullable(b, valid: valid) : b }
        if !any {
            return SeedColumn(name: c.name, type: .double, values: .nullable(.double([Double](repeating: 0, count: n)), valid: valid))
        }
        if ints && !hasNull {
            return SeedColumn(name: c.name, type: .int64, values: .int64(c.values.map { if case .int(let i) = $0 { i } else { 0 } }))
        }
        if numbers {
            return SeedColumn(name: c.name, type: .double, values: wrap(.double(c.values.map { $0.number ?? 0 })))
        }
        if bools {
            return SeedColumn(name: c.name, type: .boolean, values: wrap(.boolean(c.values.map { $0 == .bool(true) })))
        }
        if strings {
            var column = SeedTextColumn(name: c.name, numbers: false)
            for v in c.values {
                if case .string(let s) = v { column.append(Array(s.utf8)[...]) } else { column.append(nil) }
            }
            return column.build()
        }
        // Mixed kinds: DuckDB's JSON type, each value as its JSON text.
        var texts = ByteArrayValues()
        for v in c.values {
            if v != .null { v.appendCanonicalJSON(to: &texts.bytes) }
            texts.offsets.append(texts.bytes.count)
        }
        return SeedColumn(name: c.name, type: .string, values: wrap(.string(texts)))
    }
}
