import Foundation

/// Reads CSV seed files (RFC 4180: `"` quotes, `""` inside quotes, LF or CRLF line ends).
///
/// As DuckDB's reader (which Data Designer uses): the delimiter is the one of `,` `;` tab
/// `|` the first line holds most of; an empty field (quoted or not) is null; the first line
/// is the header unless, in the first ``sampleRows`` rows (DuckDB's sniffing sample), every
/// column is typed (not text) and the first line's values read as those types — then the
/// columns are named `column0`, `column1`, ...; repeated names get `_1`, `_2`, ... Column
/// types: see ``SeedTextColumn``. Several files (`dir/*.csv`) must share the header.
enum CSVSeedReader {
    /// The rows the header is sniffed from (DuckDB's `sample_size`).
    static let sampleRows = 20_480
    /// The most bytes read from a file when only the column names are wanted.
    static let namesPrefixBytes = 64 << 20

    static func read(_ files: [String], budget: inout SeedBudget) throws -> [SeedColumn] {
        try read(files, budget: &budget, namesOnly: false)
    }

    /// The column names, from the header and the sample (at most ``namesPrefixBytes`` of the
    /// first file are read).
    static func columnNames(_ files: [String], limits: SeedLimits) throws -> [String] {
        var budget = SeedBudget(limits: limits)
        return try read(Array(files.prefix(1)), budget: &budget, namesOnly: true).map(\.name)
    }

    private static func read(_ files: [String], budget: inout SeedBudget, namesOnly: Bool) throws -> [SeedColumn] {
        var header: [[UInt8]]? = nil
        var headerNames: [String] = []
        var columns: [SeedTextColumn] = []
        var sample: [SeedSniff]?
        var rows = 0
        files: for file in files {
            let (bytes, truncated) = try readFile(file, prefix: namesOnly ? namesPrefixBytes : nil)
            var parser = Parser(bytes: bytes, file: file)
            guard let first = try parser.record(budget: budget, column: { "field \($0 + 1)" }) else { continue }
            if let header {
                guard first.elementsEqual(header, by: { $0.elementsEqual($1) }) else {
                    throw CreateError("seed file \(file): its header differs from the first file's (\(files[0]))")
                }
            } else {
                try budget.checkColumns(first.count, file: file)
                header = first.map { Array($0) }
                headerNames = first.map { String(decoding: $0, as: UTF8.self) }
                columns = first.indices.map { SeedTextColumn(name: "column\($0)", numbers: true) }
            }
            let width = columns.count
            while true {
                let next: [ArraySlice<UInt8>]?
                do {
                    next = try parser.record(budget: budget, column: { headerNames.indices.contains($0) ? headerNames[$0] : "field \($0 + 1)" })
                } catch where truncated {
                    break files  // the prefix ends inside a record
                }
                guard let record = next else { break }
                guard record.count == width else {
                    if truncated, parser.atEnd { break files }
                    throw CreateError("seed file \(file): line \(parser.recordLine): \(record.count) field(s) where the header has \(width)")
                }
                rows += 1
                try budget.checkRows(rows, file: file)
                var size = 0
                for (j, field) in record.enumerated() {
                    columns[j].append(field.isEmpty ? nil : field)
                    size += field.count + 8
                }
                try budget.add(size, file: file)
                if rows == sampleRows {
                    sample = columns.map(\.sniff)
                    if namesOnly { break files }
                }
            }
        }
        guard let header else { throw CreateError("seed file \(files.first ?? "?"): the file is empty") }
        let sniffs = sample ?? columns.map(\.sniff)
        let typed = !sniffs.isEmpty && sniffs.allSatisfy { s in
            switch s.chosen {
            case .string, .allNull: return false
            default: return true
            }
        }
        if typed, zip(sniffs, header).allSatisfy({ $0.fits($1[...]) }) {
            // No header: the first line is data.
            columns = columns.enumerated().map { j, old in
                var c = SeedTextColumn(name: "column\(j)", numbers: true)
                c.append(header[j].isEmpty ? nil : header[j][...])
                for i in 0..<old.valid.count { c.append(old.valid[i] ? old.cells[i] : nil) }
                return c
            }
        } else {
            let names = uniqueNames(header.enumerated().map { j, h in
                h.isEmpty ? "column\(j)" : String(decoding: h, as: UTF8.self)
            })
            for j in columns.indices { columns[j].name = names[j] }
        }
        if namesOnly { return columns.map { SeedColumn.allNull($0.name, rows: 0) } }
        return columns.map { $0.build() }
    }

    /// `a, a, b` → `a, a_1, b`, as DuckDB names repeated columns.
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { name in
            var candidate = name
            var k = 1
            while seen.contains(candidate) {
                candidate = "\(name)_\(k)"
                k += 1
            }
            seen.insert(candidate)
            return candidate
        }
    }

    static func readFile(_ file: String) throws -> [UInt8] {
        try readFile(file, prefix: nil).bytes
    }

    /// The file's bytes (without a UTF-8 byte order mark), or only its first `prefix` bytes
    /// (`truncated` tells whether more followed; a cut UTF-8 sequence at the end is dropped).
    static func readFile(_ file: String, prefix: Int?) throws -> (bytes: [UInt8], truncated: Bool) {
        var bytes: [UInt8]
        var truncated = false
        do {
            if let prefix {
                guard let handle = FileHandle(forReadingAtPath: file) else { throw CreateError("seed file \(file): cannot read") }
                defer { try? handle.close() }
                let data = try handle.read(upToCount: prefix + 1) ?? Data()
                truncated = data.count > prefix
                bytes = [UInt8](data.prefix(prefix))
                if truncated {
                    // Drop a partial UTF-8 sequence at the cut.
                    var k = bytes.count
                    while k > 0, bytes[k - 1] & 0xC0 == 0x80 { k -= 1 }
                    if k > 0, bytes[k - 1] >= 0xC0 { k -= 1 } else { k = bytes.count }
                    bytes.removeSubrange(k...)
                }
            } else {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            }
        } catch let e as CreateError {
            throw e
        } catch {
            throw CreateError("seed file \(file): cannot read (\(error.localizedDescription))")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CreateError("seed file \(file): the file is not valid UTF-8 text")
        }
        return (bytes, truncated)
    }

    /// Splits CSV bytes into records.
    struct Parser {
        let bytes: [UInt8]
        let file: String
        let delimiter: UInt8
        private var pos = 0
        private var line = 1
        /// The line on which the last record started.
        private(set) var recordLine = 1
        /// Whether every byte has been consumed.
        var atEnd: Bool { pos >= bytes.count }
        private var fields: [ArraySlice<UInt8>] = []

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            delimiter = Self.sniffDelimiter(bytes)
        }

        /// The delimiter among `,` `;` tab `|` that the first line (outside quotes) holds most of.
        static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
            let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
            var counts = [Int](repeating: 0, count: candidates.count)
            var quoted = false
            for b in bytes {
                if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
                if !quoted, b == 0x0A || b == 0x0D { break }
                if !quoted, let k = candidates.firstIndex(of: b) { counts[k] += 1 }
            }
            var best = 0
            for k in 1 ..< candidates.count where counts[k] > counts[best] { best = k }
            return candidates[best]
        }

        /// The next record's fields (nil at the end); blank lines are skipped.
        mutating func record(budget: SeedBudget, column: (Int) -> String) throws -> [ArraySlice<UInt8>]? {
            while pos < bytes.count, bytes[pos] == 0x0A || bytes[pos] == 0x0D {
                if bytes[pos] == 0x0A { line += 1 }
                pos += 1
            }
            guard pos < bytes.count else { return nil }
            recordLine = line
            fields.removeAll(keepingCapacity: true)  // reused: no array per record
            while true {
                let field: ArraySlice<UInt8>
                if bytes[pos] == UInt8(ascii: "\"") {
                    var value: [UInt8] = []
                    pos += 1
                    while true {
                        guard pos < bytes.count else {
                            throw CreateError("seed file \(file): line \(recordLine): a quoted field is not closed")
                        }
                        let b = bytes[pos]
                        if b == UInt8(ascii: "\"") {
                            if pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "\"") {
                                value.append(b)
                                pos += 2
                                continue
                            }
                            pos += 1
                            break
                        }
                        if b == 0x0A { line += 1 }
                        value.append(b)
                        pos += 1
                        if value.count > budget.limits.maxCellBytes {
                            try budget.checkCell(value.count, file: file, column: column(fields.count), row: recordLine)
                        }
                    }
                    // Text between the closing quote and the delimiter is kept, as lenient readers do.
                    let start = pos
                    while pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != 0x0A, bytes[pos] != 0x0D { pos += 1 }
                    value.append(contentsOf: bytes[start ..< pos])
                    field = value[...]
                } else {
                    let start = pos
                    while pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != 0x0A, bytes[pos] != 0x0D { pos += 1 }
                    field = bytes[start ..< pos]
                }
                if field.count > budget.limits.maxCellBytes {
                    try budget.checkCell(field.count, file: file, column: column(fields.count), row: recordLine)
                }
                fields.append(field)
                if fields.count > budget.limits.maxColumns {
                    throw CreateError("seed file \(file): line \(recordLine) has more than \(budget.limits.maxColumns) fields (the limit)")
                }
                if pos < bytes.count, bytes[pos] == delimiter {
                    pos += 1
                    if pos == bytes.count { fields.append([]); break }
                    continue
                }
                break
            }
            if pos < bytes.count, bytes[pos] == 0x0D { pos += 1 }
            if pos < bytes.count, bytes[pos] == 0x0A { pos += 1; line += 1 }
            return fields
        }
    }
}
