// Decode-speed benchmark of the Parquet module's codecs (see Benchmarks/bench_codecs.py).
//
//     codecbench MANIFEST RUNS
//
// MANIFEST: one case per line, `name<TAB>codec<TAB>compressed file<TAB>original file`, codec
// one of snappy, gzip, zstd, lz4_raw, lz4_hadoop, brotli. Each case is decoded RUNS times
// (after one checked warm-up run whose output must equal the original file); prints
// `name<TAB>codec<TAB>best seconds<TAB>decompressed bytes` per case.
import Foundation
import Parquet

func load(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return [UInt8](data)
}

func decoder(_ codec: String) -> ((UnsafeRawBufferPointer, Int) throws -> [UInt8])? {
    switch codec {
    case "snappy": return { try Snappy.decompress($0, expectedLength: $1) }
    case "gzip": return { try Gzip.decompress($0, expectedLength: $1) }
    case "zstd": return { try Zstd.decompress($0, expectedLength: $1) }
    case "lz4_raw": return { try LZ4Raw.decompress($0, expectedLength: $1) }
    case "lz4_hadoop": return { try LZ4Hadoop.decompress($0, expectedLength: $1) }
    case "brotli": return { try Brotli.decompress($0, expectedLength: $1) }
    default: return nil
    }
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

let args = CommandLine.arguments
guard args.count == 3, let runs = Int(args[2]), runs > 0,
      let manifest = try? String(contentsOfFile: args[1], encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: codecbench MANIFEST RUNS\n".utf8))
    exit(2)
}
var failed = false
for line in manifest.split(separator: "\n") {
    let f = line.split(separator: "\t").map(String.init)
    guard f.count == 4, let decode = decoder(f[1]) else {
        FileHandle.standardError.write(Data("bad manifest line: \(line)\n".utf8))
        exit(2)
    }
    do {
        let compressed = try load(f[2])
        let original = try load(f[3])
        let n = original.count
        var best = Double.infinity
        try compressed.withUnsafeBytes { input in
            let first = try decode(input, n)
            guard first == original else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: f[2]])
            }
            let clock = ContinuousClock()
            for _ in 0..<runs {
                var out: [UInt8] = []
                let t = clock.measure { out = (try? decode(input, n)) ?? [] }
                guard out.count == n else {
                    throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: f[2]])
                }
                best = min(best, seconds(t))
            }
        }
        print("\(f[0])\t\(f[1])\t\(best)\t\(n)")
    } catch {
        FileHandle.standardError.write(Data("\(f[0]) \(f[1]): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
