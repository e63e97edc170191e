// Compression benchmark of the ParquetCodecs encoders (driven by Benchmarks/compression.py).
//
//     compressbench encode CODEC LEVEL INPUT OUTPUT
//         compresses the file INPUT in one call and writes the result to OUTPUT.
//     compressbench bench PAGES LENGTHS CODEC LEVEL RUNS [OUTPUT]
//         PAGES holds page bodies back to back, LENGTHS their sizes (one decimal per line).
//         Compresses every page separately (as the Parquet writer does), RUNS times; the first
//         run is checked by decoding every page with the ParquetCodecs decoder. Prints
//         `codec<TAB>level<TAB>pages<TAB>input bytes<TAB>output bytes<TAB>best seconds`.
//         With OUTPUT, the first run's compressed pages are written there back to back, and
//         OUTPUT.lengths their sizes, for the driver to check with the C libraries.
//
// CODEC is one of the keys of `codecs` below (a codec's entry: compress, decompress).
import Foundation
import ParquetCodecs

struct Codec {
    let compress: (UnsafeRawBufferPointer, Int) -> [UInt8]
    let decompress: (UnsafeRawBufferPointer, Int) throws -> [UInt8]
}

let codecs: [String: Codec] = [
    "gzip": Codec(compress: { Gzip.compress($0, level: $1) },
                  decompress: { try Gzip.decompress($0, expectedLength: $1) }),
    "lz4_raw": Codec(compress: { LZ4Raw.compress($0, level: $1) },
                     decompress: { try LZ4Raw.decompress($0, expectedLength: $1) }),
    "snappy": Codec(compress: { input, _ in Snappy.compress(input) },
                    decompress: { try Snappy.decompress($0, expectedLength: $1) }),
]

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("compressbench: \(message)\n".utf8))
    exit(2)
}

func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return [UInt8](data)
}

func store(_ bytes: [UInt8], _ path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fail("cannot write \(path)") }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

let args = Array(CommandLine.arguments.dropFirst())
guard let mode = args.first else { fail("usage: compressbench encode|bench ...") }
switch mode {
case "encode":
    guard args.count == 5, let codec = codecs[args[1]], let level = Int(args[2]) else {
        fail("usage: compressbench encode CODEC LEVEL INPUT OUTPUT")
    }
    let input = load(args[3])
    store(input.withUnsafeBytes { codec.compress($0, level) }, args[4])

case "bench":
    guard args.count == 6 || args.count == 7, let codec = codecs[args[3]], let level = Int(args[4]),
          let runs = Int(args[5]), runs > 0 else {
        fail("usage: compressbench bench PAGES LENGTHS CODEC LEVEL RUNS [OUTPUT]")
    }
    let pages = load(args[1])
    guard let text = String(data: Data(load(args[2])), encoding: .utf8) else { fail("bad LENGTHS file") }
    let lengths = text.split(whereSeparator: \.isNewline).compactMap { Int($0) }
    guard lengths.reduce(0, +) == pages.count else { fail("LENGTHS do not add up to the size of PAGES") }
    var ranges: [Range<Int>] = []
    var at = 0
    for n in lengths {
        ranges.append(at..<(at + n))
        at += n
    }
    var best = Double.infinity
    var outputBytes = 0
    let clock = ContinuousClock()
    pages.withUnsafeBytes { all in
        for run in 0..<runs {
            var total = 0
            var outputs: [[UInt8]] = []
            if run == 0 { outputs.reserveCapacity(ranges.count) }
            let elapsed = clock.measure {
                for r in ranges {
                    let out = codec.compress(UnsafeRawBufferPointer(rebasing: all[r]), level)
                    total += out.count
                    if run == 0 { outputs.append(out) }
                }
            }
            best = min(best, seconds(elapsed))
            outputBytes = total
            if run == 0 {
                for (r, out) in zip(ranges, outputs) {
                    let back = out.withUnsafeBytes { try? codec.decompress($0, r.count) }
                    guard let back, back.elementsEqual(all[r]) else {
                        fail("\(args[3]) level \(level): page at \(r.lowerBound) does not round-trip")
                    }
                }
                if args.count == 7 {
                    store(outputs.flatMap { $0 }, args[6])
                    store(Array(outputs.map { "\($0.count)\n" }.joined().utf8), args[6] + ".lengths")
                }
            }
        }
    }
    print("\(args[3])\t\(level)\t\(ranges.count)\t\(pages.count)\t\(outputBytes)\t\(best)")

default:
    fail("unknown mode \(mode); use encode or bench")
}
