/// ``ParquetValue``s of a batch, per field (column-wise) or per record (row-wise).
///
/// ```swift
/// var batches = try reader.batches()
/// while let batch = try batches.next() {
///     let tags = try batch.values(of: "tags")   // [ParquetValue], one per record
///     for row in try batch.rows() { print(row) }  // {"id":1,"tags":["a"]}
/// }
/// ```
extension RecordBatch {
    /// The values of the top-level field `name`, one per record, rebuilt by
    /// ``RecordAssembler`` (lists, maps, structs and variants at any depth).
    ///
    /// - Throws: `ParquetError` naming the field: `.invalidArgument` when the batch has no
    ///   such field or lacks one of its columns, `.corrupt` for levels that do not match.
    public func values(of name: String) throws -> [ParquetValue] {
        guard let index = schema.fields.firstIndex(where: { $0.name == name }) else {
            throw ParquetError(.invalidArgument, "no top-level field named '\(name)' in the batch", column: name)
        }
        return try values(ofField: index)
    }

    /// The values of top-level field `index` (in ``Schema/fields``), one per record.
    public func values(ofField index: Int) throws -> [ParquetValue] {
        guard schema.fields.indices.contains(index) else {
            throw ParquetError(.invalidArgument, "no top-level field \(index) in the batch (it has \(schema.fields.count))")
        }
        let field = schema.fields[index]
        return try withContext(column: field.name) {
            var assembler = try RecordAssembler(shape: try FieldShape(node: field), batch: self)
            var builder = try ParquetValueBuilder(assembler)
            var result: [ParquetValue] = []
            result.reserveCapacity(numRows)
            for _ in 0 ..< numRows {
                try assembler.assembleRecord(into: &builder)
                result.append(builder.take())
            }
            try assembler.checkConsumed()
            return result
        }
    }

    /// Every record of the batch as a ``ParquetRow`` of its top-level fields.
    ///
    /// - Throws: as ``values(ofField:)``.
    public func rows() throws -> [ParquetRow] {
        let names = schema.fields.map(\.name)
        let columns = try names.indices.map { try values(ofField: $0) }
        return (0 ..< numRows).map { row in ParquetRow(fieldNames: names, values: columns.map { $0[row] }) }
    }
}
