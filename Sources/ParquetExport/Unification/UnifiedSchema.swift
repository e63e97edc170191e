import Parquet

/// The unified schema of several files and how to convert each file's batches to it.
///
/// Computed from the footers alone, before any data is read. The rules:
/// - Top-level fields are matched by name; the output order is the first file's. A field
///   missing from a file, or an extra field, is an error (kind `.invalidArgument`) naming the
///   column and both files. Struct fields follow the same rule (same set of names, the first
///   file's order); the inner nodes of lists and maps are matched by position, so `list.item`
///   pairs with `list.element`, but a 2-level list does not pair with a 3-level one.
/// - The same type (value kind, physical type and width) is kept, with the first file's
///   schema element and annotations.
/// - A null-typed column (the Null logical type pandas/pyarrow write for an all-None column)
///   takes the other files' type, whatever its shape (even a list, map or struct); its batches
///   convert to all-null. When every file has it null-typed it stays null-typed.
/// - Required + optional → optional, at any node (group or leaf), and a field that is
///   null-typed in some file becomes optional; definition levels are remapped. Repeated must
///   match repeated.
/// - Integers: all signed → the widest width; all unsigned → the widest unsigned width; signed
///   mixed with unsigned → signed of max(signed widths, 2 × unsigned widths), capped at 64;
///   UINT64 mixed with signed is an error. Widths up to 32 are stored as INT32, 64 as INT64;
///   8/16-bit and unsigned widths carry the INTEGER logical type and legacy converted type.
///   Integer + FLOAT/DOUBLE → DOUBLE; FLOAT + DOUBLE → DOUBLE.
/// - TIMESTAMP of different units → the finest unit (values scaled; an overflow is an error
///   naming column and file); adjusted to UTC mixed with local is an error. INT96 counts as
///   TIMESTAMP(NANOS, local) and converts to INT64 nanoseconds. TIME likewise.
/// - DECIMAL(p1,s1) + DECIMAL(p2,s2) → DECIMAL(max(p1−s1, p2−s2) + max(s1,s2), max(s1,s2));
///   above 38 digits is an error. Stored as INT32 up to 9 digits, INT64 up to 18, else the
///   narrowest FIXED_LEN_BYTE_ARRAY; when precision, scale and storage are the same in every
///   file the element is kept. Values are rescaled exactly.
/// - LIST / MAP / STRUCT are unified element by element and field by field; a list, a map, a
///   struct and a leaf never unify with each other.
/// - Anything else (string vs int64, string vs binary, date vs timestamp, ...) is an error
///   naming the column, both types and both files.
public struct UnifiedSchema: Sendable {
    /// The output schema (the first file's column order).
    public let schema: Schema
    /// The input paths, in input order.
    public let paths: [String]
    private let plans: [FilePlan]

    /// Computed from the footers alone. `files` are (path, schema) pairs in input order.
    ///
    /// - Throws: ``ParquetError`` of kind `.invalidArgument` when the schemas cannot be unified
    ///   (the message names the column, both types where relevant, and both files), or when
    ///   `files` is empty.
    public init(files: [(path: String, schema: Schema)]) throws {
        guard let first = files.first else {
            throw ParquetError(.invalidArgument, "there are no files to unify")
        }
        paths = files.map(\.path)
        let merger = SchemaMerger(paths: paths)
        var merged = MergedNode(node: first.schema.root, origin: 0)
        for index in files.indices.dropFirst() {
            merged = try merger.mergeRoot(merged, files[index].schema.root, file: index)
        }
        var elements: [SchemaElement] = []
        merged.appendElements(to: &elements)
        let unified: Schema
        do {
            unified = try Schema(elements: elements)
        } catch let error as ParquetError {
            throw ParquetError(.invalidArgument, "internal error: the unified schema is invalid: \(error.message)")
        }
        schema = unified
        plans = try files.enumerated().map { index, file in
            do {
                let plan = try FilePlan(merged: merged, file: index, sourceColumnCount: file.schema.columns.count)
                guard plan.leaves.count == unified.columns.count else {
                    throw ParquetError(.invalidArgument, "internal error: \(plan.leaves.count) planned columns for \(unified.columns.count) unified ones")
                }
                return plan
            } catch let error as ParquetError {
                throw error.adding(file: file.path)
            }
        }
    }

    /// Whether batches of file `fileIndex` convert by swapping the schema alone.
    public func isUnchanged(fileIndex: Int) -> Bool {
        plans.indices.contains(fileIndex) && plans[fileIndex].isIdentity
    }

    /// Converts a batch read from file number `fileIndex` to the unified schema.
    ///
    /// The result has one column per leaf of ``schema`` whose source column is in `batch`
    /// (all of them for an unprojected batch), in schema order, with the unified descriptors,
    /// remapped levels and converted values. A batch that needs no change comes back with
    /// only its schema and descriptors swapped.
    ///
    /// - Throws: ``ParquetError`` naming the file and column when a value does not fit the
    ///   unified type (a timestamp or decimal overflow), or when the batch's levels are malformed.
    public func convert(_ batch: RecordBatch, fromFile fileIndex: Int) throws -> RecordBatch {
        guard plans.indices.contains(fileIndex) else {
            throw ParquetError(.invalidArgument, "file number \(fileIndex) is not one of the \(plans.count) unified files")
        }
        let plan = plans[fileIndex], path = paths[fileIndex]
        // Position of each source column in the batch.
        var positions = [Int](repeating: -1, count: plan.sourceColumnCount)
        for (position, column) in batch.columns.enumerated() {
            let index = column.descriptor.index
            guard index >= 0, index < positions.count else {
                throw ParquetError(.invalidArgument, "the batch has column \(index), which \(path) does not have", file: path,
                                   column: column.descriptor.dottedPath)
            }
            positions[index] = position
        }
        var result = batch
        result.schema = schema
        if plan.isIdentity {
            for i in result.columns.indices {
                result.columns[i].descriptor = schema.columns[result.columns[i].descriptor.index]
            }
            return result
        }
        var columns: [ColumnData] = []
        columns.reserveCapacity(plan.leaves.count)
        for (targetIndex, leaf) in plan.leaves.enumerated() {
            let position = positions[leaf.source]
            guard position >= 0 else { continue }
            let target = schema.columns[targetIndex]
            columns.append(try withContext(file: path, column: target.dottedPath) {
                try convertColumn(batch.columns[position].materialized(), leaf, target: target)
            })
        }
        result.columns = columns
        return result
    }

    private func convertColumn(_ column: ColumnData, _ leaf: LeafPlan, target: ColumnDescriptor) throws -> ColumnData {
        let count = column.levelCount
        guard count >= 0 else { throw ParquetError(.corrupt, "negative level count \(count)") }
        let definitionLevels: [UInt32], values: ColumnValues
        switch leaf {
        case .column(_, let map, let conversion):
            definitionLevels = try LevelRemap.definitionLevels(column, map: map, targetMax: target.maxDefinitionLevel)
            values = try conversion.apply(column.values)
        case .nullFill(_, let map):
            definitionLevels = try LevelRemap.definitionLevels(column, map: map, targetMax: target.maxDefinitionLevel)
            values = .empty(for: target.physicalType, typeLength: target.typeLength)
        }
        let repetitionLevels = try LevelRemap.repetitionLevels(column, targetMax: target.maxRepetitionLevel)
        return ColumnData(descriptor: target, definitionLevels: definitionLevels, repetitionLevels: repetitionLevels,
                          values: values, levelCount: count)
    }
}

/// Level arrays of a converted column.
enum LevelRemap {
    /// The definition levels through `map` (nil: unchanged). A column without levels (maximum
    /// 0) reads as all zeros.
    static func definitionLevels(_ column: ColumnData, map: [UInt32]?, targetMax: Int) throws -> [UInt32] {
        guard let map else { return column.definitionLevels }
        guard targetMax > 0, let zeroLevel = map.first else { return [] }
        let source = column.definitionLevels
        if source.isEmpty {
            return [UInt32](repeating: zeroLevel, count: column.levelCount)
        }
        guard source.count == column.levelCount else {
            throw ParquetError(.corrupt, "\(source.count) definition levels for \(column.levelCount) level entries")
        }
        return try map.withUnsafeBufferPointer { table in
            try source.withUnsafeBufferPointer { levels in
                var failure: UInt32?
                let result = [UInt32](unsafeUninitializedCapacity: levels.count) { out, initialized in
                    for i in 0 ..< levels.count {
                        let level = Int(levels[i])
                        guard level < table.count else {
                            failure = levels[i]
                            break
                        }
                        out[i] = table[level]
                        initialized = i + 1
                    }
                }
                if let failure {
                    throw ParquetError(.corrupt, "definition level \(failure) exceeds the column's maximum \(table.count - 1)")
                }
                return result
            }
        }
    }

    /// Repetition levels are kept (repeated nodes never change); a source without them gets
    /// zeros when the target needs them (a null-typed field filled as a list).
    static func repetitionLevels(_ column: ColumnData, targetMax: Int) throws -> [UInt32] {
        guard targetMax > 0 else { return [] }
        if column.repetitionLevels.isEmpty {
            return [UInt32](repeating: 0, count: column.levelCount)
        }
        guard column.repetitionLevels.count == column.levelCount else {
            throw ParquetError(.corrupt, "\(column.repetitionLevels.count) repetition levels for \(column.levelCount) level entries")
        }
        return column.repetitionLevels
    }
}
