/// Typed VARIANT and GEOMETRY / GEOGRAPHY values of a batch, record by record.
///
/// ```swift
/// var batches = try reader.batches(columns: ["event", "location"])
/// while let batch = try batches.next() {
///     let events = try batch.variants("event")         // [Variant?], one per record
///     let places = try batch.geometries("location")    // [Geometry?], one per record
///     if case .object(let fields)? = events.first ?? nil { print(fields.map(\.key)) }
/// }
/// ```
///
/// Both read a field that no repeated field encloses (a top-level field, or one inside
/// structs); a null field, or a null struct around it, is nil.
extension RecordBatch {
    /// The VARIANT values of the field at the dotted `path`, one per record: `value`
    /// binaries decoded and shredded `typed_value` columns merged into them
    /// (VariantShredding.md), objects and arrays at any depth.
    ///
    /// - Throws: `ParquetError` naming the field: `.invalidArgument` when it is not a VARIANT
    ///   group, lies inside a repeated field, or the batch lacks one of its columns;
    ///   `.corrupt` for an invalid variant (both `value` and `typed_value` set where the spec
    ///   forbids it, a malformed binary, levels that do not match).
    public func variants(_ path: String) throws -> [Variant?] {
        let node = try recordField(path)
        guard case .variant? = node.element.logicalType else {
            throw ParquetError(.invalidArgument, "the field is not a VARIANT group", column: path)
        }
        return try withContext(column: path) {
            let shape = try VariantShape(node: node)
            let leaves = shape.columns
            var levels = try BatchLevels(batch: self, columns: leaves, field: path)
            let reader = try VariantReader(shape: shape.renumbered { leaves.firstIndex(of: $0) ?? 0 }) {
                levels.columns.indices.contains($0) ? levels.columns[$0] : nil
            }
            let exists = node.repetition == .optional ? node.maxDefinitionLevel - 1 : node.maxDefinitionLevel
            var result: [Variant?] = []
            result.reserveCapacity(numRows)
            let all = Array(levels.columns.indices)
            for _ in 0 ..< numRows {
                if try levels.definitionLevel(0) < exists {  // a null struct around the variant
                    try levels.skip(all)
                    result.append(nil)
                } else {
                    result.append(try reader.read(&levels))
                }
            }
            try levels.checkConsumed()
            return result
        }
    }

    /// The GEOMETRY or GEOGRAPHY values (WKB decoded) of the leaf column at the dotted
    /// `path`, one per record.
    ///
    /// - Throws: `ParquetError` naming the column: `.invalidArgument` when it is not a
    ///   GEOMETRY/GEOGRAPHY column, lies inside a repeated field or is not in the batch;
    ///   `.corrupt` for malformed WKB.
    public func geometries(_ path: String) throws -> [Geometry?] {
        let node = try recordField(path)
        guard let index = node.columnIndex, let data = column(at: index) else {
            throw ParquetError(.invalidArgument, node.isLeaf ? "the batch does not hold the column" : "the field is not a leaf column", column: path)
        }
        let values = try data.geometries()
        var result: [Geometry?] = []
        result.reserveCapacity(numRows)
        var next = 0
        let maxLevel = UInt32(data.descriptor.maxDefinitionLevel)
        for i in 0 ..< data.levelCount {
            if data.definitionLevels.isEmpty || data.definitionLevels[i] == maxLevel {
                guard next < values.count else { break }
                result.append(values[next])
                next += 1
            } else {
                result.append(nil)
            }
        }
        guard result.count == numRows, next == values.count else {
            throw ParquetError(.corrupt, "the column's levels do not match the batch's \(numRows) records", column: path)
        }
        return result
    }

    /// The schema node at the dotted `path`, which no repeated field encloses.
    private func recordField(_ path: String) throws -> SchemaNode {
        var node = schema.root
        var remaining = Substring(path)
        while !remaining.isEmpty {
            // Field names may contain dots: take the longest child name that matches.
            guard let child = node.children.filter({ remaining == $0.name || remaining.hasPrefix($0.name + ".") })
                .max(by: { $0.name.count < $1.name.count }) else {
                throw ParquetError(.invalidArgument, "no field named '\(path)'")
            }
            node = child
            remaining = remaining.dropFirst(min(remaining.count, child.name.count + 1))
        }
        guard node.path.count > 0 else { throw ParquetError(.invalidArgument, "no field named '\(path)'") }
        guard node.maxRepetitionLevel == 0 else {
            throw ParquetError(.invalidArgument, "the field lies inside a repeated field (read it record by record with its lists)", column: path)
        }
        return node
    }
}

extension ColumnData {
    /// The non-null values of a GEOMETRY or GEOGRAPHY column, WKB decoded (in the order of
    /// ``values``).
    ///
    /// - Throws: `ParquetError` naming the column: `.invalidArgument` when the column is not
    ///   GEOMETRY/GEOGRAPHY, `.corrupt` (with the value's position) for malformed WKB.
    public func geometries() throws -> [Geometry] {
        guard descriptor.kind == .geometry, case .byteArray(let a) = values else {
            throw ParquetError(.invalidArgument, "the column is not a GEOMETRY or GEOGRAPHY column", column: descriptor.dottedPath)
        }
        return try a.bytes.withUnsafeBytes { raw in
            var result: [Geometry] = []
            result.reserveCapacity(a.count)
            for i in 0 ..< a.count {
                do {
                    result.append(try Geometry(wkb: UnsafeRawBufferPointer(rebasing: raw[a.range(i)])))
                } catch let error as ParquetError {
                    throw ParquetError(error.kind, "value \(i): \(error.message)", column: descriptor.dottedPath)
                }
            }
            return result
        }
    }
}

/// Level cursors over some leaf columns of a batch (leaf `k` is `columns[k]`), for the
/// variant reader; every access is bounds-checked.
struct BatchLevels: VariantLevels {
    let columns: [ColumnData]
    private var positions: [Int]
    private var values: [Int]

    init(batch: RecordBatch, columns indices: [Int], field: String) throws {
        columns = try indices.map { index in
            guard let data = batch.column(at: index) else {
                throw ParquetError(.invalidArgument, "the batch lacks column '\(batch.schema.columns.indices.contains(index) ? batch.schema.columns[index].dottedPath : "\(index)")' of the field", column: field)
            }
            return data
        }
        positions = Array(repeating: 0, count: columns.count)
        values = positions
    }

    private func runsPast(_ leaf: Int) -> ParquetError {
        ParquetError.corrupt("a record runs past the end of column '\(columns[leaf].descriptor.dottedPath)'")
    }

    func definitionLevel(_ leaf: Int) throws -> Int {
        let c = columns[leaf]
        guard positions[leaf] < c.levelCount else { throw runsPast(leaf) }
        return c.definitionLevels.isEmpty ? c.descriptor.maxDefinitionLevel : Int(c.definitionLevels[positions[leaf]])
    }

    func continues(_ leaf: Int, repetitionLevel: Int) -> Bool {
        let c = columns[leaf]
        guard positions[leaf] < c.levelCount, !c.repetitionLevels.isEmpty else { return false }
        return Int(c.repetitionLevels[positions[leaf]]) == repetitionLevel
    }

    mutating func skip(_ leaves: [Int]) throws {
        for leaf in leaves {
            guard positions[leaf] < columns[leaf].levelCount else { throw runsPast(leaf) }
            positions[leaf] += 1
        }
    }

    mutating func next(_ leaf: Int) throws -> Int? {
        let present = try definitionLevel(leaf) == columns[leaf].descriptor.maxDefinitionLevel
        positions[leaf] += 1
        guard present else { return nil }
        values[leaf] += 1
        return values[leaf] - 1
    }

    /// Throws when a column has level entries left after the batch's records.
    func checkConsumed() throws {
        for (leaf, c) in columns.enumerated() where positions[leaf] != c.levelCount {
            throw ParquetError.corrupt("levels of column '\(c.descriptor.dottedPath)' do not match the other columns of the record")
        }
    }
}
