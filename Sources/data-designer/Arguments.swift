import ParquetExport

/// A usage error: bad or missing arguments. The CLI prints it with a hint and exits 2.
struct UsageError: Error {
    var message: String
    var usage: String
}

/// One option a subcommand accepts.
struct OptionSpec {
    /// Spellings, e.g. `["--output", "-o"]`.
    var names: [String]
    /// Whether the option takes a value (`-o PATH`, `--output=PATH`).
    var takesValue: Bool
    var key: String { names[0] }
}

/// Options and positional arguments of one subcommand invocation.
struct ParsedArguments {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    func value(_ key: String) -> String? { values[key] }
    func has(_ key: String) -> Bool { flags.contains(key) }
}

/// Splits `arguments` into options and positionals following `specs`.
/// `--` ends the options; a lone `-` is a positional (standard output or input).
func parseArguments(_ arguments: [String], specs: [OptionSpec], usage: String) throws -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
            parsed.positionals.append(argument)
            continue
        }
        if argument == "--" {
            optionsEnded = true
            continue
        }
        var name = argument
        var inlineValue: String?
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            inlineValue = String(argument[argument.index(after: equals)...])
        }
        guard let spec = specs.first(where: { $0.names.contains(name) }) else {
            throw UsageError(message: "unknown option '\(name)'", usage: usage)
        }
        if spec.takesValue {
            if let inlineValue {
                parsed.values[spec.key] = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError(message: "option '\(name)' needs a value", usage: usage)
                }
                parsed.values[spec.key] = arguments[index]
                index += 1
            }
        } else {
            guard inlineValue == nil else {
                throw UsageError(message: "option '\(name)' takes no value", usage: usage)
            }
            parsed.flags.insert(spec.key)
        }
    }
    return parsed
}

/// The export format named by an option's value (`--format`, `--output-format`), or a usage
/// error listing the supported ones.
func exportFormat(named text: String, usage: String) throws -> ExportFormat {
    guard let format = ExportFormat(name: text) else {
        throw UsageError(message: "unknown format '\(text)'; supported formats: \(ExportFormat.supportedNames)", usage: usage)
    }
    return format
}

/// Parses a subcommand's `arguments` with `specs` and `-h` / `--help`: nil when help was asked
/// for (`usage` is then printed), the arguments otherwise.
func commandArguments(_ arguments: [String], specs: [OptionSpec], usage: String) throws -> ParsedArguments? {
    let help = OptionSpec(names: ["--help", "-h"], takesValue: false)
    let args = try parseArguments(arguments, specs: specs + [help], usage: usage)
    if args.has(help.key) {
        Console.out(usage)
        return nil
    }
    return args
}

extension ParsedArguments {
    /// The INPUT... of `command` (its positionals), or a usage error when there is none.
    func inputs(of command: String, usage: String) throws -> [String] {
        guard !positionals.isEmpty else {
            throw UsageError(message: "\(command) needs at least one INPUT", usage: usage)
        }
        return positionals
    }
}
