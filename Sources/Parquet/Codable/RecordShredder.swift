import Foundation

// The shredder: an `Encoder` that writes each value straight into the typed buffers of its
// leaf column (definition and repetition levels plus the values), so a batch of records
// becomes a `RecordBatch` without a boxed value per cell.

/// The levels and values of one leaf column, gathered until the next batch is taken.
final class LeafColumn {
    let descriptor: ColumnDescriptor
    let leaf: EncodedLeaf
    let decimal: ParquetEncoder.DecimalFormat?
    let maxDef: UInt32
    let hasDefs: Bool, hasReps: Bool
    /// Integer leaves: the values the declared width holds.
    let lowest: Int64, highest: UInt64
    var defs: [UInt32] = []
    var reps: [UInt32] = []
    var levelCount = 0
    var bools: [Bool] = []
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    var bytes = ByteArrayValues()
    var fixed: [UInt8] = []

    init(descriptor: ColumnDescriptor, leaf: EncodedLeaf, decimal: ParquetEncoder.DecimalFormat?) {
        self.descriptor = descriptor
        self.leaf = leaf
        self.decimal = decimal
        maxDef = UInt32(descriptor.maxDefinitionLevel)
        hasDefs = descriptor.maxDefinitionLevel > 0
        hasReps = descriptor.maxRepetitionLevel > 0
        if case let .integer(bits, signed) = leaf, bits < 64 {
            lowest = signed ? -(Int64(1) << (bits - 1)) : 0
            highest = signed ? (UInt64(1) << (bits - 1)) - 1 : (UInt64(1) << bits) - 1
        } else if case .integer(_, false) = leaf {
            lowest = 0
            highest = UInt64.max
        } else {
            lowest = Int64.min
            highest = UInt64(Int64.max)
        }
    }

    /// A value is being appended: its levels.
    @inline(__always)
    func present(rep: UInt32) {
        if hasDefs { defs.append(maxDef) }
        if hasReps { reps.append(rep) }
        levelCount &+= 1
    }

    /// No value (a null or an empty list above the leaf) at definition level `def`.
    @inline(__always)
    func absent(def: UInt32, rep: UInt32) {
        if hasDefs { defs.append(def) }
        if hasReps { reps.append(rep) }
        levelCount &+= 1
    }

    var valueCount: Int {
        switch descriptor.physicalType {
        case .boolean: bools.count
        case .int32: int32s.count
        case .int64: int64s.count
        case .float: floats.count
        case .double: doubles.count
        case .byteArray: bytes.count
        default: fixed.count / Swift.max(1, descriptor.typeLength)
        }
    }

    /// Bytes held, roughly (levels and values).
    var heldBytes: Int {
        4 * (defs.count + reps.count) + bools.count + 4 * int32s.count + 8 * int64s.count + 4 * floats.count
            + 8 * doubles.count + bytes.bytes.count + 8 * bytes.offsets.count + fixed.count
    }

    struct Mark { var defs = 0, reps = 0, levels = 0, values = 0, bytes = 0 }

    var mark: Mark { Mark(defs: defs.count, reps: reps.count, levels: levelCount, values: valueCount, bytes: bytes.bytes.count) }

    /// Drops everything appended after `mark` (a record that failed half way).
    func rollBack(to mark: Mark) {
        defs.removeLast(Swift.max(0, defs.count - mark.defs))
        reps.removeLast(Swift.max(0, reps.count - mark.reps))
        levelCount = mark.levels
        let extra = Swift.max(0, valueCount - mark.values)
        switch descriptor.physicalType {
        case .boolean: bools.removeLast(extra)
        case .int32: int32s.removeLast(extra)
        case .int64: int64s.removeLast(extra)
        case .float: floats.removeLast(extra)
        case .double: doubles.removeLast(extra)
        case .byteArray:
            bytes.offsets.removeLast(extra)
            bytes.bytes.removeLast(Swift.max(0, bytes.bytes.count - mark.bytes))
        default: fixed.removeLast(extra * descriptor.typeLength)
        }
    }

    /// The gathered column as `ColumnData`; the buffers start empty again.
    func take() -> ColumnData {
        let values: ColumnValues
        switch descriptor.physicalType {
        case .boolean: values = .boolean(bools); bools = []
        case .int32: values = .int32(int32s); int32s = []
        case .int64: values = .int64(int64s); int64s = []
        case .float: values = .float(floats); floats = []
        case .double: values = .double(doubles); doubles = []
        case .byteArray: values = .byteArray(bytes); bytes = ByteArrayValues()
        default: values = .fixedLenByteArray(FixedLenByteArrayValues(width: descriptor.typeLength, bytes: fixed)); fixed = []
        }
        let data = ColumnData(descriptor: descriptor, definitionLevels: defs, repetitionLevels: reps, values: values, levelCount: levelCount)
        defs = []
        reps = []
        levelCount = 0
        return data
    }
}

/// Writes records into leaf columns following an ``EncoderSchema``.
final class RecordShredder {
    let plan: EncoderSchema
    let columns: [LeafColumn]
    /// Records gathered since the last batch.
    private(set) var rows = 0
    /// Records written in all, for messages.
    var recordNumber: Int64 = 0
    /// The first failure of a non-throwing `Encoder` call in the current record.
    var pending: EncodingError?
    private var marks: [LeafColumn.Mark]

    init(plan: EncoderSchema) throws {
        self.plan = plan
        var columns: [LeafColumn] = []
        var leaves: [Int: EncodedLeaf] = [:]
        func collect(_ node: PlanNode) {
            if case let .leaf(leaf, column) = node.kind { leaves[column] = leaf }
            for field in node.fields { collect(field) }
            if let key = node.key { collect(key) }
            if let element = node.element { collect(element) }
        }
        collect(plan.root)
        for descriptor in plan.schema.columns {
            guard let leaf = leaves[descriptor.index], descriptor.index < plan.decimals.count else {
                throw ParquetError(.invalidArgument, "the derived schema's column '\(descriptor.dottedPath)' has no plan")
            }
            columns.append(LeafColumn(descriptor: descriptor, leaf: leaf, decimal: plan.decimals[descriptor.index]))
        }
        self.columns = columns
        marks = columns.map(\.mark)
    }

    /// Appends one record; on error nothing of it stays in the columns.
    func append<T: Encodable>(_ value: T) throws {
        for i in columns.indices { marks[i] = columns[i].mark }
        do {
            let frame = ShredFrame(node: plan.root, rep: 0, parentDef: 0, path: [])
            try value.encode(to: ShredEncoder(shredder: self, frame: frame))
            if let pending { throw pending }
            guard frame.mode != .fresh else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "record \(recordNumber): a record must encode as a keyed container (a struct or class with fields)"))
            }
            try finish(frame)
        } catch {
            pending = nil
            for i in columns.indices { columns[i].rollBack(to: marks[i]) }
            throw error
        }
        rows += 1
        recordNumber += 1
    }

    /// The gathered records as a batch; the columns start empty again.
    func takeBatch() -> RecordBatch {
        let batch = RecordBatch(schema: plan.schema, columns: columns.map { $0.take() }, numRows: rows, rowGroupIndex: 0)
        rows = 0
        return batch
    }

    /// Bytes held in the columns, roughly.
    var heldBytes: Int { columns.reduce(0) { $0 + $1.heldBytes } }

    // MARK: Errors

    func failure(_ path: [CodingKey], _ message: String) -> EncodingError {
        .invalidValue(path, .init(codingPath: path, debugDescription: "\(encoderPathText(path)), record \(recordNumber): \(message)"))
    }

    /// Keeps the first failure of a call that cannot throw; it is thrown when the record ends.
    func postpone(_ error: EncodingError) {
        if pending == nil { pending = error }
    }

    func mismatch(_ node: PlanNode, _ path: [CodingKey], _ what: String) -> EncodingError {
        failure(path, "got \(what), but the schema has \(Self.describe(node))")
    }

    static func describe(_ node: PlanNode) -> String {
        switch node.kind {
        case .leaf(let leaf, _): "a \(leaf.name) column"
        case .group: "a struct"
        case .list: "a list"
        case .map: "a dictionary"
        }
    }

    // MARK: Writing values

    /// Encodes `value` at `node`: leaf types the encoder knows directly, dictionaries as
    /// maps, anything else through its `encode(to:)`.
    func encode<T: Encodable>(_ value: T, at node: PlanNode, rep: UInt32, parentDef: UInt32, path: [CodingKey]) throws {
        switch node.kind {
        case let .leaf(leaf, column):
            switch leaf {
            case .date: if let date = value as? Date { return try self.date(date, columns[column], rep: rep, path: path) }
            case .decimal: if let decimal = value as? Decimal { return try self.decimal(decimal, columns[column], rep: rep, path: path) }
            case .uuid:
                if let uuid = value as? UUID {
                    let c = columns[column]
                    withUnsafeBytes(of: uuid.uuid) { c.fixed.append(contentsOf: $0) }
                    c.present(rep: rep)
                    return
                }
            case .binary:
                if let data = value as? Data {
                    let c = columns[column]
                    c.bytes.append(data)
                    c.present(rep: rep)
                    return
                }
            default: break
            }
        case .map:
            if let map = value as? any EncoderStringKeyedMap {
                return try encodeMap(map, at: node, rep: rep, path: path)
            }
        default: break
        }
        let frame = ShredFrame(node: node, rep: rep, parentDef: parentDef, path: path)
        try value.encode(to: ShredEncoder(shredder: self, frame: frame))
        if let pending { throw pending }
        try finish(frame)
    }

    private func encodeMap(_ map: any EncoderStringKeyedMap, at node: PlanNode, rep: UInt32, path: [CodingKey]) throws {
        guard let keyNode = node.key, case let .leaf(_, keyColumn) = keyNode.kind, let valueNode = node.element else {
            throw mismatch(node, path, "a dictionary")
        }
        let entries = map.encoderEntries()
        if entries.isEmpty { return empty(node, rep: rep) }
        let keys = columns[keyColumn]
        for (i, entry) in entries.enumerated() {
            let r = i == 0 ? rep : node.repeatedRep
            keys.bytes.append(entry.key.utf8)
            keys.present(rep: r)
            try encode(entry.value, at: valueNode, rep: r, parentDef: node.repeatedDef, path: path + [EncoderMapKey(entry.key)])
        }
    }

    /// Ends a struct, list or single value: fields not written become nulls, a list with no
    /// elements an empty list; containers opened with `nestedContainer` end with it.
    func finish(_ frame: ShredFrame) throws {
        let node = frame.node
        switch node.kind {
        case .group:
            if frame.mode == .single { break }
            for i in node.fields.indices where !frame.written(i) {
                try null(at: node.fields[i], parentDef: node.def, rep: frame.rep, path: frame.path + [EncoderMapKey(node.names[i])])
            }
        case .list, .map:
            if frame.mode == .single { break }
            if frame.count == 0 { empty(node, rep: frame.rep) }
        case .leaf:
            if frame.mode != .single {
                throw failure(frame.path, "encoded no value for \(Self.describe(node))")
            }
        }
        for nested in frame.nested { try finish(nested) }
    }

    /// A nil at `node`: every leaf below gets definition level `parentDef`.
    func null(at node: PlanNode, parentDef: UInt32, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        guard node.nullable else {
            throw failure(path(), "is nil (or missing), but the schema derived from the first values has it REQUIRED; make the property Optional or pass a prototype")
        }
        for leaf in node.leaves { columns[leaf].absent(def: parentDef, rep: rep) }
    }

    /// An empty list or dictionary at `node`.
    func empty(_ node: PlanNode, rep: UInt32) {
        for leaf in node.leaves { columns[leaf].absent(def: node.def, rep: rep) }
    }

    func leafColumn(_ node: PlanNode, _ path: @autoclosure () -> [CodingKey], _ what: String) throws -> LeafColumn {
        guard case let .leaf(_, column) = node.kind else { throw mismatch(node, path(), what) }
        return columns[column]
    }

    @inline(__always)
    func integer<I: FixedWidthInteger>(_ value: I, at node: PlanNode, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let c = try leafColumn(node, path(), "an integer")
        switch c.leaf {
        case .integer(let bits, let signed):
            if signed {
                guard let x = Int64(exactly: value), x >= c.lowest, x <= Int64(c.highest) else {
                    throw failure(path(), "\(value) does not fit the column's \(c.leaf.name)")
                }
                if bits <= 32 { c.int32s.append(Int32(truncatingIfNeeded: x)) } else { c.int64s.append(x) }
            } else {
                guard let x = UInt64(exactly: value), x <= c.highest else {
                    throw failure(path(), "\(value) does not fit the column's \(c.leaf.name)")
                }
                if bits <= 32 { c.int32s.append(Int32(bitPattern: UInt32(truncatingIfNeeded: x))) } else { c.int64s.append(Int64(bitPattern: x)) }
            }
        case .double: c.doubles.append(Double(value))
        case .float: c.floats.append(Float(value))
        default: throw mismatch(node, path(), "an integer")
        }
        c.present(rep: rep)
    }

    func bool(_ value: Bool, at node: PlanNode, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let c = try leafColumn(node, path(), "a Bool")
        guard c.leaf == .bool else { throw mismatch(node, path(), "a Bool") }
        c.bools.append(value)
        c.present(rep: rep)
    }

    func string(_ value: String, at node: PlanNode, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let c = try leafColumn(node, path(), "a String")
        switch c.leaf {
        case .string: c.bytes.append(value.utf8)
        case .uuid:
            guard let uuid = UUID(uuidString: value) else { throw failure(path(), "'\(value)' is not a UUID") }
            withUnsafeBytes(of: uuid.uuid) { c.fixed.append(contentsOf: $0) }
        default: throw mismatch(node, path(), "a String")
        }
        c.present(rep: rep)
    }

    func double(_ value: Double, at node: PlanNode, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let c = try leafColumn(node, path(), "a Double")
        switch c.leaf {
        case .double: c.doubles.append(value)
        case .date: return try date(Date(timeIntervalSinceReferenceDate: value), c, rep: rep, path: path())
        default: throw mismatch(node, path(), "a Double")
        }
        c.present(rep: rep)
    }

    func float(_ value: Float, at node: PlanNode, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let c = try leafColumn(node, path(), "a Float")
        switch c.leaf {
        case .float: c.floats.append(value)
        case .double: c.doubles.append(Double(value))
        default: throw mismatch(node, path(), "a Float")
        }
        c.present(rep: rep)
    }

    /// Microseconds since 1970, rounded to the nearest.
    func date(_ date: Date, _ c: LeafColumn, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard micros.isFinite, micros >= -9.2e18, micros <= 9.2e18 else {
            throw failure(path(), "the date \(date.timeIntervalSince1970) s since 1970 is outside the microsecond timestamp range")
        }
        c.int64s.append(Int64(micros))
        c.present(rep: rep)
    }

    func decimal(_ value: Decimal, _ c: LeafColumn, rep: UInt32, path: @autoclosure () -> [CodingKey]) throws {
        guard let format = c.decimal else { throw failure(path(), "the column has no decimal format") }
        let digits: DecimalDigits
        do {
            digits = try DecimalDigits(value, format: format)
        } catch let problem as DecimalDigits.Problem {
            throw failure(path(), problem.message)
        }
        switch c.descriptor.physicalType {
        case .int32: c.int32s.append(Int32(truncatingIfNeeded: digits.int64))
        case .int64: c.int64s.append(digits.int64)
        default: c.fixed.append(contentsOf: digits.bigEndian(width: c.descriptor.typeLength))
        }
        c.present(rep: rep)
    }
}

/// An unscaled decimal value: `value × 10^scale` as an integer of at most `precision` digits.
struct DecimalDigits {
    struct Problem: Error { let message: String }

    var negative: Bool
    /// Decimal digits, most significant first, no leading zeros (empty for zero).
    var digits: [UInt8]

    /// Bytes of the FIXED_LEN_BYTE_ARRAY holding a `precision`-digit unscaled value.
    static func byteWidth(precision: Int) -> Int {
        // The smallest n with 10^precision - 1 < 2^(8n - 1).
        var n = 1
        while Double(8 * n - 1) * 0.3010299956639812 < Double(precision) { n += 1 }
        return n
    }

    init(_ value: Decimal, format: ParquetEncoder.DecimalFormat) throws {
        guard !value.isNaN else { throw Problem(message: "NaN cannot be written as a DECIMAL") }
        // The plain-notation text Foundation prints ("-12.345", "1000"), read digit by digit.
        var text = Array(value.description.utf8)
        negative = text.first == UInt8(ascii: "-")
        if negative { text.removeFirst() }
        var whole: [UInt8] = [], fraction: [UInt8] = []
        var inFraction = false
        for byte in text {
            if byte == UInt8(ascii: ".") { inFraction = true; continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw Problem(message: "the decimal \(value) has no plain digits")
            }
            if inFraction { fraction.append(byte - 48) } else { whole.append(byte - 48) }
        }
        while fraction.last == 0 { fraction.removeLast() }
        guard fraction.count <= format.scale else {
            throw Problem(message: "\(value) has more than \(format.scale) decimal places (DECIMAL(\(format.precision), \(format.scale)); set decimalFormats for this field)")
        }
        fraction += [UInt8](repeating: 0, count: format.scale - fraction.count)
        var all = whole + fraction
        if let first = all.firstIndex(where: { $0 != 0 }) { all.removeFirst(first) } else { all = [] }
        guard all.count <= format.precision else {
            throw Problem(message: "\(value) has more than \(format.precision) digits at scale \(format.scale) (DECIMAL(\(format.precision), \(format.scale)); set decimalFormats for this field)")
        }
        if all.isEmpty { negative = false }
        digits = all
    }

    /// The value as an Int64 (precision ≤ 18, so it fits).
    var int64: Int64 {
        var x: Int64 = 0
        for d in digits { x = x &* 10 &+ Int64(d) }
        return negative ? 0 &- x : x
    }

    /// The value as a two's-complement big-endian integer of `width` bytes.
    func bigEndian(width: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width)   // little-endian while building
        for d in digits {
            var carry = UInt32(d)
            for i in 0 ..< width {
                let x = UInt32(bytes[i]) * 10 + carry
                bytes[i] = UInt8(truncatingIfNeeded: x)
                carry = x >> 8
            }
        }
        if negative {
            var carry: UInt32 = 1
            for i in 0 ..< width {
                let x = UInt32(~bytes[i]) + carry
                bytes[i] = UInt8(truncatingIfNeeded: x)
                carry = x >> 8
            }
        }
        return bytes.reversed()
    }
}

/// One struct, list or single value being encoded.
final class ShredFrame {
    enum Mode { case fresh, keyed, unkeyed, single }
    let node: PlanNode
    let rep: UInt32
    let parentDef: UInt32
    let path: [CodingKey]
    var mode = Mode.fresh
    /// Struct: which fields were written (bit per field; fields past 64 in `more`).
    private var bits: UInt64 = 0
    private var more: [Bool] = []
    /// Struct: keys asked so far (for the key cache).
    var calls = 0
    /// List: elements so far.
    var count = 0
    /// Containers opened with `nestedContainer`/`superEncoder`, ended with this one.
    var nested: [ShredFrame] = []

    init(node: PlanNode, rep: UInt32, parentDef: UInt32, path: [CodingKey]) {
        self.node = node
        self.rep = rep
        self.parentDef = parentDef
        self.path = path
    }

    func written(_ i: Int) -> Bool {
        if i < 64 { return bits & (1 << UInt64(i)) != 0 }
        return i - 64 < more.count && more[i - 64]
    }

    /// Marks field `i` written; false when it already was.
    func mark(_ i: Int) -> Bool {
        if written(i) { return false }
        if i < 64 {
            bits |= 1 << UInt64(i)
        } else {
            if more.count <= i - 64 { more += [Bool](repeating: false, count: i - 64 - more.count + 1) }
            more[i - 64] = true
        }
        return true
    }
}
