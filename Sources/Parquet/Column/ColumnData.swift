/// The decoded data of one leaf column for one batch.
///
/// Levels follow the Dremel model: there is one level entry per value slot (including nulls
/// and empty lists); ``values`` holds only the entries whose definition level equals the
/// column's maximum definition level, in order.
public struct ColumnData: Sendable {
    public var descriptor: ColumnDescriptor
    /// Definition levels; empty when the column's maximum definition level is 0.
    public var definitionLevels: [UInt32]
    /// Repetition levels; empty when the column's maximum repetition level is 0.
    public var repetitionLevels: [UInt32]
    /// The non-null values.
    public var values: ColumnValues
    /// Number of level entries (for a flat column: the number of rows).
    public var levelCount: Int
    /// The leading values kept dictionary-encoded, when the read asked for that
    /// (``BatchLimits/keepsDictionaryIndices``); ``values`` then holds only the values after
    /// them. Nil in every batch the public API hands out.
    package var dictionaryPrefix: DictionaryPrefix?

    public init(descriptor: ColumnDescriptor, definitionLevels: [UInt32], repetitionLevels: [UInt32],
                values: ColumnValues, levelCount: Int) {
        self.descriptor = descriptor
        self.definitionLevels = definitionLevels
        self.repetitionLevels = repetitionLevels
        self.values = values
        self.levelCount = levelCount
    }
}

/// One batch of records: a row group, or a run of whole records of one, with the selected
/// columns decoded.
public struct RecordBatch: Sendable {
    /// The file's schema.
    public var schema: Schema
    /// The decoded leaf columns, in schema order (only the projected ones).
    public var columns: [ColumnData]
    /// Number of records in the batch.
    public var numRows: Int
    /// The row group this batch comes from.
    public var rowGroupIndex: Int
    /// Position of the batch's first record within its row group (0 for a group's first batch).
    public var rowGroupOffset: Int
    /// Whether the batch holds the last records of its row group. A batch made by hand is a
    /// whole row group.
    public var endsRowGroup: Bool

    public init(schema: Schema, columns: [ColumnData], numRows: Int, rowGroupIndex: Int,
                rowGroupOffset: Int = 0, endsRowGroup: Bool = true) {
        self.schema = schema
        self.columns = columns
        self.numRows = numRows
        self.rowGroupIndex = rowGroupIndex
        self.rowGroupOffset = rowGroupOffset
        self.endsRowGroup = endsRowGroup
    }

    /// The decoded column for a leaf, by its index in ``Schema/columns``.
    public func column(at schemaIndex: Int) -> ColumnData? {
        columns.first { $0.descriptor.index == schemaIndex }
    }
}

extension ColumnValues {
    /// Appends `range` of `other` (which must be the same case) to this buffer, in place:
    /// the buffer is taken out of the enum first (see ``take(_:width:)``), so it is uniquely
    /// referenced and grows geometrically; nothing decoded before is copied again.
    mutating func append(from other: ColumnValues, range: Range<Int>) throws {
        if range.isEmpty { return }
        switch other {
        case .boolean(let b): try modify([Bool].self) { $0.append(contentsOf: b[range]) }
        case .int32(let b): try modify([Int32].self) { $0.append(contentsOf: b[range]) }
        case .int64(let b): try modify([Int64].self) { $0.append(contentsOf: b[range]) }
        case .int96(let b): try modify([Int96].self) { $0.append(contentsOf: b[range]) }
        case .float(let b): try modify([Float].self) { $0.append(contentsOf: b[range]) }
        case .double(let b): try modify([Double].self) { $0.append(contentsOf: b[range]) }
        case .byteArray(let b):
            try modify(ByteArrayValues.self) { a in
                let base = a.bytes.count - b.offsets[range.lowerBound]
                a.bytes.append(contentsOf: b.bytes[b.offsets[range.lowerBound] ..< b.offsets[range.upperBound]])
                a.offsets.reserveAdditional(range.count)
                for i in range { a.offsets.append(b.offsets[i + 1] + base) }
            }
        case .fixedLenByteArray(let b):
            try modify(FixedLenByteArrayValues.self, width: b.width) { a in
                a.bytes.append(contentsOf: b.bytes[range.lowerBound * b.width ..< range.upperBound * b.width])
            }
        }
    }

    /// Reserves room for about `bytes` decoded bytes (``byteCount``'s measure) of `values`
    /// values of column `d`, levels excluded; capped so that a wild estimate reserves little.
    mutating func reserve(bytes: Int, values: Int, descriptor d: ColumnDescriptor) {
        let levels = 4 * values * ((d.maxDefinitionLevel > 0 ? 1 : 0) + (d.maxRepetitionLevel > 0 ? 1 : 0))
        let room = Swift.min(Swift.max(0, bytes - levels), 1 << 30)
        switch self {
        case .boolean: _ = try? modify([Bool].self) { $0.reserveAdditional(room) }
        case .int32: _ = try? modify([Int32].self) { $0.reserveAdditional(room / 4) }
        case .int64: _ = try? modify([Int64].self) { $0.reserveAdditional(room / 8) }
        case .int96: _ = try? modify([Int96].self) { $0.reserveAdditional(room / 12) }
        case .float: _ = try? modify([Float].self) { $0.reserveAdditional(room / 4) }
        case .double: _ = try? modify([Double].self) { $0.reserveAdditional(room / 8) }
        case .byteArray:
            let count = Swift.min(values, room / 8)
            _ = try? modify(ByteArrayValues.self) { $0.reserveCapacity(values: count, bytes: Swift.max(0, room - 8 * count)) }
        case .fixedLenByteArray(let v):
            _ = try? modify(FixedLenByteArrayValues.self, width: v.width) { $0.bytes.reserveAdditional(room) }
        }
    }

    /// Keeps the first `count` values (which must be at most ``count``), in place.
    mutating func truncate(to count: Int) {
        switch self {
        case .boolean: _ = try? modify([Bool].self) { $0.removeSubrange(count...) }
        case .int32: _ = try? modify([Int32].self) { $0.removeSubrange(count...) }
        case .int64: _ = try? modify([Int64].self) { $0.removeSubrange(count...) }
        case .int96: _ = try? modify([Int96].self) { $0.removeSubrange(count...) }
        case .float: _ = try? modify([Float].self) { $0.removeSubrange(count...) }
        case .double: _ = try? modify([Double].self) { $0.removeSubrange(count...) }
        case .byteArray:
            _ = try? modify(ByteArrayValues.self) { a in
                a.bytes.removeSubrange(a.offsets[count]...)
                a.offsets.removeSubrange((count + 1)...)
            }
        case .fixedLenByteArray(let v):
            _ = try? modify(FixedLenByteArrayValues.self, width: v.width) { a in a.bytes.removeSubrange((count * a.width)...) }
        }
    }

    /// Values `range` as a new buffer of the same case.
    func slice(_ range: Range<Int>) -> ColumnValues {
        var out = ColumnValues.empty(like: self)
        try? out.append(from: self, range: range)
        return out
    }

    /// An empty buffer of the same case (and width) as `other`.
    static func empty(like other: ColumnValues) -> ColumnValues {
        var width = 0
        if case .fixedLenByteArray(let v) = other { width = v.width }
        return empty(for: other.physicalType, typeLength: width)
    }

    /// Moves this buffer's typed storage out of the enum, leaving an empty placeholder, so the
    /// storage is uniquely referenced and grows without copying; put it back with
    /// `self = B.values(buffer)` (or use ``modify(_:width:orThrow:_:)``, which does). Binding
    /// `case .int64(var a)` out of a value that still holds the array — a tuple, a copy, the
    /// enum itself — makes every append copy it. This is the one place a buffer is taken out.
    ///
    /// - Parameter width: for ``FixedLenByteArrayValues``, the width the buffer must have.
    /// - Returns: the storage, or nil (and nothing changes) when it is not of type `B`.
    @inline(__always)
    mutating func take<B: ColumnValueBuffer>(_ type: B.Type, width: Int? = nil) -> B? {
        if let width {
            guard case .fixedLenByteArray(let v) = self, v.width == width else { return nil }
        }
        guard let buffer = B.buffer(in: self) else { return nil }
        self = .boolean([])
        return buffer
    }

    /// Runs `body` on this buffer's typed storage in place: the storage is taken out first
    /// (see ``take(_:width:)``) and put back afterwards, also when `body` throws.
    ///
    /// - Parameters:
    ///   - width: for ``FixedLenByteArrayValues``, the width the buffer must have.
    ///   - mismatch: the error for this buffer when it is not of type `B` (or width `width`).
    @inline(__always)
    mutating func modify<B: ColumnValueBuffer, R>(
        _ type: B.Type, width: Int? = nil,
        orThrow mismatch: (ColumnValues) -> ParquetError = { _ in ColumnValues.otherType },
        _ body: (inout B) throws -> R
    ) throws -> R {
        guard var buffer = take(type, width: width) else { throw mismatch(self) }
        defer { self = B.values(buffer) }
        return try body(&buffer)
    }

    /// The default error of ``modify(_:width:orThrow:_:)``.
    static var otherType: ParquetError {
        .corrupt("a page decoded to values of another type or width than its column")
    }
}

/// The typed storage of one ``ColumnValues`` case: `[T]` for the fixed-width cases,
/// ``ByteArrayValues`` and ``FixedLenByteArrayValues``; for ``ColumnValues/take(_:width:)``.
protocol ColumnValueBuffer {
    /// The storage of `values` when it is of this type.
    static func buffer(in values: ColumnValues) -> Self?
    /// `buffer` wrapped in its ``ColumnValues`` case.
    static func values(_ buffer: Self) -> ColumnValues
}

extension Array: ColumnValueBuffer where Element: ColumnValueElement {
    @inline(__always) static func buffer(in values: ColumnValues) -> [Element]? { Element.array(in: values) }
    @inline(__always) static func values(_ buffer: [Element]) -> ColumnValues { Element.values(buffer) }
}
extension ByteArrayValues: ColumnValueBuffer {
    static func buffer(in values: ColumnValues) -> ByteArrayValues? { if case .byteArray(let v) = values { v } else { nil } }
    static func values(_ buffer: ByteArrayValues) -> ColumnValues { .byteArray(buffer) }
}
extension FixedLenByteArrayValues: ColumnValueBuffer {
    static func buffer(in values: ColumnValues) -> FixedLenByteArrayValues? {
        if case .fixedLenByteArray(let v) = values { v } else { nil }
    }
    static func values(_ buffer: FixedLenByteArrayValues) -> ColumnValues { .fixedLenByteArray(buffer) }
}

/// The element types of the fixed-width ``ColumnValues`` cases (their arrays are ``ColumnValueBuffer``s).
protocol ColumnValueElement {
    /// The array of `values` when it holds elements of this type.
    static func array(in values: ColumnValues) -> [Self]?
    /// `array` wrapped in its ``ColumnValues`` case.
    static func values(_ array: [Self]) -> ColumnValues
}

extension Bool: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Bool]? { if case .boolean(let a) = values { a } else { nil } }
    static func values(_ array: [Bool]) -> ColumnValues { .boolean(array) }
}
extension Int32: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Int32]? { if case .int32(let a) = values { a } else { nil } }
    static func values(_ array: [Int32]) -> ColumnValues { .int32(array) }
}
extension Int64: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Int64]? { if case .int64(let a) = values { a } else { nil } }
    static func values(_ array: [Int64]) -> ColumnValues { .int64(array) }
}
extension Int96: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Int96]? { if case .int96(let a) = values { a } else { nil } }
    static func values(_ array: [Int96]) -> ColumnValues { .int96(array) }
}
extension Float: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Float]? { if case .float(let a) = values { a } else { nil } }
    static func values(_ array: [Float]) -> ColumnValues { .float(array) }
}
extension Double: ColumnValueElement {
    static func array(in values: ColumnValues) -> [Double]? { if case .double(let a) = values { a } else { nil } }
    static func values(_ array: [Double]) -> ColumnValues { .double(array) }
}

extension ColumnValues {
    /// Bytes the decoded values occupy in memory: the elements, plus one offset per value for
    /// BYTE_ARRAY. Batch caps are measured in these bytes.
    public var byteCount: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): 4 * v.count
        case .int64(let v): 8 * v.count
        case .int96(let v): 12 * v.count
        case .float(let v): 4 * v.count
        case .double(let v): 8 * v.count
        case .byteArray(let v): v.bytes.count + 8 * v.offsets.count
        case .fixedLenByteArray(let v): v.bytes.count
        }
    }
}

/// The leading values of a flat BYTE_ARRAY column left dictionary-encoded: value `i` is entry
/// `indices[i]` of `dictionary`. Export's text sinks read them so, which saves gathering every
/// value into a buffer of its own only to copy it once more into the output.
package struct DictionaryPrefix: Sendable {
    /// The chunk's dictionary (shared with the column reader, not copied).
    package var dictionary: ByteArrayValues
    /// Entry of each value; every one is below `dictionary.count` (checked when read).
    package var indices: [UInt32]
    /// The bytes the values would take gathered, as ``ColumnValues/byteCount`` measures them,
    /// so that batch caps count them as before.
    package private(set) var gatheredBytes = 0

    package init(dictionary: ByteArrayValues) {
        self.dictionary = dictionary
        indices = []
    }

    package var count: Int { indices.count }

    /// Appends `count` indices from `cursor`, checking each against the dictionary.
    mutating func append(_ count: Int, from cursor: inout RLEHybridCursor) throws {
        let start = indices.count
        try cursor.next(count, into: &indices)
        try account(start ..< indices.count, adding: true)
    }

    /// Checks indices `range` against the dictionary (as gathering them would) and adds their
    /// gathered bytes to ``gatheredBytes`` (or takes them off).
    private mutating func account(_ range: Range<Int>, adding: Bool) throws {
        var total = 0
        try indices.withUnsafeBufferPointer { indices in
            let checked = UnsafeBufferPointer(rebasing: indices[range])
            try DictionaryGather.checkRange(checked, count: dictionary.count)
            dictionary.offsets.withUnsafeBufferPointer { offsets in
                for index in checked {
                    let i = Int(index)
                    total &+= offsets[i &+ 1] &- offsets[i] &+ 8
                }
            }
        }
        gatheredBytes = adding ? gatheredBytes &+ total : gatheredBytes &- total
    }

    /// Keeps the first `count` values and returns the rest.
    mutating func splitOff(_ count: Int) -> DictionaryPrefix {
        var rest = DictionaryPrefix(dictionary: dictionary)
        rest.indices = Array(indices[count...])
        try? rest.account(0 ..< rest.indices.count, adding: true)
        try? account(count ..< indices.count, adding: false)
        indices.removeSubrange(count...)
        return rest
    }

    /// The values as a buffer of their own.
    func gathered() throws -> ColumnValues {
        var out = ColumnValues.byteArray(ByteArrayValues())
        try DictionaryGather.append(from: .byteArray(dictionary), indices: indices, into: &out)
        return out
    }
}

extension ColumnData {
    /// Bytes the decoded column occupies in memory: its values and levels (dictionary-encoded
    /// values counted as if gathered).
    public var byteCount: Int {
        values.byteCount + (dictionaryPrefix?.gatheredBytes ?? 0) + 4 * (definitionLevels.count + repetitionLevels.count)
    }

    /// This column with its ``dictionaryPrefix`` gathered into ``values`` (itself when it has none).
    package func materialized() throws -> ColumnData {
        guard let prefix = dictionaryPrefix else { return self }
        var out = self
        out.dictionaryPrefix = nil
        out.values = try prefix.gathered()
        try out.values.append(from: values, range: 0 ..< values.count)
        return out
    }

    /// Number of records: level entries at repetition level 0 (every entry for a flat column).
    public var recordCount: Int {
        guard descriptor.maxRepetitionLevel > 0 else { return levelCount }
        var n = 0
        repetitionLevels.withUnsafeBufferPointer { for level in $0 where level == 0 { n &+= 1 } }
        return n
    }

    /// Keeps the first `records` records and returns the rest as a new column (which starts
    /// on a record boundary). The kept part is shortened in place; only the rest is copied.
    mutating func splitOff(records: Int) -> ColumnData {
        var end = Swift.min(Swift.max(0, records), levelCount)
        if descriptor.maxRepetitionLevel > 0 {
            var seen = 0
            end = levelCount
            for (i, level) in repetitionLevels.enumerated() where level == 0 {
                if seen == records { end = i; break }
                seen += 1
            }
        }
        var values = end
        if descriptor.maxDefinitionLevel > 0 {
            let max = UInt32(descriptor.maxDefinitionLevel)
            values = 0
            definitionLevels.withUnsafeBufferPointer { for level in $0[0 ..< end] where level == max { values &+= 1 } }
        }
        var rest = ColumnData(descriptor: descriptor,
                              definitionLevels: definitionLevels.isEmpty ? [] : Array(definitionLevels[end...]),
                              repetitionLevels: repetitionLevels.isEmpty ? [] : Array(repetitionLevels[end...]),
                              values: .empty(like: self.values), levelCount: levelCount - end)
        if !definitionLevels.isEmpty { definitionLevels.removeSubrange(end...) }
        if !repetitionLevels.isEmpty { repetitionLevels.removeSubrange(end...) }
        levelCount = end
        if var prefix = dictionaryPrefix {
            if values < prefix.count {
                // The cut falls among the dictionary-encoded values: the rest keeps the
                // indices after it and every plain value.
                rest.dictionaryPrefix = prefix.splitOff(values)
                rest.values = self.values
                self.values = .empty(like: self.values)
                dictionaryPrefix = prefix
                return rest
            }
            values -= prefix.count
        }
        rest.values = self.values.slice(values ..< self.values.count)
        self.values.truncate(to: values)
        return rest
    }
}
