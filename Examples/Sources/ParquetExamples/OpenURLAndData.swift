import Foundation
import Parquet

/// Opens the committed fixture by `file:` URL and from `Data` in memory (as an upload would
/// arrive) and checks both read the same records.
func openURLAndData(_ context: Example.Context) throws {
    let fileURL = URL(fileURLWithPath: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))
    let fromURL = try ParquetFileReader(url: fileURL)
    let fromData = try ParquetFileReader(data: try Data(contentsOf: fileURL), name: "upload.parquet")
    try check(try fromURL.numRows, 50, "records by URL")
    try check(try fromData.numRows, 50, "records from Data")

    var scores: [[Double]] = []
    for reader in [fromURL, fromData] {
        var read: [Double] = []
        var batches = try reader.batches(columns: ["score"])
        while let batch = try batches.next() {
            guard case .double(let values) = batch.columns.first?.values else {
                throw CheckFailure(description: "score is not a double column")
            }
            read += values
        }
        scores.append(read)
    }
    print("  by URL: \(scores[0].count) scores, from Data: \(scores[1].count) scores")
    try check(scores[0].count, 50, "scores by URL")
    try check(Array(scores[1].prefix(3)), [59.156, 61.175, 27.136], "first scores from Data")
    try check(scores[0], scores[1], "URL and Data read the same scores")
}
