/// Writes a Parquet file: record batches in, row groups out, footer on ``close()``.
///
/// ```swift
/// let output = MemoryByteWriter()
/// let writer = try ParquetFileWriter(output: output, schema: schema)
/// try writer.write(batch)            // one row group (or several with maxRowGroupRows)
/// let footer = try writer.close()    // footer, its length and the closing "PAR1"
/// ```
///
/// Pages are data page v1 with RLE levels and either RLE_DICTIONARY values behind a PLAIN
/// dictionary page or PLAIN values, compressed with Snappy or not at all. Column chunks are
/// encoded and written one after another, page by page, so memory stays near one column
/// chunk's encoding state beyond the batch itself.
///
/// A batch with 0 rows writes nothing (no empty row group). After any error the writer is
/// unusable: later calls throw, and the output holds an incomplete file.
public final class ParquetFileWriter {
    /// The schema being written (leaf columns in file order).
    public let schema: Schema
    /// The settings in effect.
    public let options: ParquetWriterOptions
    private let output: CountingOutput
    private let elements: [SchemaElement]
    private var rowGroups: [RowGroup] = []
    private var numRows: Int64 = 0
    private var state = State.open

    private enum State { case open, closed, failed }

    /// The file's magic bytes, at its start and its end.
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Starts a file on `output` and writes the leading magic "PAR1".
    ///
    /// - Throws: `.unsupported` for a codec the writer cannot write (see
    ///   ``CompressionCodec/writable``) or a schema the writer cannot express (FIXED_LEN_BYTE_ARRAY without a length, a group without fields);
    ///   `.invalidArgument` for out-of-range options (a compression level among them); whatever `output` throws.
    public init(output: ByteWriter, schema: Schema, options: ParquetWriterOptions = .init()) throws {
        try options.validate()
        self.schema = schema
        self.options = options
        self.elements = try WriterSchema.elements(of: schema)
        self.output = CountingOutput(output)
        try self.output.write(Self.magic)
    }

    /// Number of records written so far.
    public var rowsWritten: Int64 { numRows }

    /// Writes `batch` as one row group, or as several of at most
    /// ``ParquetWriterOptions/maxRowGroupRows`` records each.
    ///
    /// The batch must hold a ``ColumnData`` for every leaf of the schema, in schema order,
    /// each with `batch.numRows` records. The whole batch is checked before anything is
    /// written, so a rejected batch leaves the file unchanged and the writer usable.
    ///
    /// - Throws: `.invalidArgument` when the batch does not fit the schema (column count,
    ///   path, physical type, levels, value counts); `.unsupported` for a page beyond
    ///   Parquet's 2 GiB limits; whatever the output throws.
    public func write(_ batch: RecordBatch) throws {
        try requireOpen()
        let columns = schema.columns
        guard batch.numRows >= 0 else {
            throw ParquetError(.invalidArgument, "a batch has a negative row count \(batch.numRows)")
        }
        guard batch.columns.count == columns.count else {
            throw ParquetError(.invalidArgument, "the batch has \(batch.columns.count) columns but the schema has \(columns.count)")
        }
        for (column, descriptor) in zip(batch.columns, columns) {
            try ColumnValidation.check(column, against: descriptor, rows: batch.numRows)
        }
        guard batch.numRows > 0 else { return }
        let groupRows = options.maxRowGroupRows ?? batch.numRows
        var cursors = [ColumnCursor](repeating: ColumnCursor(), count: columns.count)
        var remaining = batch.numRows
        do {
            while remaining > 0 {
                let rows = Swift.min(groupRows, remaining)
                var slices: [ColumnSlice] = []
                slices.reserveCapacity(columns.count)
                for i in columns.indices {
                    var slice = cursors[i].take(rows, of: batch.columns[i])
                    slice.data.descriptor = columns[i]
                    slices.append(slice)
                }
                try writeRowGroup(slices, rows: rows)
                remaining -= rows
            }
        } catch {
            state = .failed
            throw error
        }
    }

    /// Writes the footer (FileMetaData), its length and the closing magic, and returns the
    /// footer. The writer accepts nothing afterwards.
    @discardableResult
    public func close() throws -> FileMetaData {
        try requireOpen()
        var meta = FileMetaData()
        meta.version = 1
        meta.schema = elements
        meta.numRows = numRows
        meta.rowGroups = rowGroups
        meta.keyValueMetadata = options.keyValueMetadata
        meta.createdBy = options.createdBy
        meta.columnOrders = [ColumnOrder](repeating: .typeDefined, count: schema.columns.count)
        let footer = meta.thriftCompactBytes()
        do {
            guard let length = UInt32(exactly: footer.count) else {
                throw ParquetError.unsupported("the footer is larger than 4 GiB")
            }
            try output.write(footer)
            try output.write(withUnsafeBytes(of: length.littleEndian) { Array($0) } + Self.magic)
        } catch {
            state = .failed
            throw error
        }
        state = .closed
        return meta
    }

    private func requireOpen() throws {
        switch state {
        case .open: return
        case .closed: throw ParquetError(.invalidArgument, "the Parquet writer is already closed")
        case .failed: throw ParquetError(.invalidArgument, "the Parquet writer failed earlier and cannot continue")
        }
    }

    /// Writes bytes as they are and returns the offset they start at (row-group copies).
    func appendRaw(_ bytes: [UInt8]) throws -> Int64 {
        try requireOpen()
        let at = output.offset
        do {
            try output.write(bytes)
        } catch {
            state = .failed
            throw error
        }
        return at
    }

    /// Records a row group whose chunks were appended with ``appendRaw(_:)``.
    func appendCopiedRowGroup(_ group: RowGroup) throws {
        try requireOpen()
        // The row count comes from another file's footer: it must not be negative or
        // overflow the total.
        let (total, overflow) = numRows.addingReportingOverflow(group.numRows)
        guard group.numRows >= 0, !overflow else {
            throw ParquetError(.corrupt, "a copied row group's row count \(group.numRows) is out of range")
        }
        var group = group
        group.ordinal = Int16(exactly: rowGroups.count)
        rowGroups.append(group)
        numRows = total
    }

    private func writeRowGroup(_ slices: [ColumnSlice], rows: Int) throws {
        var group = RowGroup()
        group.numRows = Int64(rows)
        group.fileOffset = output.offset
        group.columns.reserveCapacity(slices.count)
        var compressed: Int64 = 0
        for slice in slices {
            let writer = ColumnChunkWriter(descriptor: slice.data.descriptor, options: options)
            let chunk = try withContext(file: nil, column: slice.data.descriptor.dottedPath) {
                try writer.write(slice, to: output)
            }
            group.totalByteSize += chunk.metaData?.totalUncompressedSize ?? 0
            compressed += chunk.metaData?.totalCompressedSize ?? 0
            group.columns.append(chunk)
        }
        group.totalCompressedSize = compressed
        group.ordinal = Int16(exactly: rowGroups.count)
        rowGroups.append(group)
        numRows += Int64(rows)
    }
}
