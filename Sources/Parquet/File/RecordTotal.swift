/// A running total of record counts that throws instead of overflowing: the one place a
/// file's row groups, a dataset's files or a listing's entries are summed.
///
/// ```swift
/// var total = RecordTotal()
/// for file in files { try total.add(try ParquetFileReader.recordCount(path: file), file: file) }
/// print(total.value)
/// ```
public struct RecordTotal: Sendable, Equatable {
    /// The records added so far.
    public private(set) var value: Int64 = 0

    /// An empty total.
    public init() {}

    /// Adds `count` records.
    ///
    /// - Parameters:
    ///   - count: the records to add; a negative count is refused.
    ///   - part: what the count belongs to in messages ("row group 3"); nil when the file says enough.
    ///   - file: the file the count comes from, named in the error.
    /// - Throws: `ParquetError` (`.corrupt`) naming `file` when `count` is negative or the total
    ///   would overflow a 64-bit integer.
    public mutating func add(_ count: Int64, part: @autoclosure () -> String? = nil, file: String?) throws {
        guard count >= 0 else {
            let owner = part() ?? "the file"
            throw ParquetError(.corrupt, "\(owner) has a negative record count \(count)", file: file)
        }
        let (sum, overflow) = value.addingReportingOverflow(count)
        guard !overflow else {
            throw ParquetError(.corrupt, "record counts overflow a 64-bit integer", file: file)
        }
        value = sum
    }

    /// The sum of `counts`, each attributed to its file for errors.
    public static func sum<S: Sequence>(_ counts: S) throws -> Int64 where S.Element == FileRecordCount {
        var total = RecordTotal()
        for entry in counts { try total.add(entry.records, file: entry.path) }
        return total.value
    }
}

/// One file's record count, from its footer.
public struct FileRecordCount: Sendable, Hashable {
    /// The file.
    public var path: String
    /// Its records: the sum of its row groups' `num_rows`.
    public var records: Int64

    /// A count of `records` for the file at `path`.
    public init(path: String, records: Int64) {
        self.path = path
        self.records = records
    }
}
