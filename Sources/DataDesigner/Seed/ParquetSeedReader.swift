import Parquet

/// Reads Parquet seed files with the project's reader.
///
/// Top-level leaf columns of these kinds are supported: BOOLEAN; integers of any width
/// (INT64; DOUBLE when the column holds a null, as pandas makes it); FLOAT and DOUBLE
/// (DOUBLE); STRING (and ENUM, JSON); DATE; TIMESTAMP (MILLIS and INT96 become MICROS, as
/// DuckDB and pandas hand them on; MICROS and NANOS are kept); NULL-typed columns (DOUBLE,
/// all null). Other kinds (decimals, binary, times, nested groups)
/// are refused, naming the file, the column and its type.
enum ParquetSeedReader {
    private enum Target {
        case bool, int, double, string, date, timestamp(TimeUnit, utc: Bool), int96, null

        var isNull: Bool {
            if case .null = self { return true }
            return false
        }
    }

    private static func target(_ d: ColumnDescriptor, file: String) throws -> Target {
        switch d.kind {
        case .boolean: return .bool
        case .integer: return .int
        case .float, .double: return .double
        case .string: return .string
        case .date: return .date
        case let .timestamp(unit, utc): return .timestamp(unit, utc: utc)
        case .int96Timestamp: return .int96
        case .null: return .null
        default:
            throw CreateError("seed file \(file): column '\(d.dottedPath)' has type \(d.kind), which seed datasets do not support here")
        }
    }

    static func columnNames(_ files: [String]) throws -> [String] {
        guard let file = files.first else { return [] }
        let reader = try open(file)
        return try fields(reader, file: file).map(\.dottedPath)
    }

    private static func open(_ file: String) throws -> ParquetFileReader {
        do {
            return try ParquetFileReader(path: file)
        } catch let error as ParquetError {
            throw CreateError("seed file \(file): \(error)")
        }
    }

    /// The top-level leaves; a nested column is refused.
    private static func fields(_ reader: ParquetFileReader, file: String) throws -> [ColumnDescriptor] {
        for field in reader.schema.fields where !field.isLeaf || field.repetition == .repeated {
            throw CreateError("seed file \(file): column '\(field.name)' is nested (a group or a list); nested seed columns are not supported")
        }
        return reader.schema.columns
    }

    private struct Accumulator {
        var valid: [Bool] = []
        var bools: [Bool] = []
        var ints: [Int64] = []
        var doubles: [Double] = []
        var strings = ByteArrayValues()
        var days: [Int32] = []
    }

    static func read(_ files: [String], budget: inout SeedBudget) throws -> [SeedColumn] {
        var descriptors: [ColumnDescriptor] = []
        var targets: [Target] = []
        var acc: [Accumulator] = []
        var rows = 0
        for file in files {
            let reader = try open(file)
            let leaves = try fields(reader, file: file)
            if descriptors.isEmpty {
                descriptors = leaves
                try budget.checkColumns(leaves.count, file: file)
                targets = try leaves.map { try target($0, file: file) }
                acc = [Accumulator](repeating: Accumulator(), count: leaves.count)
            } else if leaves.map(\.dottedPath) != descriptors.map(\.dottedPath) || leaves.map(\.kind) != descriptors.map(\.kind) {
                throw CreateError("seed file \(file): its columns differ from the first file's (\(files[0]))")
            }
            var batches: BatchIterator
            do { batches = try reader.batches() } catch let e as ParquetError { throw CreateError("seed file \(file): \(e)") }
            while true {
                let next: RecordBatch?
                do { next = try batches.next() } catch let e as ParquetError { throw CreateError("seed file \(file): \(e)") }
                guard let batch = next else { break }
                rows += batch.numRows
                try budget.checkRows(rows, file: file)
                for (j, column) in batch.columns.enumerated() where j < acc.count {
                    try append(column, rows: batch.numRows, target: targets[j], into: &acc[j], budget: &budget, file: file)
                }
            }
        }
        return descriptors.enumerated().map { j, d in finish(d.dottedPath, targets[j], acc[j]) }
    }

    private static func append(_ c: ColumnData, rows: Int, target: Target, into a: inout Accumulator,
                               budget: inout SeedBudget, file: String) throws {
        let name = c.descriptor.dottedPath
        let defs = c.definitionLevels
        let maxDef = UInt32(c.descriptor.maxDefinitionLevel)
        guard defs.isEmpty || defs.count == rows else {
            throw CreateError("seed file \(file): column '\(name)' has \(defs.count) levels for \(rows) rows")
        }
        let present = defs.isEmpty ? rows : defs.reduce(0) { $0 + ($1 == maxDef ? 1 : 0) }
        guard present == c.values.count || target.isNull else {
            throw CreateError("seed file \(file): column '\(name)' has \(c.values.count) values for \(present) present rows")
        }
        var k = 0
        try budget.add(rows * 9, file: file)
        for r in 0..<rows {
            let isValid = (defs.isEmpty || defs[r] == maxDef) && !target.isNull
            a.valid.append(isValid)
            let i = k
            if isValid { k += 1 }
            switch (target, c.values) {
            case (.bool, .boolean(let v)): a.bools.append(isValid ? v[i] : false)
            case (.int, .int32(let v)):
                let signed: Bool
                if case .integer(_, let s) = c.descriptor.kind { signed = s } else { signed = true }
                a.ints.append(isValid ? (signed ? Int64(v[i]) : Int64(UInt32(bitPattern: v[i]))) : 0)
            case (.int, .int64(let v)):
                if isValid, case .integer(_, false) = c.descriptor.kind, v[i] < 0 {
                    throw CreateError("seed file \(file): column '\(name)', row \(a.valid.count): the unsigned value \(UInt64(bitPattern: v[i])) does not fit a 64-bit signed integer")
                }
                a.ints.append(isValid ? v[i] : 0)
            case (.double, .float(let v)): a.doubles.append(isValid ? Double(v[i]) : 0)
            case (.double, .double(let v)): a.doubles.append(isValid ? v[i] : 0)
            case (.string, .byteArray(let v)):
                if isValid {
                    let range = v.range(i)
                    try budget.checkCell(range.count, file: file, column: name, row: a.valid.count)
                    try budget.add(range.count, file: file)
                    guard String(validating: v.bytes[range], as: UTF8.self) != nil else {
                        throw CreateError("seed file \(file): column '\(name)', row \(a.valid.count): the value is not valid UTF-8")
                    }
                    v.bytes.withUnsafeBufferPointer { a.strings.append($0[range]) }
                } else {
                    a.strings.offsets.append(a.strings.bytes.count)
                }
            case (.date, .int32(let v)): a.days.append(isValid ? v[i] : 0)
            case (.timestamp(let unit, _), .int64(let v)):
                if unit == .millis, isValid {
                    let (us, o) = v[i].multipliedReportingOverflow(by: 1000)
                    if o { throw CreateError("seed file \(file): column '\(name)', row \(a.valid.count): a timestamp out of range") }
                    a.ints.append(us)
                } else {
                    a.ints.append(isValid ? v[i] : 0)
                }
            case (.int96, .int96(let v)):
                if isValid {
                    let days = Int64(v[i].julianDay) - 2_440_588
                    let (n, o1) = days.multipliedReportingOverflow(by: 86_400_000_000_000)
                    let (t, o2) = n.addingReportingOverflow(Int64(truncatingIfNeeded: v[i].nanosOfDay))
                    if o1 || o2 { throw CreateError("seed file \(file): column '\(name)', row \(a.valid.count): an INT96 timestamp out of range") }
                    a.ints.append(DateTimeMath.floorDiv(t, 1000))
                } else {
                    a.ints.append(0)
                }
            case (.null, _): break
            default:
                throw CreateError("seed file \(file): column '\(name)': values of an unexpected physical type")
            }
        }
    }

    private static func finish(_ name: String, _ target: Target, _ a: Accumulator) -> SeedColumn {
        let hasNull = a.valid.contains(false)
        switch target {
        case .bool: return SeedColumn(name: name, type: .boolean, buffer: .boolean(a.bools), valid: a.valid)
        case .int:
            if hasNull { return SeedColumn(name: name, type: .double, buffer: .double(a.ints.map { Double($0) }), valid: a.valid) }
            return SeedColumn(name: name, type: .int64, buffer: .int64(a.ints))
        case .double: return SeedColumn(name: name, type: .double, buffer: .double(a.doubles), valid: a.valid)
        case .string: return SeedColumn(name: name, type: .string, buffer: .string(a.strings), valid: a.valid)
        case .date: return SeedColumn(name: name, type: .date, buffer: .date(a.days), valid: a.valid)
        case let .timestamp(unit, utc):
            let kept: TimeUnit = unit == .millis ? .micros : unit
            return SeedColumn(name: name, type: .timestamp(kept, utc: utc), buffer: .timestamp(a.ints, kept, utc: utc), valid: a.valid)
        case .int96:
            return SeedColumn(name: name, type: .timestamp(.micros, utc: false), buffer: .timestamp(a.ints, .micros, utc: false), valid: a.valid)
        case .null:
            return SeedColumn.allNull(name, rows: a.valid.count)
        }
    }
}
