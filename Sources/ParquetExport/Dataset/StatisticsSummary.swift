/// Column statistics folded over every row group of every file, for the `schema --stats` listing.
public struct StatisticsSummary: Sendable {
    /// Per leaf column of the dataset's (unified) schema: total null count, and the smallest
    /// and largest bound, as value text (JSON spelling). Nil where some chunk lacks the number.
    public struct Column: Sendable {
        public var path: String
        public var nullCount: Int64?
        public var min: String?
        public var max: String?
    }

    public var columns: [Column]

    /// Folds the footers' statistics of `readers` for the columns of `schema` (matched by path).
    public init(readers: [ParquetFileReader], schema: Schema) {
        columns = schema.columns.map { target in
            var nulls: Int64? = 0
            var low: StatisticValue?, high: StatisticValue?
            var boundsKnown = true
            var descriptor: ColumnDescriptor?
            for reader in readers {
                guard let column = reader.schema.columns.first(where: { $0.dottedPath == target.dottedPath }) else { continue }
                if descriptor == nil { descriptor = column }
                let sameType = column.physicalType == descriptor?.physicalType && column.kind == descriptor?.kind
                for group in reader.metadata.rowGroups.indices {
                    let stats = reader.statistics(rowGroup: group, column: column.index)
                    if let n = stats?.nullCount, let sum = nulls { nulls = sum.addingReportingOverflow(n).overflow ? nil : sum + n } else { nulls = nil }
                    guard sameType, let lo = stats?.min, let hi = stats?.max else { boundsKnown = false; continue }
                    if low.map({ Self.less(lo, $0, column.kind) }) ?? true { low = lo }
                    if high.map({ Self.less($0, hi, column.kind) }) ?? true { high = hi }
                }
            }
            guard let descriptor, boundsKnown else {
                return Column(path: target.dottedPath, nullCount: nulls, min: nil, max: nil)
            }
            return Column(path: target.dottedPath, nullCount: nulls,
                          min: low.flatMap { Self.text($0, descriptor) }, max: high.flatMap { Self.text($0, descriptor) })
        }
    }

    /// Orders two bounds of the same column: signed or unsigned integers, floats (NaN never
    /// wins), and byte arrays as unsigned bytes.
    static func less(_ a: StatisticValue, _ b: StatisticValue, _ kind: ValueKind) -> Bool {
        let unsigned: Bool
        if case .integer(_, false) = kind { unsigned = true } else { unsigned = false }
        switch (a, b) {
        case (.boolean(let x), .boolean(let y)): return !x && y
        case (.int32(let x), .int32(let y)): return unsigned ? UInt32(bitPattern: x) < UInt32(bitPattern: y) : x < y
        case (.int64(let x), .int64(let y)): return unsigned ? UInt64(bitPattern: x) < UInt64(bitPattern: y) : x < y
        case (.float(let x), .float(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y)
        default: return false
        }
    }

    /// The JSON spelling of a bound, through the same value writers as the export.
    static func text(_ value: StatisticValue, _ column: ColumnDescriptor) -> String? {
        let values: ColumnValues
        switch value {
        case .boolean(let v): values = .boolean([v])
        case .int32(let v): values = .int32([v])
        case .int64(let v): values = .int64([v])
        case .int96(let v): values = .int96([v])
        case .float(let v): values = .float([v])
        case .double(let v): values = .double([v])
        case .bytes(let v):
            values = column.physicalType == .fixedLenByteArray
                ? .fixedLenByteArray(FixedLenByteArrayValues(width: v.count, bytes: v))
                : .byteArray(ByteArrayValues(offsets: [0, v.count], bytes: v))
        }
        let data = ColumnData(descriptor: column, definitionLevels: [], repetitionLevels: [], values: values, levelCount: 1)
        guard let write = try? makeValueWriter(data, style: .json) else { return nil }
        var out: [UInt8] = []
        guard (try? write(0, &out)) == true else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
