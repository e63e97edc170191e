/// One record of a batch: its top-level fields as ``ParquetValue``s, indexable by position
/// and by field name.
///
/// ```swift
/// for row in try batch.rows() {
///     print(row["name"] ?? .null, row[0])
/// }
/// ```
public struct ParquetRow: Sendable, Hashable, CustomStringConvertible, RandomAccessCollection {
    /// The names of the fields, in schema order (shared by every row of a batch).
    public let fieldNames: [String]
    /// The values, in the order of ``fieldNames``.
    public let values: [ParquetValue]

    /// A row of `values` named by `fieldNames` (which must have the same count).
    public init(fieldNames: [String], values: [ParquetValue]) {
        self.fieldNames = fieldNames
        self.values = values
    }

    public var startIndex: Int { values.startIndex }
    public var endIndex: Int { values.endIndex }

    /// The value of field `position` (which must be in `0 ..< count`).
    public subscript(position: Int) -> ParquetValue { values[position] }

    /// The value of the field named `name`, or nil when the row has no such field.
    public subscript(name: String) -> ParquetValue? {
        guard let index = fieldNames.firstIndex(of: name), values.indices.contains(index) else { return nil }
        return values[index]
    }

    /// The row as a ``ParquetValue/struct(_:)``.
    public var structValue: ParquetValue {
        .struct(zip(fieldNames, values).map { ParquetValue.Field(name: $0, value: $1) })
    }

    /// The row's JSONL text (without the newline): `{"name":value,...}` in schema order.
    public var description: String { structValue.description }
}
