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

    public init(descriptor: ColumnDescriptor, definitionLevels: [UInt32], repetitionLevels: [UInt32],
                values: ColumnValues, levelCount: Int) {
        self.descriptor = descriptor
        self.definitionLevels = definitionLevels
        self.repetitionLevels = repetitionLevels
        self.values = values
        self.levelCount = levelCount
    }
}

/// One batch of records: a row group, or a slice of one, with the selected columns decoded.
public struct RecordBatch: Sendable {
    /// The file's schema.
    public var schema: Schema
    /// The decoded leaf columns, in schema order (only the projected ones).
    public var columns: [ColumnData]
    /// Number of records in the batch.
    public var numRows: Int
    /// The row group this batch comes from.
    public var rowGroupIndex: Int

    public init(schema: Schema, columns: [ColumnData], numRows: Int, rowGroupIndex: Int) {
        self.schema = schema
        self.columns = columns
        self.numRows = numRows
        self.rowGroupIndex = rowGroupIndex
    }

    /// The decoded column for a leaf, by its index in ``Schema/columns``.
    public func column(at schemaIndex: Int) -> ColumnData? {
        columns.first { $0.descriptor.index == schemaIndex }
    }
}

extension ColumnValues {
    /// Appends `range` of `other` (which must be the same case) to this buffer.
    ///
    /// The buffer is taken out of `self` before it grows (`self` holds an empty one meanwhile),
    /// so it is uniquely referenced and grows in place: many small appends stay linear.
    mutating func append(from other: ColumnValues, range: Range<Int>) throws {
        if range.isEmpty { return }
        let mismatch = ParquetError.corrupt("a page decoded to values of another type than its column")
        switch other {
        case .boolean(let b):
            guard case .boolean(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .boolean(a)
        case .int32(let b):
            guard case .int32(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .int32(a)
        case .int64(let b):
            guard case .int64(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .int64(a)
        case .int96(let b):
            guard case .int96(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .int96(a)
        case .float(let b):
            guard case .float(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .float(a)
        case .double(let b):
            guard case .double(var a) = self else { throw mismatch }
            self = .boolean([]); a.append(contentsOf: b[range]); self = .double(a)
        case .byteArray(let b):
            guard case .byteArray(var a) = self else { throw mismatch }
            self = .boolean([])
            let base = a.bytes.count - b.offsets[range.lowerBound]
            a.bytes.append(contentsOf: b.bytes[b.offsets[range.lowerBound] ..< b.offsets[range.upperBound]])
            let needed = a.offsets.count + range.count
            if needed > a.offsets.capacity { a.offsets.reserveCapacity(max(needed, 2 * a.offsets.capacity)) }
            for i in range { a.offsets.append(b.offsets[i + 1] + base) }
            self = .byteArray(a)
        case .fixedLenByteArray(let b):
            guard case .fixedLenByteArray(var a) = self, a.width == b.width else { throw mismatch }
            self = .boolean([])
            a.bytes.append(contentsOf: b.bytes[range.lowerBound * b.width ..< range.upperBound * b.width])
            self = .fixedLenByteArray(a)
        }
    }
}
