// A mutation driver for toolchains without libFuzzer: corrupts seed files in memory and runs
// each copy through the harness in-process. A trap or a hang (SIGALRM) kills the process; the
// case that did it stays at the harness's input path and its number is on stdout.
//
//   parquet-mutate [--seconds S] [--cases N] [--seed X] [--timeout T] SEED_FILE_OR_FOLDER...
//   parquet-mutate --replay FILE...     (runs the files as they are and prints each outcome)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ParquetFuzzCore

var seconds = 60.0, maxCases = Int.max, seed: UInt64 = 1, timeout: UInt32 = 20
var inputs: [String] = []
var replay = false
/// Prints and flushes at once, so that the last case before a crash is on the terminal.
func say(_ text: String, terminator: String = "\n") {
    print(text, terminator: terminator)
    fflush(nil)
}
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
    case "--cases": maxCases = Int(arguments.popFirst() ?? "") ?? maxCases
    case "--seed": seed = UInt64(arguments.popFirst() ?? "") ?? seed
    case "--timeout": timeout = UInt32(arguments.popFirst() ?? "") ?? timeout
    case "--replay": replay = true
    default: inputs.append(argument)
    }
}
var seedFiles: [String] = []
for input in inputs {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("parquet-mutate: no such seed file or folder: \(input)\n".utf8))
        exit(2)
    }
    if isDirectory.boolValue {
        let all = FileManager.default.enumerator(atPath: input)?.compactMap { $0 as? String } ?? []
        seedFiles += all.filter { $0.hasSuffix(".parquet") }.sorted().map { (input as NSString).appendingPathComponent($0) }
    } else {
        seedFiles.append(input)
    }
}
if replay {
    let harness = FuzzHarness()
    var failures = 0
    for path in seedFiles {
        say("\(path): ", terminator: "")
        alarm(timeout)
        let outcome = harness.exercise(path: path)
        alarm(0)
        say("\(outcome)")
        if outcome.isFailure { failures += 1 }
    }
    exit(failures == 0 ? 0 : 1)
}
/// Seeds that legitimately need more than a gigabyte (a 1 GiB string): too slow to mutate.
let tooBig = ["large_string_map.brotli.parquet"]
let seeds: [[UInt8]] = seedFiles.filter { !tooBig.contains(($0 as NSString).lastPathComponent) }.compactMap { path in
    guard let data = FileManager.default.contents(atPath: path), data.count < 2_000_000 else { return nil }
    return [UInt8](data)
}
guard !seeds.isEmpty else {
    FileHandle.standardError.write("parquet-mutate: no seed files\n".data(using: .utf8) ?? Data())
    exit(2)
}
let harness = FuzzHarness()
var rng = SplitMix64(seed: seed)
let start = Date()
var cases = 0, clean = 0, failures = 0
say("parquet-mutate: \(seeds.count) seeds, seed \(seed), input at \(harness.inputPath)")
while cases < maxCases && Date().timeIntervalSince(start) < seconds {
    let source = seeds[Int(rng.next() % UInt64(seeds.count))]
    let mutated = Mutator.mutate(source, &rng)
    alarm(timeout)  // a hang ends the process with SIGALRM
    let outcome = mutated.withUnsafeBytes { harness.run($0) }
    alarm(0)
    switch outcome {
    case .clean: clean += 1
    case .rejected: break
    case .unexpected, .inputNotWritten:
        failures += 1
        say("parquet-mutate: case \(cases): \(outcome) (the input is at \(harness.inputPath))")
        if case .inputNotWritten = outcome { exit(1) }
    }
    cases += 1
}
if failures > 0 {
    say("parquet-mutate: \(cases) cases, \(failures) FAILED (an error that is not a ParquetError)")
    exit(1)
}
harness.cleanUp()
say("parquet-mutate: \(cases) cases (\(clean) read cleanly) in \(Int(Date().timeIntervalSince(start)))s, no crash")
