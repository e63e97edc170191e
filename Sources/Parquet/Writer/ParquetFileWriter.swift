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
/// dictionary page or PLAIN values, compressed with Snappy or not at all. A row group can be
/// built from many batches with ``append(_:)``: pages are encoded as they fill, and only the
/// encoded pages of the open row group are held until it is written (``flushRowGroup()``).
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
    /// The column builders of the row group being built, and its record count.
    private var openGroup: [ColumnChunkBuilder]?
    private var openRows = 0

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
    /// ``ParquetWriterOptions/maxRowGroupRows`` records each: ``append(_:)`` and then
    /// ``flushRowGroup()`` (so records appended before go into the same row group).
    ///
    /// The batch must hold a ``ColumnData`` for every leaf of the schema, in schema order,
    /// each with `batch.numRows` records. The whole batch is checked before anything is
    /// written, so a rejected batch leaves the file unchanged and the writer usable.
    ///
    /// - Throws: `.invalidArgument` when the batch does not fit the schema (column count,
    ///   path, physical type, levels, value counts); `.unsupported` for a page beyond
    ///   Parquet's 2 GiB limits; whatever the output throws.
    public func write(_ batch: RecordBatch) throws {
        try append(batch)
        try flushRowGroup()
    }

    /// Adds the records of `batch` to the row group being built, starting one if none is
    /// open. Pages are encoded and compressed as they fill and held until the row group is
    /// written: by ``flushRowGroup()``, by ``close()``, or when it reaches
    /// ``ParquetWriterOptions/maxRowGroupRows`` records (a batch may then be split over
    /// several row groups). Memory: the encoded pages of the open row group, less than a page
    /// of not yet encoded records per column (at most ``maxUnencodedBytes`` over all columns),
    /// and the batch itself while it is being encoded.
    ///
    /// The batch is checked as in ``write(_:)``; a rejected batch changes nothing.
    public func append(_ batch: RecordBatch) throws {
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
        var cursors = [ColumnCursor](repeating: ColumnCursor(), count: columns.count)
        var remaining = batch.numRows
        do {
            while remaining > 0 {
                var builders = openGroup ?? columns.map { ColumnChunkBuilder(descriptor: $0, options: options) }
                openGroup = nil
                let room = options.maxRowGroupRows.map { Swift.max(1, $0 - openRows) } ?? remaining
                let rows = Swift.min(room, remaining)
                var unencoded = 0
                for i in columns.indices {
                    var slice = cursors[i].take(rows, of: batch.columns[i])
                    slice.data.descriptor = columns[i]
                    try withContext(file: nil, column: columns[i].dottedPath) { try builders[i].append(slice) }
                    unencoded += builders[i].pendingBytes
                }
                if unencoded > Self.maxUnencodedBytes {
                    for i in builders.indices {
                        try withContext(file: nil, column: columns[i].dottedPath) { try builders[i].flushPending() }
                    }
                }
                openGroup = builders
                openRows += rows
                remaining -= rows
                if let limit = options.maxRowGroupRows, openRows >= limit { try writeOpenGroup() }
            }
        } catch {
            state = .failed
            throw error
        }
    }

    /// Writes the row group being built, if it holds any record.
    public func flushRowGroup() throws {
        try requireOpen()
        do {
            try writeOpenGroup()
        } catch {
            state = .failed
            throw error
        }
    }

    /// Records appended to the row group being built and not written yet.
    public var bufferedRows: Int { openRows }

    /// Most bytes of records held unencoded over all columns of the open row group; past it,
    /// every column encodes what it holds as a (short) page.
    public static let maxUnencodedBytes = 16 << 20

    /// Writes the footer (FileMetaData), its length and the closing magic, and returns the
    /// footer. The writer accepts nothing afterwards.
    @discardableResult
    public func close() throws -> FileMetaData {
        try flushRowGroup()
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

    /// Copies `count` bytes of `file` from `offset` as they are, in pieces of at most
    /// ``copyPieceBytes``, and returns the output offset they start at (row-group copies).
    func appendRaw(from file: any RandomAccessSource, at offset: Int64, count: Int64) throws -> Int64 {
        try appendingRaw {
            var done: Int64 = 0
            while done < count {
                let piece = Int(Swift.min(Int64(Self.copyPieceBytes), count - done))
                try output.write(try file.read(at: offset + done, count: piece))
                done += Int64(piece)
            }
        }
    }

    /// Writes `bytes` as they are (a column chunk read whole) and returns their output offset.
    func appendRaw(_ bytes: [UInt8]) throws -> Int64 {
        try appendingRaw { try output.write(bytes) }
    }

    private func appendingRaw(_ write: () throws -> Void) throws -> Int64 {
        try requireOpen()
        guard openRows == 0 else {
            throw ParquetError(.invalidArgument, "a row group cannot be copied while \(openRows) appended records wait in an open row group")
        }
        let at = output.offset
        do {
            try write()
        } catch {
            state = .failed
            throw error
        }
        return at
    }

    /// Size of the pieces a row-group copy reads and writes.
    static let copyPieceBytes = 4 << 20

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

    /// Writes the open row group's chunks one after another: dictionary page, data pages.
    private func writeOpenGroup() throws {
        guard var builders = openGroup, openRows > 0 else {
            openGroup = nil
            return
        }
        openGroup = nil
        var group = RowGroup()
        group.numRows = Int64(openRows)
        group.fileOffset = output.offset
        group.columns.reserveCapacity(builders.count)
        var compressed: Int64 = 0
        for i in builders.indices {
            let encoded = try withContext(file: nil, column: builders[i].descriptor.dottedPath) { try builders[i].finish() }
            var meta = encoded.metaData
            let start = output.offset
            if let page = encoded.dictionaryPage {
                meta.dictionaryPageOffset = start
                try output.write(page)
            }
            meta.dataPageOffset = output.offset
            for page in encoded.dataPages { try output.write(page) }
            var chunk = ColumnChunk()
            chunk.fileOffset = start
            chunk.metaData = meta
            group.totalByteSize += meta.totalUncompressedSize
            compressed += meta.totalCompressedSize
            group.columns.append(chunk)
        }
        group.totalCompressedSize = compressed
        group.ordinal = Int16(exactly: rowGroups.count)
        rowGroups.append(group)
        numRows += Int64(openRows)
        openRows = 0
    }
}
