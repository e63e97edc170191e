import Parquet

/// Opens a committed file (50 records of the example dataset), reads three columns batch by
/// batch into typed buffers and checks the first records against what pyarrow reads.
func readFile(_ context: Example.Context) throws {
    let reader = try ParquetFileReader(path: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))
    print("columns:", reader.schema.columns.map(\.dottedPath).joined(separator: ", "))
    try check(try reader.numRows, 50, "records")

    var ids: [String] = []
    var ages: [Int64] = []
    var scores: [Double] = []
    var batches = try reader.batches(columns: ["id", "age", "score"])
    while let batch = try batches.next() {
        for column in batch.columns {
            // Values hold the non-null entries only; these columns have no nulls.
            switch (column.descriptor.dottedPath, column.values) {
            case ("id", .byteArray(let values)): ids += (0 ..< values.count).map { text(values, $0) }
            case ("age", .int64(let values)): ages += values
            case ("score", .double(let values)): scores += values
            default: throw CheckFailure(description: "unexpected column \(column.descriptor.dottedPath)")
            }
        }
    }
    for i in 0 ..< min(3, ids.count) { print("  \(ids[i])  age \(ages[i])  score \(scores[i])") }
    try check([ids.count, ages.count, scores.count], [50, 50, 50], "values per column")
    try check(ids[0], "e8cad43d-5648-43ad-99d0-a317a4e2dd36", "first id")
    try check(Array(ages.prefix(2)), [65, 86], "first ages")
    try check(Array(scores.prefix(2)), [59.156, 61.175], "first scores")
}
