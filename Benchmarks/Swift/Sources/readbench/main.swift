// Columnar read benchmark of the Parquet reader through its sources.
//
//     readbench SOURCE RUNS FILE...
//         Decodes every column of every FILE into batches (the default batch limits), RUNS
//         times, through SOURCE: `file` (ParquetFileReader(path:)), `memory` (the files'
//         bytes read into memory first, untimed; ParquetFileReader(data:)), or `async` (the
//         bytes in memory behind AsyncSourceAdapter, ParquetFileReader.open(source:) and
//         `for try await`). Prints `source<TAB>files<TAB>rows<TAB>values<TAB>median seconds<TAB>best
//         seconds<TAB>median CPU seconds<TAB>best CPU seconds` (of opening the readers and
//         decoding; wall-clock, then CPU time of the process).
import Foundation
import Parquet
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 4, let runs = Int(arguments[2]), runs > 0, ["file", "memory", "async"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: readbench file|memory|async RUNS FILE...\n".utf8))
    exit(2)
}
let mode = arguments[1]
let paths = Array(arguments[3...])
let contents: [Data] = mode == "file" ? [] : try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }

/// Rows and non-null values decoded from one batch.
func count(_ batch: RecordBatch) -> (Int, Int) {
    (batch.numRows, batch.columns.reduce(0) { $0 + $1.values.count })
}

func readAll() async throws -> (rows: Int, values: Int) {
    var rows = 0, values = 0
    for (i, path) in paths.enumerated() {
        switch mode {
        case "file", "memory":
            let reader = mode == "file" ? try ParquetFileReader(path: path) : try ParquetFileReader(data: contents[i], name: path)
            var batches = try reader.batches()
            while let batch = try batches.next() {
                let (r, v) = count(batch)
                rows += r
                values += v
            }
        default:
            let reader = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(contents[i], name: path)))
            for try await batch in try reader.batches() {
                let (r, v) = count(batch)
                rows += r
                values += v
            }
        }
    }
    return (rows, values)
}

/// CPU seconds of this process so far (user + system), the measure that stays meaningful on a
/// loaded machine.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

var times: [Double] = []
var cpu: [Double] = []
var result = (rows: 0, values: 0)
for _ in 0 ..< runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    result = try await readAll()
    cpu.append(cpuSeconds() - cpuStart)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
times.sort()
cpu.sort()
print([mode, "\(paths.count)", "\(result.rows)", "\(result.values)",
       String(format: "%.4f", times[times.count / 2]), String(format: "%.4f", times[0]),
       String(format: "%.4f", cpu[cpu.count / 2]), String(format: "%.4f", cpu[0])].joined(separator: "\t"))
