import Parquet

/// Turns generated columns into the Parquet leaf columns of their OPTIONAL schema: one leaf for
/// a flat column, one per field for a struct, with the definition levels of nulls at each
/// level (a null column, a null field of a present struct).
enum LeafColumns {
    /// Appends the leaves of `column` to `out`, taking their descriptors from
    /// `descriptors[next...]` and advancing `next`.
    static func append(_ column: GeneratedColumn, rows: Int, descriptors: [ColumnDescriptor], next: inout Int,
                       into out: inout [ColumnData]) throws {
        try visit(column, parent: nil, level: 0, rows: rows, descriptors: descriptors, next: &next, out: &out)
    }

    /// `parent[r]` is the definition level row `r` reached above this node (nil: every row
    /// reached `level`).
    private static func visit(_ column: GeneratedColumn, parent: [UInt32]?, level: UInt32, rows: Int,
                              descriptors: [ColumnDescriptor], next: inout Int, out: inout [ColumnData]) throws {
        guard column.buffer.count == rows else {
            throw CreateError("internal: a generated column has \(column.buffer.count) values for \(rows) rows")
        }
        // This node is OPTIONAL: rows whose ancestors are present and whose value is not null
        // reach level + 1.
        let current = level + 1
        var levels = parent ?? [UInt32](repeating: level, count: rows)
        for r in 0..<rows where levels[r] == level && !column.isNull(r) { levels[r] = current }
        if case .structure(let s) = column.buffer {
            for field in s.fields {
                try visit(field, parent: levels, level: current, rows: rows, descriptors: descriptors, next: &next, out: &out)
            }
            return
        }
        guard next < descriptors.count else { throw CreateError("internal: more generated leaves than schema columns") }
        let descriptor = descriptors[next]
        next += 1
        guard descriptor.maxDefinitionLevel == Int(current), descriptor.maxRepetitionLevel == 0 else {
            throw CreateError("internal: column '\(descriptor.dottedPath)' has definition level \(descriptor.maxDefinitionLevel), expected \(current)")
        }
        let present = levels.map { $0 == current }
        let all = !present.contains(false)
        out.append(ColumnData(descriptor: descriptor, definitionLevels: levels, repetitionLevels: [],
                              values: try values(of: column.buffer, present: all ? nil : present), levelCount: rows))
    }

    /// The non-null values of a flat buffer (only the rows where `present` is true, all when nil).
    private static func values(of leaf: ColumnBuffer, present: [Bool]?) throws -> ColumnValues {
        func pick<T>(_ v: [T]) -> [T] {
            guard let present else { return v }
            var out: [T] = []
            out.reserveCapacity(v.count)
            for (i, x) in v.enumerated() where present[i] { out.append(x) }
            return out
        }
        switch leaf {
        case .string(let v):
            guard let present else { return .byteArray(v) }
            var out = ByteArrayValues()
            out.reserveCapacity(values: v.count, bytes: v.bytes.count)
            v.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<v.count where present[i] { out.append(bytes[v.range(i)]) }
            }
            return .byteArray(out)
        case .int64(let v): return .int64(pick(v))
        case .double(let v): return .double(pick(v))
        case .boolean(let v): return .boolean(pick(v))
        case .date(let v): return .int32(pick(v))
        case .timestamp(let v, _, _): return .int64(pick(v))
        case .null: return .int32([])
        case .structure:
            throw CreateError("internal: a struct where a leaf was expected")
        }
    }
}

extension ColumnBuffer {
    /// The rows `rows` (each `< count`) of this buffer, in that order.
    func gather(_ rows: [Int32]) -> ColumnBuffer {
        func pick<T>(_ v: [T]) -> [T] { rows.map { v[Int($0)] } }
        switch self {
        case .string(let v):
            var out = ByteArrayValues()
            var total = 0
            for r in rows { total += v.range(Int(r)).count }
            out.reserveCapacity(values: rows.count, bytes: total)
            v.bytes.withUnsafeBufferPointer { bytes in
                for r in rows { out.append(bytes[v.range(Int(r))]) }
            }
            return .string(out)
        case .int64(let v): return .int64(pick(v))
        case .double(let v): return .double(pick(v))
        case .boolean(let v): return .boolean(pick(v))
        case .date(let v): return .date(pick(v))
        case let .timestamp(v, unit, utc): return .timestamp(pick(v), unit, utc: utc)
        case .null: return .null(count: rows.count)
        case .structure(let s):
            return .structure(StructBuffer(names: s.names, fields: s.fields.map { $0.gathered(rows) }, count: rows.count))
        }
    }
}

extension StructBuffer {
    /// `parts` one after another (same fields).
    static func concatenated(_ parts: [StructBuffer]) -> StructBuffer? {
        guard let first = parts.first else { return nil }
        if parts.count == 1 { return first }
        var fields: [GeneratedColumn] = []
        for (k, _) in first.names.enumerated() {
            let columns = parts.map { $0.fields[k] }
            let valid: [Bool]? = columns.allSatisfy { $0.valid == nil } ? nil : columns.flatMap { c -> [Bool] in
                if let v = c.valid { return v }
                if case .null = c.buffer { return [Bool](repeating: false, count: c.buffer.count) }
                return [Bool](repeating: true, count: c.buffer.count)
            }
            fields.append(GeneratedColumn(buffer: ColumnBuffer.concatenated(columns.map(\.buffer)), valid: valid))
        }
        return StructBuffer(names: first.names, fields: fields, count: parts.reduce(0) { $0 + $1.count })
    }
}

extension ColumnBuffer {
    /// Flat buffers of one kind one after another (nulls when the kinds differ).
    static func concatenated(_ parts: [ColumnBuffer]) -> ColumnBuffer {
        let total = parts.reduce(0) { $0 + $1.count }
        switch parts.first {
        case .string?:
            var out = ByteArrayValues()
            for case .string(let v) in parts {
                v.bytes.withUnsafeBufferPointer { bytes in
                    for i in 0..<v.count { out.append(bytes[v.range(i)]) }
                }
            }
            return out.count == total ? .string(out) : .null(count: total)
        case .int64?:
            var out: [Int64] = []
            for case .int64(let v) in parts { out += v }
            return out.count == total ? .int64(out) : .null(count: total)
        default:
            return .null(count: total)
        }
    }
}
