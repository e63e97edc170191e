/// Cell texts of a batch, back to back in one buffer: field after field, row after row.
/// Cell `i` (= field × rows + row) is `bytes[ends[i - 1] ..< ends[i]]` (with `ends[-1]` = 0).
/// One buffer for all fields lets the sinks interleave rows with plain memory copies.
struct FieldTexts {
    var bytes: [UInt8] = []
    var ends: [Int] = []

    mutating func reset(cells: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ends.reserveCapacity(cells)
    }

    @inline(__always) mutating func endRow() { ends.append(bytes.count) }

    @inline(__always) func range(_ row: Int) -> Range<Int> {
        (row == 0 ? 0 : ends[row - 1]) ..< ends[row]
    }
}

/// Formats one nested top-level field of a batch into per-row cells, as JSON or CSV text.
///
/// Used for fields that are not flat leaves (those are written by ``BatchTexts`` directly):
/// anything nested is assembled from its leaves' levels by ``RecordAssembler`` (in `Parquet`)
/// and written as compact JSON by ``JSONRecordBuilder`` (one CSV field holds that JSON text).
struct FieldFormatter: Sendable {
    let style: TextStyle
    let shape: FieldShape
    var geometry: GeometryEncoding = .wkt

    /// Appends one cell per row of `batch` to `out`, assembled from the field's leaves.
    func format(_ batch: RecordBatch, into out: inout FieldTexts) throws {
        let rows = batch.numRows
        var assembler = try RecordAssembler(shape: shape, batch: batch)
        var builder = try JSONRecordBuilder(assembler, geometry: geometry)
        if style == .json {
            // The builder writes straight into the cells' buffer.
            swap(&builder.out, &out.bytes)
            defer { swap(&builder.out, &out.bytes) }
            for _ in 0 ..< rows {
                try assembler.assembleRecord(into: &builder)
                out.ends.append(builder.out.count)
            }
        } else {
            for _ in 0 ..< rows {
                builder.out.removeAll(keepingCapacity: true)
                try assembler.assembleRecord(into: &builder)
                if builder.out != nullText {
                    builder.out.withUnsafeBytes { CSVText.appendField($0, to: &out.bytes) }
                }
                out.endRow()
            }
        }
        try assembler.checkConsumed()
    }
}
