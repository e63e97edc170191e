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
    /// ``RecordAssembler`` (lists, maps, structs and variants at any depth). A struct whose
    /// leaves the batch holds only some of (a projection by dotted leaf paths) has only
    /// the fields with leaves in the batch.
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
            guard let shape = try FieldShape(node: field).keeping(Set(columns.map(\.descriptor.index))) else {
                throw ParquetError(.invalidArgument, "the batch holds no column of the field")
            }
            var assembler = try RecordAssembler(shape: shape, batch: self)
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

    /// The indices (in ``Schema/fields``) of the top-level fields with a column in the batch.
    public var fieldIndices: [Int] {
        let present = Set(columns.map(\.descriptor.index))
        return schema.fields.indices.filter { i in
            schema.fields[i].columnIndex.map(present.contains) ?? schema.columns.contains {
                present.contains($0.index) && $0.path.first == schema.fields[i].name
            }
        }
    }

    /// Every record of the batch as a ``ParquetRow`` of its top-level fields (those with a
    /// column in the batch).
    ///
    /// - Throws: as ``values(ofField:)``.
    public func rows() throws -> [ParquetRow] {
        let fields = fieldIndices
        let names = fields.map { schema.fields[$0].name }
        let columns = try fields.map { try values(ofField: $0) }
        return (0 ..< numRows).map { row in ParquetRow(fieldNames: names, values: columns.map { $0[row] }) }
    }
}

extension FieldShape {
    /// The shape with only the leaves in `columns`: struct fields without one left out, a
    /// list or map without its element (or key) dropped; nil when no leaf is kept.
    func keeping(_ columns: Set<Int>) -> FieldShape? {
        switch self {
        case .leaf(let column, _):
            return columns.contains(column) ? self : nil
        case .variant(let shape):
            return shape.columns.allSatisfy(columns.contains) ? self : nil
        case .structure(let fields, let present):
            let kept = fields.compactMap { field in field.shape.keeping(columns).map { NamedShape(name: field.name, shape: $0) } }
            return kept.isEmpty ? nil : .structure(fields: kept, presentLevel: present)
        case .list(let element, let present, let entry, let repetition):
            return element.keeping(columns).map { .list(element: $0, presentLevel: present, entryLevel: entry, repetitionLevel: repetition) }
        case .map(let key, let value, let present, let entry, let repetition):
            guard let k = key.keeping(columns), let v = value.keeping(columns) else { return nil }
            return .map(key: k, value: v, presentLevel: present, entryLevel: entry, repetitionLevel: repetition)
        }
    }
}
