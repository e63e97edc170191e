/// Column statistics folded over every row group of every file, for the `schema --stats` listing.
public struct StatisticsSummary: Sendable {
    /// Per leaf column of the dataset's (unified) schema: total null count, and the smallest
    /// and largest bound, as value text (JSON spelling). Nil where some chunk lacks the number.
    public struct Column: Sendable {
        public var path: String
        public var nullCount: Int64?
        public var min: String?
        public var max: String?
        /// Total NaN count of a FLOAT / DOUBLE / FLOAT16 column (nil for other columns, or
        /// when some chunk does not say).
        public var nanCount: Int64?
        /// The column order of its bounds (`TYPE_ORDER`, `IEEE_754_TOTAL_ORDER`, ...), when
        /// every file says the same.
        public var order: String?
        /// Total unencoded bytes of a BYTE_ARRAY column (SizeStatistics), nil when unknown.
        public var unencodedBytes: Int64?
        /// GEOMETRY / GEOGRAPHY: the union of the chunks' bounding boxes, nil when some chunk has none.
        public var boundingBox: BoundingBox?
        /// GEOMETRY / GEOGRAPHY: the WKB type codes present, sorted; nil when some chunk does not say.
        public var geospatialTypes: [Int32]?
    }

    public var columns: [Column]

    /// Folds the footers' statistics of `readers` for the columns of `schema` (matched by path).
    public init(readers: [ParquetFileReader], schema: Schema) {
        columns = schema.columns.map { target in
            var nulls: Int64? = 0
            let isFloat = [.float, .double, .float16].contains(target.kind)
            var nans: Int64? = isFloat ? 0 : nil
            var bytes: Int64? = target.physicalType == .byteArray ? 0 : nil
            var low: StatisticValue?, high: StatisticValue?
            var boundsKnown = true
            var orders = Set<String>()
            var boxes: [BoundingBox]? = target.kind == .geometry ? [] : nil
            var types: Set<Int32>? = target.kind == .geometry ? [] : nil
            var descriptor: ColumnDescriptor?
            func add(_ n: Int64?, to sum: inout Int64?) {
                if let n, let s = sum, !s.addingReportingOverflow(n).overflow { sum = s + n } else { sum = nil }
            }
            for reader in readers {
                guard let column = reader.schema.columns.first(where: { $0.dottedPath == target.dottedPath }) else { continue }
                if descriptor == nil { descriptor = column }
                let sameType = column.physicalType == descriptor?.physicalType && column.kind == descriptor?.kind
                for group in reader.metadata.rowGroups.indices {
                    let stats = reader.statistics(rowGroup: group, column: column.index)
                    let chunk = reader.metadata.rowGroups[group].columns.indices.contains(column.index)
                        ? reader.metadata.rowGroups[group].columns[column.index].metaData : nil
                    add(stats?.nullCount, to: &nulls)
                    if isFloat { add(stats?.nanCount, to: &nans) }
                    if bytes != nil { add(chunk?.sizeStatistics?.unencodedByteArrayDataBytes, to: &bytes) }
                    // A chunk with geospatial statistics but no box has no coordinates (only nulls
                    // and empty geometries); one without geospatial statistics is unknown.
                    let geo = chunk?.geospatialStatistics
                    if boxes != nil { if let geo { if let box = geo.bbox { boxes?.append(box) } } else { boxes = nil } }
                    if types != nil {
                        if let codes = geo?.geospatialTypes, !codes.isEmpty { types?.formUnion(codes) } else { types = nil }
                    }
                    orders.insert(Self.orderName(stats?.order))
                    guard sameType, let lo = stats?.min, let hi = stats?.max else { boundsKnown = false; continue }
                    // NaN bounds (a chunk of NaNs only, under IEEE 754 total order) bound nothing else.
                    if Self.isNaN(lo, column.kind) || Self.isNaN(hi, column.kind) { continue }
                    if low.map({ Self.less(lo, $0, column.kind) }) ?? true { low = lo }
                    if high.map({ Self.less($0, hi, column.kind) }) ?? true { high = hi }
                }
            }
            var result = Column(path: target.dottedPath, nullCount: nulls, min: nil, max: nil, nanCount: nans,
                                order: orders.count == 1 ? orders.first : nil, unencodedBytes: bytes,
                                boundingBox: boxes.flatMap(Self.union), geospatialTypes: types.map { $0.sorted() })
            if low == nil { boundsKnown = false }
            if let descriptor, boundsKnown {
                result.min = low.flatMap { Self.text($0, descriptor) }
                result.max = high.flatMap { Self.text($0, descriptor) }
            }
            return result
        }
    }

    static func orderName(_ order: ColumnOrder?) -> String {
        switch order {
        case nil, .typeDefined?: "TYPE_ORDER"
        case .ieee754TotalOrder?: "IEEE_754_TOTAL_ORDER"
        case .int96TimestampOrder?: "INT96_TIMESTAMP_ORDER"
        case .undefined(let id)?: "order \(id)"
        }
    }

    /// The smallest box holding every box of `boxes` (nil for none). x is circular where a box
    /// wraps the antimeridian (xmin > xmax): the union is then the shortest arc covering all.
    static func union(_ boxes: [BoundingBox]) -> BoundingBox? {
        guard var result = boxes.first else { return nil }
        func widen(_ a: Double?, _ b: Double?, _ pick: (Double, Double) -> Double) -> Double? {
            guard let a, let b else { return nil }
            return pick(a, b)
        }
        for box in boxes.dropFirst() {
            result.ymin = min(result.ymin, box.ymin)
            result.ymax = max(result.ymax, box.ymax)
            result.zmin = widen(result.zmin, box.zmin, min)
            result.zmax = widen(result.zmax, box.zmax, max)
            result.mmin = widen(result.mmin, box.mmin, min)
            result.mmax = widen(result.mmax, box.mmax, max)
        }
        if boxes.allSatisfy({ $0.xmin <= $0.xmax }) {
            result.xmin = boxes.map(\.xmin).min() ?? result.xmin
            result.xmax = boxes.map(\.xmax).max() ?? result.xmax
            return result
        }
        // Arcs on [-180, 180]: split the wrapping ones, merge, and leave out the widest gap.
        var arcs: [(Double, Double)] = []
        for box in boxes {
            if box.xmin <= box.xmax { arcs.append((box.xmin, box.xmax)) } else { arcs += [(box.xmin, 180), (-180, box.xmax)] }
        }
        arcs.sort { $0.0 < $1.0 }
        var merged: [(Double, Double)] = []
        for arc in arcs {
            if let last = merged.last, arc.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, arc.1) } else { merged.append(arc) }
        }
        guard let first = merged.first, let last = merged.last else { return result }
        // The gap across the antimeridian, then the gaps between arcs.
        var gap = (start: last.1, end: first.0, width: (first.0 + 180) + (180 - last.1))
        for (a, b) in zip(merged, merged.dropFirst()) where b.0 - a.1 > gap.width {
            gap = (a.1, b.0, b.0 - a.1)
        }
        result.xmin = gap.end
        result.xmax = gap.start
        return result
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
        case (.bytes(let x), .bytes(let y)):
            if kind == .float16, let u = half(x), let v = half(y) { return u < v }
            return x.lexicographicallyPrecedes(y)
        default: return false
        }
    }

    /// Whether a bound is a NaN (FLOAT, DOUBLE, FLOAT16).
    static func isNaN(_ value: StatisticValue, _ kind: ValueKind) -> Bool {
        switch value {
        case .float(let v): v.isNaN
        case .double(let v): v.isNaN
        case .bytes(let b) where kind == .float16: half(b)?.isNaN ?? false
        default: false
        }
    }

    /// A little-endian IEEE half-precision value, exactly.
    static func half(_ bytes: [UInt8]) -> Float? {
        guard bytes.count == 2 else { return nil }
        return float16(UInt16(bytes[0]) | UInt16(bytes[1]) << 8)
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
        guard write(0, &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}

extension StatisticsSummary.Column {
    /// The geospatial statistics as one line: `bbox x [10, 40] y [10, 40] z [30, 80]; types
    /// POINT, LINESTRING Z` (x [170, -170] for a box across the antimeridian); nil when the
    /// column has none.
    public var geospatialDescription: String? {
        var parts: [String] = []
        if let box = boundingBox {
            func range(_ axis: String, _ lo: Double?, _ hi: Double?) -> String? {
                guard let lo, let hi else { return nil }
                var text = Array("\(axis) [".utf8)
                GeometryText.appendNumber(lo, to: &text)
                text += Array(", ".utf8)
                GeometryText.appendNumber(hi, to: &text)
                text.append(UInt8(ascii: "]"))
                return String(decoding: text, as: UTF8.self)
            }
            parts.append("bbox " + [range("x", box.xmin, box.xmax), range("y", box.ymin, box.ymax),
                                    range("z", box.zmin, box.zmax), range("m", box.mmin, box.mmax)].compactMap { $0 }.joined(separator: " "))
        }
        if let types = geospatialTypes {
            let names = ["GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"]
            parts.append("types " + types.map { code -> String in
                let (dims, type) = (Int(code) / 1000, Int(code) % 1000)
                guard (0 ... 3).contains(dims), names.indices.contains(type) else { return "code \(code)" }
                return names[type] + ["", " Z", " M", " ZM"][dims]
            }.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
