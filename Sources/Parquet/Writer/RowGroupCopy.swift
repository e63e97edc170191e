extension ParquetFileWriter {
    /// Whether the row groups of `reader` can be copied into this file byte for byte: the same
    /// leaf columns (paths, physical types, widths, levels), no encryption, chunk sizes that
    /// can be trusted, and every chunk compressed with this writer's codec. Never when the
    /// options set a ``ParquetWriterOptions/compressionLevel``: the source's level is not
    /// recorded in the file, so its pages are compressed again at the requested one.
    public func canCopyRowGroups(from reader: ParquetFileReader) -> Bool {
        let mine = schema.columns, theirs = reader.schema.columns
        guard mine.count == theirs.count, reader.quirks.chunkPadding == 0, options.compressionLevel == nil else {
            return false
        }
        for (a, b) in zip(mine, theirs) where a.path != b.path || a.physicalType != b.physicalType
            || a.typeLength != b.typeLength || a.maxDefinitionLevel != b.maxDefinitionLevel
            || a.maxRepetitionLevel != b.maxRepetitionLevel || a.kind != b.kind {
            return false
        }
        return reader.metadata.rowGroups.allSatisfy { group in
            group.columns.allSatisfy { chunk in
                !chunk.isEncrypted && chunk.filePath == nil && chunk.metaData?.codec == options.compression
            }
        }
    }

    /// Appends row group `index` of `reader` without decoding it: each column chunk's pages
    /// are copied as they are stored, and only the offsets in the footer are rewritten. Call
    /// only when ``canCopyRowGroups(from:)`` is true. Memory: one piece of a column chunk at a
    /// time. When `reader` verifies checksums (``ReadOptions/verifyChecksums``), each chunk's
    /// page CRCs are checked before it is written — in memory for a chunk of one piece, else by
    /// ``ParquetFileReader/verifyPageChecksums(rowGroup:column:)`` — so a copy fails where
    /// decoding the row group would.
    public func copyRowGroup(_ index: Int, from reader: ParquetFileReader) throws {
        guard canCopyRowGroups(from: reader), reader.metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(.invalidArgument, "row group \(index) of \(reader.path) cannot be copied into this file")
        }
        let source = reader.metadata.rowGroups[index]
        var group = RowGroup()
        group.numRows = source.numRows
        var chunks: [ColumnChunk] = []
        var compressed: Int64 = 0
        for (column, chunk) in zip(schema.columns, source.columns) {
            guard let metadata = chunk.metaData else {
                throw ParquetError(.corrupt, "column chunk has no metadata", file: reader.path, column: column.dottedPath)
            }
            var start = metadata.dataPageOffset
            let hasDictionary = (metadata.dictionaryPageOffset ?? 0) > 0 && (metadata.dictionaryPageOffset ?? 0) < start
            if hasDictionary, let offset = metadata.dictionaryPageOffset { start = offset }
            guard metadata.totalCompressedSize >= 0, metadata.totalCompressedSize <= Int64(Int32.max) * 4 else {
                throw ParquetError(.corrupt, "column chunk size \(metadata.totalCompressedSize) is out of range", file: reader.path, column: column.dottedPath)
            }
            // The data page must lie inside the bytes copied (its offset is moved with them),
            // and the sizes summed below must be sizes (values from the source's footer).
            guard metadata.dataPageOffset >= start, metadata.dataPageOffset &- start <= metadata.totalCompressedSize,
                  metadata.totalUncompressedSize >= 0 else {
                throw ParquetError(.corrupt, "column chunk offsets or sizes do not fit the chunk (data page at \(metadata.dataPageOffset), chunk \(start)+\(metadata.totalCompressedSize), uncompressed \(metadata.totalUncompressedSize))", file: reader.path, column: column.dottedPath)
            }
            let target: Int64
            if reader.options.verifyChecksums && metadata.totalCompressedSize <= Int64(Self.copyPieceBytes) {
                // A chunk of one piece is read once: its pages are checked in memory, then written.
                let bytes = try reader.file.read(at: start, count: Int(metadata.totalCompressedSize))
                try withContext(file: reader.path, column: column.dottedPath) {
                    try bytes.withUnsafeBytes { try PageChecksum.verifyPages(in: $0, at: start, rowGroup: index) }
                }
                target = try appendRaw(bytes)
            } else {
                if reader.options.verifyChecksums {
                    try reader.verifyPageChecksums(rowGroup: index, column: column.index)
                }
                target = try appendRaw(from: try reader.file, at: start, count: metadata.totalCompressedSize)
            }
            var copied = metadata
            let shift = target - start
            copied.dataPageOffset = metadata.dataPageOffset + shift
            copied.dictionaryPageOffset = hasDictionary ? start + shift : nil
            copied.indexPageOffset = nil
            // Bloom filters live outside the chunk's pages and are not copied.
            copied.bloomFilterOffset = nil
            copied.bloomFilterLength = nil
            var out = ColumnChunk()
            out.fileOffset = target
            out.metaData = copied
            chunks.append(out)
            compressed += metadata.totalCompressedSize
            group.totalByteSize = group.totalByteSize.addingReportingOverflow(metadata.totalUncompressedSize).overflow
                ? Int64.max : group.totalByteSize + metadata.totalUncompressedSize
        }
        group.fileOffset = chunks.first?.fileOffset
        group.columns = chunks
        group.totalCompressedSize = compressed
        try appendCopiedRowGroup(group)
    }
}
