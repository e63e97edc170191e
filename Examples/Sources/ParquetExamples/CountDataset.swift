import ParquetExport

/// Counts the records of a dataset folder (three batch files) from the footers alone.
func countDataset(_ context: Example.Context) throws {
    let dataset = try Dataset(inputs: [context.fixture("example-dataset")])
    for file in try dataset.recordCounts() {
        print("  \(file.records)\t\(file.path.split(separator: "/").suffix(2).joined(separator: "/"))")
    }
    try check(try dataset.recordCounts().map(\.records), [50, 50, 50], "records per file")
    try check(try dataset.recordCount(), 150, "records")
}
