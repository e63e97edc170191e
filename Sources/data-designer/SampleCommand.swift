import DataDesigner
import ParquetExport

enum SampleCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--num-records", "-n"], takesValue: true),
                     OptionSpec(names: ["--seed"], takesValue: true),
                     OptionSpec(names: ["--no-verify-checksums"], takesValue: false),
                     OptionSpec(names: ["--quiet", "-q"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.sample) else { return }
        let inputs = try args.inputs(of: "sample", usage: Usage.sample)
        guard let countText = args.value("--num-records") else {
            throw UsageError(message: "sample needs -n N (the number of records to draw)", usage: Usage.sample)
        }
        guard let count = Int(countText), count >= 0 else {
            throw UsageError(message: "-n needs an integer of at least 0 (got '\(countText)')", usage: Usage.sample)
        }
        let seed: UInt64
        var drawnSeed = false
        if let text = args.value("--seed") {
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                throw UsageError(message: "--seed needs an integer from 0 to \(Int64.max) (got '\(text)')", usage: Usage.sample)
            }
            seed = value
        } else {
            var system = SystemRandomNumberGenerator()
            seed = system.next() >> 1
            drawnSeed = true
        }
        var generator = Xoshiro256StarStar(seed: seed)
        try Dataset(inputs: inputs).sample(count: count, using: &generator,
                                                     verifyChecksums: !args.has("--no-verify-checksums"))
        // After the records, so that a failure stays one error line.
        if drawnSeed && !args.has("--quiet") { Console.err("seed: \(seed)") }
    }
}
