extension Dataset {
    /// `count` distinct positions in `0 ..< total`, every subset of that size equally likely,
    /// in increasing order (Floyd's algorithm: `count` draws, memory proportional to `count`).
    /// All positions when `count >= total`; none when `count <= 0`.
    ///
    /// The positions depend only on the generator's outputs, so a seeded generator gives the
    /// same sample on every platform.
    public static func samplePositions<G: RandomNumberGenerator>(count: Int, total: Int64, using generator: inout G) -> [Int64] {
        guard count > 0, total > 0 else { return [] }
        guard Int64(count) < total else { return Array(0 ..< total) }
        var chosen = Set<Int64>(minimumCapacity: count)
        for j in (total - Int64(count)) ..< total {
            let t = Int64(uniform(below: UInt64(j) + 1, using: &generator))
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return chosen.sorted()
    }

    /// A uniform integer in `0 ..< bound` (`bound > 0`): Lemire's multiply-and-reject, using
    /// only `next()` of the generator so the result does not depend on the standard library.
    static func uniform<G: RandomNumberGenerator>(below bound: UInt64, using generator: inout G) -> UInt64 {
        var product = generator.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// Writes `count` records drawn uniformly from all the dataset's records (every set of
    /// `count` distinct records equally likely) to `path` as JSONL, in dataset order (file
    /// by file, then by position in the file). Fewer when the dataset holds fewer records.
    ///
    /// Positions are chosen from the footers' record counts first; then only the row groups
    /// holding chosen records are read, and of those only the pages holding them where an
    /// offset index allows (see ``ParquetFileReader/batches(columns:rowIndices:maxRowsPerBatch:)``).
    /// Several files are unified as for ``export(to:format:compression:compressionLevel:rowGroupSize:geometry:verifyChecksums:selection:durable:progress:)``.
    ///
    /// - Parameters:
    ///   - count: how many records to draw (at least 0).
    ///   - generator: the source of randomness; a seeded one makes the sample repeatable.
    ///   - path: the destination (`-` for standard output), written atomically.
    ///   - verifyChecksums: check the CRC-32 of every page read that has one (on by default).
    /// - Returns: the number of records written.
    @discardableResult
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G, to path: String = "-",
                                                 verifyChecksums: Bool = true) throws -> Int64 {
        // Descriptors closed: opened again only for the files sampled.
        let readers = try footers(options: ReadOptions(verifyChecksums: verifyChecksums))
        guard !readers.isEmpty else { return 0 }
        let unified = try UnifiedSchema(files: readers.map { ($0.path, $0.schema) })
        var fileStarts: [Int64] = []
        var running = RecordTotal()
        for reader in readers {
            fileStarts.append(running.value)
            try running.add(try reader.numRows, file: reader.path)
        }
        let total = running.value
        let positions = Self.samplePositions(count: count, total: total, using: &generator)
        let output = try ByteOutput(destination: path)
        return try output.committing {
            var sink = JSONLSink(output: output)
            try sink.begin(schema: unified.schema)
            var written: Int64 = 0
            var next = 0
            for (index, reader) in readers.enumerated() {
                let end = index + 1 < readers.count ? fileStarts[index + 1] : total
                var local: [Int64] = []
                while next < positions.count && positions[next] < end {
                    local.append(positions[next] - fileStarts[index])
                    next += 1
                }
                guard !local.isEmpty else { continue }
                try withContext(file: reader.path) {
                    var batches = try reader.batches(rowIndices: local, maxRowsPerBatch: Self.sampleBatchRows)
                    while let batch = try batches.next() {
                        try sink.write(try unified.convert(batch, fromFile: index))
                        written += Int64(batch.numRows)
                    }
                }
                reader.closeFile()
            }
            try sink.finish()
            return written
        }
    }

    /// Most sampled records decoded into one batch.
    static let sampleBatchRows = 65_536
}
