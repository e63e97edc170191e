// Bytes a row-range or filtered read takes from a file, counted through a CountingSource
// (issue 14 targets; driven by Benchmarks/filter_bench.py).
//
//     filterbench FILE [--columns A,B] [--rows START:END] [--where EXPR]
//         Opens FILE through CountingSource(FileSource), reads the batches of the selection
//         (`ParquetFileReader.batches(columns:rows:filter:)`, the filter then applied exactly
//         with `RecordBatch.filtered(by:)`), and prints one `key<TAB>value` line each:
//         the file's size, its column-chunk bytes split into dictionary pages and data pages
//         (page headers included), the reads and bytes the open and the batches asked of the
//         source, those bytes split by what they fall in (footer, column index, offset
//         index, bloom filter, dictionary pages, data pages, other), the records read and
//         the records kept.
import Foundation
import Parquet
import ParquetExport

let arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: filterbench FILE [--columns A,B] [--rows START:END] [--where EXPR]\n".utf8))
    exit(2)
}
var columns: [String]?
var rows: Range<Int64>?
var filter: RowGroupFilter?
var i = 1
while i + 1 < arguments.count {
    let value = arguments[i + 1]
    switch arguments[i] {
    case "--columns": columns = value.split(separator: ",").map(String.init)
    case "--rows":
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int64(parts[0]), let b = Int64(parts[1]), a <= b else { fatalError("bad --rows \(value)") }
        rows = a ..< b
    case "--where": filter = try FilterExpression.parse(value)
    default: fatalError("unknown option \(arguments[i])")
    }
    i += 2
}

let counting = CountingSource(try FileSource(path: path))
let reader = try ParquetFileReader(source: counting)
let size = try counting.base.size
var read: Int64 = 0, kept: Int64 = 0
var batches = try reader.batches(columns: columns, rows: rows, filter: filter)
while let batch = try batches.next() {
    read += Int64(batch.numRows)
    kept += Int64(try filter.map { try batch.filtered(by: $0).numRows } ?? batch.numRows)
}

// What each byte of the file is, from the footer.
enum Kind: String, CaseIterable { case footer, columnIndex = "column index", offsetIndex = "offset index", bloom = "bloom filter",
                                       dictionary = "dictionary pages", data = "data pages", other }
var regions: [(Range<Int64>, Kind)] = []
let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
try handle.seek(toOffset: UInt64(size - 8))
let tail = [UInt8](try handle.readToEnd() ?? Data())
let footerLength = Int64(tail[0]) | Int64(tail[1]) << 8 | Int64(tail[2]) << 16 | Int64(tail[3]) << 24
regions.append((size - 8 - footerLength ..< size, .footer))
var chunkBytes = (dictionary: Int64(0), data: Int64(0))
for group in reader.metadata.rowGroups {
    for chunk in group.columns {
        guard let md = chunk.metaData else { continue }
        var start = md.dataPageOffset
        if let d = md.dictionaryPageOffset, d > 0, d < start {
            start = d
            regions.append((d ..< md.dataPageOffset, .dictionary))
            chunkBytes.dictionary += md.dataPageOffset - d
        }
        regions.append((md.dataPageOffset ..< start + md.totalCompressedSize, .data))
        chunkBytes.data += start + md.totalCompressedSize - md.dataPageOffset
        if let o = chunk.columnIndexOffset, let l = chunk.columnIndexLength { regions.append((o ..< o + Int64(l), .columnIndex)) }
        if let o = chunk.offsetIndexOffset, let l = chunk.offsetIndexLength { regions.append((o ..< o + Int64(l), .offsetIndex)) }
        if let o = md.bloomFilterOffset { regions.append((o ..< o + Int64(md.bloomFilterLength ?? 0), .bloom)) }
    }
}
var byKind: [Kind: Int64] = [:]
for range in counting.ranges {
    var covered: Int64 = 0
    for (region, kind) in regions {
        let overlap = max(0, min(range.upperBound, region.upperBound) - max(range.lowerBound, region.lowerBound))
        if overlap > 0 { byKind[kind, default: 0] += overlap; covered += overlap }
    }
    byKind[.other, default: 0] += Int64(range.count) - covered
}
let distinct = Set(counting.ranges.flatMap { r in stride(from: r.lowerBound / 4096, through: max(r.lowerBound, r.upperBound - 1) / 4096, by: 1) })
var lines: [(String, String)] = [
    ("file bytes", "\(size)"),
    ("dictionary page bytes", "\(chunkBytes.dictionary)"),
    ("data page bytes", "\(chunkBytes.data)"),
    ("reads", "\(counting.reads)"),
    ("bytes read", "\(counting.bytesRead)"),
    ("4 KiB blocks touched", "\(distinct.count)"),
]
for kind in Kind.allCases { lines.append(("read: \(kind.rawValue)", "\(byKind[kind] ?? 0)")) }
lines += [("records read", "\(read)"), ("records kept", "\(kept)"), ("row groups skipped", "\(batches.rowGroupsSkipped)")]
print(lines.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n"))
