/// Workarounds for bugs of known writers, keyed on the footer's `created_by`.
struct WriterQuirks: Sendable {
    /// Extra bytes a column chunk may extend past its recorded `total_compressed_size`.
    ///
    /// parquet-mr 1.2.8 and earlier left the dictionary page header out of the chunk size
    /// (PARQUET-816, IMPALA-694); readers allow up to 100 bytes more for such files. A
    /// `created_by` of parquet-mr without a version counts as old.
    var chunkPadding: Int64

    init(createdBy: String?) {
        chunkPadding = Self.isParquetMRBefore129(createdBy) ? 100 : 0
    }

    static func isParquetMRBefore129(_ createdBy: String?) -> Bool {
        guard let createdBy else { return false }
        let tokens = createdBy.split(separator: " ")
        guard tokens.first?.lowercased() == "parquet-mr" else { return false }
        guard let at = tokens.firstIndex(of: "version"), at + 1 < tokens.count else { return true }
        let numbers = tokens[at + 1].split(whereSeparator: { !$0.isNumber }).prefix(3).map { Int($0) ?? 0 }
        let version = numbers + Array(repeating: 0, count: max(0, 3 - numbers.count))
        return version.lexicographicallyPrecedes([1, 2, 9])
    }
}
