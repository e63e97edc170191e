import Parquet

/// Turns generated columns into the Parquet leaf columns of their types: one leaf for a flat
/// column, one per field for a struct, with definition levels where values may be null
/// (OPTIONAL columns, OPTIONAL struct fields).
enum LeafColumns {
    /// Appends the leaves of `buffer` (a column of `type`, OPTIONAL when `nullable`) to `out`,
    /// taking their descriptors from `descriptors[next...]` and advancing `next`.
    static func append(_ buffer: ColumnBuffer, type: GeneratedType, nullable: Bool, rows: Int,
                       descriptors: [ColumnDescriptor], next: inout Int, into out: inout [ColumnData]) throws {
        try visit(buffer, type, nullable: nullable, parent: nil, level: 0, rows: rows,
                  descriptors: descriptors, next: &next, out: &out)
    }

    /// `parent[r]` is the definition level row `r` reached above this node (nil: every row
    /// reached `level`, all ancestors present).
    private static func visit(_ buffer: ColumnBuffer, _ type: GeneratedType, nullable: Bool, parent: [UInt32]?,
                              level: UInt32, rows: Int, descriptors: [ColumnDescriptor], next: inout Int,
                              out: inout [ColumnData]) throws {
        guard buffer.count == rows else {
            throw CreateError("internal: a generated column has \(buffer.count) values for \(rows) rows")
        }
        var levels = parent
        var current = level
        if nullable || type == .null {
            current = level + 1
            switch buffer {
            case .null:
                levels = parent ?? [UInt32](repeating: level, count: rows)
            case .nullable(_, let valid):
                var l = parent ?? [UInt32](repeating: level, count: rows)
                for r in 0..<rows where l[r] == level && valid[r] { l[r] = current }
                levels = l
            default:
                if var l = parent {
                    for r in 0..<rows where l[r] == level { l[r] = current }
                    levels = l
                }
            }
        }
        var inner = buffer
        if case .nullable(let values, _) = buffer { inner = values }
        if case .structure(let fields) = type {
            guard case .structure(let s) = inner, s.fields.count == fields.count else {
                throw CreateError("internal: a struct column's values do not match its fields")
            }
            for (i, field) in fields.enumerated() {
                try visit(s.fields[i], field.type, nullable: field.nullable, parent: levels, level: current, rows: rows,
                          descriptors: descriptors, next: &next, out: &out)
            }
            return
        }
        guard next < descriptors.count else { throw CreateError("internal: more generated leaves than schema columns") }
        let descriptor = descriptors[next]
        next += 1
        guard descriptor.maxDefinitionLevel == Int(current), descriptor.maxRepetitionLevel == 0 else {
            throw CreateError("internal: column '\(descriptor.dottedPath)' has definition level \(descriptor.maxDefinitionLevel), expected \(current)")
        }
        let present: [Bool]? = levels.map { l in l.map { $0 == current } }
        let defs: [UInt32] = current == 0 ? [] : (levels ?? [UInt32](repeating: current, count: rows))
        out.append(ColumnData(descriptor: descriptor, definitionLevels: defs, repetitionLevels: [],
                              values: try values(of: inner, present: present), levelCount: rows))
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
        case .nullable, .structure:
            throw CreateError("internal: a nested value where a leaf was expected")
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
        case let .nullable(values, valid): return .nullable(values.gather(rows), valid: pick(valid))
        case .structure(let s):
            return .structure(StructBuffer(names: s.names, fields: s.fields.map { $0.gather(rows) }, count: rows.count))
        }
    }
}

extension ColumnBuffer {
    /// A buffer of `count` rows holding value `i` of this buffer at row `rows[i]` and a
    /// placeholder (0, "", false) elsewhere.
    func scatter(_ rows: [Int32], count: Int) -> ColumnBuffer {
        func spread<T>(_ v: [T], _ zero: T) -> [T] {
            var out = [T](repeating: zero, count: count)
            for (i, r) in rows.enumerated() { out[Int(r)] = v[i] }
            return out
        }
        switch self {
        case .string(let v):
            var out = ByteArrayValues()
            out.reserveCapacity(values: count, bytes: v.bytes.count)
            var i = 0
            v.bytes.withUnsafeBufferPointer { bytes in
                for row in 0..<count {
                    if i < rows.count, Int(rows[i]) == row {
                        out.append(bytes[v.range(i)])
                        i += 1
                    } else {
                        out.offsets.append(out.bytes.count)
                    }
                }
            }
            return .string(out)
        case .int64(let v): return .int64(spread(v, 0))
        case .double(let v): return .double(spread(v, 0))
        case .boolean(let v): return .boolean(spread(v, false))
        case .date(let v): return .date(spread(v, 0))
        case let .timestamp(v, unit, utc): return .timestamp(spread(v, 0), unit, utc: utc)
        case .null: return .null(count: count)
        case let .nullable(values, valid): return .nullable(values.scatter(rows, count: count), valid: spread(valid, false))
        case .structure(let s):
            return .structure(StructBuffer(names: s.names, fields: s.fields.map { $0.scatter(rows, count: count) }, count: count))
        }
    }
}
