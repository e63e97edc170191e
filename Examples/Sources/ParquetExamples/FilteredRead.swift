import Parquet

/// Reads only a record range, then only what may match a `RowGroupFilter`, and applies the
/// filter exactly with `filtered(by:)`.
func filteredRead(_ context: Example.Context) throws {
    let reader = try ParquetFileReader(path: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))

    // Exactly records 10 ..< 13.
    var ids: [String] = []
    var range = try reader.batches(columns: ["id"], rows: 10 ..< 13)
    while let batch = try range.next() {
        guard case .byteArray(let values) = batch.columns.first?.values else {
            throw CheckFailure(description: "id is not a byte-array column")
        }
        ids += (0 ..< values.count).map { text(values, $0) }
    }
    print("  records 10..<13: \(ids)")
    try check(ids, ["6ad02b21-5ff4-4234-b1cf-4bc477765671", "dff775d3-9eb8-4d47-b1c2-8eb8ac3cfddf",
                    "26d35dd4-d47a-4136-a2da-285eaceb3446"], "ids of records 10..<13")

    // The filter is a skip hint; `filtered(by:)` keeps exactly the matching records.
    let filter: RowGroupFilter = .column("score") > 80 && .column("category").in(["electronics", "garden"])
    var hits: [String] = []
    var scores: [Double] = []
    var batches = try reader.batches(columns: ["id", "score", "category"], rows: nil, filter: filter)
    while let batch = try batches.next() {
        let matching = try batch.filtered(by: filter)
        for column in matching.columns {
            switch (column.descriptor.dottedPath, column.values) {
            case ("id", .byteArray(let values)): hits += (0 ..< values.count).map { text(values, $0) }
            case ("score", .double(let values)): scores += values
            default: break
            }
        }
    }
    print("  \(filter): \(hits) scores \(scores)")
    try check(hits, ["26d35dd4-d47a-4136-a2da-285eaceb3446"], "ids with score > 80")
    try check(scores, [86.227], "scores > 80")

    // Both at once: records 10 ..< 20 with score > 50 (9 of them).
    var count = 0
    var both = try reader.batches(columns: ["score"], rows: 10 ..< 20, filter: .column("score") > 50)
    while let batch = try both.next() { count += try batch.filtered(by: .column("score") > 50).numRows }
    try check(count, 9, "records 10..<20 with score > 50")
}
