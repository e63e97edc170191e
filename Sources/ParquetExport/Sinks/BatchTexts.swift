import Foundation

/// Formats every top-level field of a batch into per-row text, reusing its buffers from
/// batch to batch. Shared by the text sinks (JSONL, CSV).
///
/// Fields are split into two parts formatted in parallel (the split follows the text sizes of
/// the previous batch, so both halves take about as long); each part's cells sit back to back
/// in one buffer, field-major (see ``FieldTexts``), and ``rowsText(prefixes:suffix:)``
/// interleaves them into rows with memory copies.
struct BatchTexts {
    private(set) var names: [String] = []
    private var formatters: [FieldFormatter] = []
    private var parts = [FieldTexts(), FieldTexts()]
    /// Fields `0 ..< split` go to part 0 of the next batch, the rest to part 1.
    private var split: Int
    /// The split the current cells were formatted with.
    private var cellsSplit = 0
    /// Text bytes each field produced in the last batch (the cost estimate for the split).
    private var fieldBytes: [Int]
    private(set) var rows = 0

    /// Batches smaller than this are formatted on the calling thread alone.
    static let parallelRows = 512

    init(schema: Schema, style: TextStyle, geometry: GeometryEncoding = .wkt) throws {
        names = schema.fields.map(\.name)
        formatters = try schema.fields.map { field in
            try withContext(column: field.name) { FieldFormatter(style: style, shape: try FieldShape(node: field), geometry: geometry) }
        }
        split = (names.count + 1) / 2
        fieldBytes = Array(repeating: 1, count: names.count)
    }

    /// Formats `batch`, whose schema must have the fields this was made for.
    mutating func format(_ batch: RecordBatch) throws {
        guard batch.schema.fields.map(\.name) == names else {
            throw ParquetError(.invalidArgument, "a batch's fields (\(batch.schema.fields.map(\.name))) differ from the output's (\(names))")
        }
        rows = batch.numRows
        cellsSplit = split
        let ranges = [0 ..< split, split ..< formatters.count]
        let formatters = self.formatters, names = self.names, rows = self.rows
        @Sendable func run(_ part: Int, _ cells: inout FieldTexts, _ sizes: UnsafeMutableBufferPointer<Int>) throws {
            cells.reset(cells: rows * ranges[part].count)
            for index in ranges[part] {
                let before = cells.bytes.count
                try withContext(column: names[index]) { try formatters[index].format(batch, into: &cells) }
                sizes[index] = cells.bytes.count - before
            }
        }
        var errors: [Error?] = [nil, nil]
        try fieldBytes.withUnsafeMutableBufferPointer { sizes in
            try parts.withUnsafeMutableBufferPointer { parts in
                if rows < Self.parallelRows || ranges[1].isEmpty {
                    try run(0, &parts[0], sizes)
                    try run(1, &parts[1], sizes)
                    return
                }
                nonisolated(unsafe) let parts = parts, sizes = sizes
                nonisolated(unsafe) var failures = errors
                failures.withUnsafeMutableBufferPointer { failures in
                    nonisolated(unsafe) let failures = failures
                    DispatchQueue.concurrentPerform(iterations: 2) { part in
                        do { try run(part, &parts[part], sizes) } catch { failures[part] = error }
                    }
                }
                errors = failures
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
        rebalance()
    }

    /// Moves the split so that both parts held about half of the last batch's text.
    private mutating func rebalance() {
        let total = fieldBytes.reduce(0, +)
        var sum = 0, best = split, bestGap = Int.max
        for k in 1 ..< max(2, fieldBytes.count) {
            sum += fieldBytes[k - 1]
            let gap = abs(total - 2 * sum)
            if gap < bestGap { bestGap = gap; best = k }
        }
        split = min(best, fieldBytes.count)
    }

    /// Writes every row to `output` — `prefixes[f]` before field `f`'s cell, then `suffix` —
    /// in pieces of about ``pieceBytes`` (each handed to the output as one block), so the
    /// rows' text is never held whole besides the cells.
    func writeRows(prefixes: [[UInt8]], suffix: [UInt8], to output: ByteOutput) throws {
        let rows = self.rows
        guard rows > 0 else { return }
        let fixed = prefixes.reduce(0) { $0 + $1.count } + suffix.count
        let total = parts[0].bytes.count + parts[1].bytes.count + rows * fixed
        let perPiece = Swift.max(1, rows / Swift.max(1, total / Self.pieceBytes))
        var start = 0
        while start < rows {
            let end = Swift.min(rows, start + perPiece)
            try output.write(rowsText(start ..< end, prefixes: prefixes, suffix: suffix, fixed: fixed))
            start = end
        }
    }

    /// About how many bytes of rows ``writeRows(prefixes:suffix:to:)`` hands over at a time.
    static let pieceBytes = 1 << 20

    /// Rows `range`: `prefixes[f]` before field `f`'s cell, then `suffix` (`fixed` is the
    /// prefixes' and suffix's bytes per row).
    private func rowsText(_ range: Range<Int>, prefixes: [[UInt8]], suffix: [UInt8], fixed: Int) -> [UInt8] {
        let fieldCount = formatters.count
        let rows = self.rows, split = cellsSplit
        // Bytes of the range's cells, field by field: cells of a field are consecutive.
        func cellBytes(_ part: FieldTexts, fields: Int) -> Int {
            var sum = 0
            for f in 0 ..< fields {
                let first = f * rows + range.lowerBound, last = f * rows + range.upperBound - 1
                sum += part.ends[last] - (first == 0 ? 0 : part.ends[first - 1])
            }
            return sum
        }
        let total = cellBytes(parts[0], fields: split) + cellBytes(parts[1], fields: fieldCount - split) + range.count * fixed
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            guard let base = out.baseAddress else { initialized = 0; return }
            var at = 0
            func copy(_ source: UnsafeBufferPointer<UInt8>) {
                guard let from = source.baseAddress, source.count > 0, at + source.count <= total else { return }
                (base + at).update(from: from, count: source.count)
                at += source.count
            }
            parts[0].bytes.withUnsafeBufferPointer { bytes0 in
                parts[0].ends.withUnsafeBufferPointer { ends0 in
                    parts[1].bytes.withUnsafeBufferPointer { bytes1 in
                        parts[1].ends.withUnsafeBufferPointer { ends1 in
                            prefixes.withUnsafeBufferPointer { prefixes in
                                suffix.withUnsafeBufferPointer { suffix in
                                    for row in range {
                                        for field in 0 ..< fieldCount {
                                            prefixes[field].withUnsafeBufferPointer { copy($0) }
                                            let (bytes, ends, cell) = field < split
                                                ? (bytes0, ends0, field * rows + row)
                                                : (bytes1, ends1, (field - split) * rows + row)
                                            let start = cell == 0 ? 0 : ends[cell - 1]
                                            copy(UnsafeBufferPointer(rebasing: bytes[start ..< ends[cell]]))
                                        }
                                        copy(suffix)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialized = at
        }
    }
}

