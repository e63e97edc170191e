import Foundation
import Parquet
import ParquetExport

/// Writes three records (an INT64 id, an optional STRING name with one null, a DOUBLE score)
/// with `ParquetFileWriter` to a temporary file, atomically, then reads them back.
func writeAndReadBack(_ context: Example.Context) throws {
    func leaf(_ name: String, _ type: PhysicalType, _ repetition: Repetition, _ logical: LogicalType? = nil) -> SchemaElement {
        var element = SchemaElement()
        element.name = name
        element.type = type
        element.repetition = repetition
        element.logicalType = logical
        return element
    }
    var root = SchemaElement()
    root.name = "schema"
    root.numChildren = 3
    let schema = try Schema(elements: [root, leaf("id", .int64, .required), leaf("name", .byteArray, .optional, .string),
                                       leaf("score", .double, .required)])

    var names = ByteArrayValues()
    for name in ["ada", "grace"] { names.append(Array(name.utf8)) }
    let batch = RecordBatch(schema: schema, columns: [
        ColumnData(descriptor: schema.columns[0], definitionLevels: [], repetitionLevels: [], values: .int64([1, 2, 3]), levelCount: 3),
        // Definition level 1 = present, 0 = null: the second record has no name.
        ColumnData(descriptor: schema.columns[1], definitionLevels: [1, 0, 1], repetitionLevels: [], values: .byteArray(names), levelCount: 3),
        ColumnData(descriptor: schema.columns[2], definitionLevels: [], repetitionLevels: [], values: .double([0.5, 1.25, -2]), levelCount: 3),
    ], numRows: 3, rowGroupIndex: 0)

    let path = context.temporaryFolder.appendingPathComponent("people.parquet").path
    var options = ParquetWriterOptions()
    options.compression = .snappy
    options.createdBy = "ParquetExamples"
    let output = try ByteOutput(atomicFileAt: path)   // a temporary file, renamed on commit
    let writer = try ParquetFileWriter(output: output, schema: schema, options: options)
    try writer.write(batch)
    _ = try writer.close()
    try output.commit()

    let reader = try ParquetFileReader(path: path)
    print("  wrote \(try reader.numRows) records to \(path)")
    try check(try reader.numRows, 3, "records read back")
    try check(reader.metadata.createdBy, "ParquetExamples", "created_by")
    var batches = try reader.batches()
    guard let back = try batches.next() else { throw CheckFailure(description: "no batch read back") }
    try check(try batches.next() == nil, true, "a single batch")
    guard case .int64(let ids) = back.columns[0].values,
          case .byteArray(let readNames) = back.columns[1].values,
          case .double(let scores) = back.columns[2].values else {
        throw CheckFailure(description: "unexpected column types read back")
    }
    try check(ids, [1, 2, 3], "ids")
    try check(back.columns[1].definitionLevels, [1, 0, 1], "name nulls")
    try check((0 ..< readNames.count).map { text(readNames, $0) }, ["ada", "grace"], "names")
    try check(scores, [0.5, 1.25, -2], "scores")
}
