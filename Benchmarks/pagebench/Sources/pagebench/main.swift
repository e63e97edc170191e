// pagebench CODEC PAGES RUNS: decodes every record of PAGES (Benchmarks/extract_pages.py) RUNS
// times with brotli, lz4 (LZ4Hadoop, which falls back to a raw block), lz4raw or snappy; prints a hash
// of every 4093rd output byte (of every byte with VERIFY=1 in the environment) to compare builds.
import Foundation
import ParquetCodecs
let a = CommandLine.arguments
guard a.count == 4, ["brotli", "lz4", "lz4raw", "snappy"].contains(a[1]), let runs = Int(a[3]), runs > 0,
      let contents = FileManager.default.contents(atPath: a[2]) else {
    FileHandle.standardError.write(Data("usage: pagebench brotli|lz4|lz4raw|snappy PAGES RUNS\n".utf8))
    exit(2)
}
let data = [UInt8](contents)
var pages: [(Int, Int, Int)] = []
var i = 0
while i + 8 <= data.count {
    let u = Int(data[i]) | Int(data[i+1]) << 8 | Int(data[i+2]) << 16 | Int(data[i+3]) << 24
    let c = Int(data[i+4]) | Int(data[i+5]) << 8 | Int(data[i+6]) << 16 | Int(data[i+7]) << 24
    guard c <= data.count - i - 8 else { FileHandle.standardError.write(Data("truncated pages file\n".utf8)); exit(1) }
    pages.append((i + 8, c, u)); i += 8 + c
}
let verify = ProcessInfo.processInfo.environment["VERIFY"] != nil
var total = 0
var hash: UInt64 = 0
let t0 = Date()
try data.withUnsafeBytes { raw in
    for _ in 0..<runs {
        for (at, c, u) in pages {
            let input = UnsafeRawBufferPointer(rebasing: raw[at..<(at + c)])
            let out: [UInt8]
            switch a[1] {
            case "brotli": out = try Brotli.decompress(input, expectedLength: u)
            case "lz4": out = try LZ4Hadoop.decompress(input, expectedLength: u)
            case "snappy": out = try Snappy.decompress(input, expectedLength: u)
            default: out = try LZ4Raw.decompress(input, expectedLength: u)
            }
            total += out.count
            for k in stride(from: 0, to: out.count, by: verify ? 1 : 4093) { hash = hash &* 31 &+ UInt64(out[k]) }
        }
    }
}
let dt = Date().timeIntervalSince(t0)
print("\(pages.count) pages, \(total) bytes, hash \(hash), \(String(format: "%.3f", dt)) s, \(String(format: "%.0f", Double(total) / dt / 1e6)) MB/s")
