// Compresses every page of a corpus file (4-byte little-endian length, then the bytes, per
// page) with one of the Swift compressors, as a Parquet writer does (one call per page),
// checks that our decoder restores each page, and prints one JSON line with the total input
// and output sizes and the best wall-clock and process CPU times over the rounds.
//
//   codec-bench CORPUS --codec zstd|brotli --level N [--rounds R] [--out FILE] [--checksum]
//
// --out writes the compressed pages in the same framing (for checks by the C libraries);
// --checksum adds ZSTD content checksums.
import Foundation
import ParquetCodecs
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of this process (user + system), in seconds.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("codec-bench: \(message)\n".utf8))
    exit(2)
}

func compress(_ page: [UInt8], codec: String, level: Int, checksum: Bool) -> [UInt8] {
    switch codec {
    case "zstd": return Zstd.compress(page, level: level, checksum: checksum)
    case "brotli": return Brotli.compress(page, level: level)
    default: fail("unknown codec \(codec)")
    }
}

func decompress(_ bytes: [UInt8], _ n: Int, codec: String) throws -> [UInt8] {
    switch codec {
    case "zstd": return try Zstd.decompress(bytes, expectedLength: n)
    case "brotli": return try Brotli.decompress(bytes, expectedLength: n)
    default: fail("unknown codec \(codec)")
    }
}

func run() {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard let corpusPath = arguments.first else { fail("usage: codec-bench CORPUS --codec zstd|brotli --level N [--rounds R] [--out FILE]") }
    arguments.removeFirst()
    var codec = "zstd"
    var level = 3
    var rounds = 5
    var outPath: String?
    var checksum = false
    var i = 0
    while i < arguments.count {
        let name = arguments[i]
        if name == "--checksum" {
            checksum = true
            i += 1
            continue
        }
        guard i + 1 < arguments.count else { fail("\(name) needs a value") }
        let value = arguments[i + 1]
        switch name {
        case "--codec": codec = value
        case "--level": level = Int(value) ?? level
        case "--rounds": rounds = Int(value) ?? rounds
        case "--out": outPath = value
        default: fail("unknown option \(name)")
        }
        i += 2
    }
    guard let corpus = FileManager.default.contents(atPath: corpusPath) else { fail("cannot read \(corpusPath)") }
    var pages: [[UInt8]] = []
    corpus.withUnsafeBytes { raw in
        var pos = 0
        while pos + 4 <= raw.count {
            let n = Int(raw.loadUnaligned(fromByteOffset: pos, as: UInt32.self).littleEndian)
            pos += 4
            pages.append(Array(raw[pos..<min(pos + n, raw.count)]))
            pos += n
        }
    }

    var compressed: [[UInt8]] = []
    var best = Double.infinity
    var bestCPU = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<max(rounds, 1) {
        var output: [[UInt8]] = []
        output.reserveCapacity(pages.count)
        let cpuStart = cpuSeconds()
        let elapsed = clock.measure {
            for page in pages { output.append(compress(page, codec: codec, level: level, checksum: checksum)) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds)
        bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
        compressed = output
    }
    for (page, bytes) in zip(pages, compressed) {
        do {
            guard try decompress(bytes, page.count, codec: codec) == page else { fail("round trip differs") }
        } catch {
            fail("our decoder rejects our output: \(error)")
        }
    }
    if let outPath {
        var data = Data()
        for bytes in compressed {
            var n = UInt32(bytes.count).littleEndian
            withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
            data.append(contentsOf: bytes)
        }
        FileManager.default.createFile(atPath: outPath, contents: data)
    }
    let input = pages.reduce(0) { $0 + $1.count }
    let output = compressed.reduce(0) { $0 + $1.count }
    print("{\"codec\": \"\(codec)\", \"level\": \(level), \"pages\": \(pages.count), \"input\": \(input), \"output\": \(output), \"seconds\": \(best), \"cpu_seconds\": \(bestCPU)}")

}

run()
