import Foundation
import Parquet

/// Opens the fixture through an async source (`AsyncSourceAdapter` over bytes in memory, the
/// way a remote source is opened) and iterates its batches with `for try await`.
func asyncRead(_ context: Example.Context) async throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))))
    let remote = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(bytes)))
    var records = 0
    var rowGroups: [Int] = []
    var ages: [Int64] = []
    for try await batch in try remote.batches(columns: ["age"]) {
        records += batch.numRows
        if !rowGroups.contains(batch.rowGroupIndex) { rowGroups.append(batch.rowGroupIndex) }
        if case .int64(let values) = batch.columns.first?.values { ages += values }
    }
    print("  \(records) records in row groups \(rowGroups), first ages \(Array(ages.prefix(3)))")
    try check(records, 50, "records")
    try check(rowGroups, [0], "row groups")
    try check(Array(ages.prefix(3)), [65, 86, 86], "first ages")
    try check(ages.last, 66, "last age")
}
