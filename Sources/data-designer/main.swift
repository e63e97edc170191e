import Foundation
import ParquetExport

/// Runs the CLI and returns its exit code: 0 success, 1 failed work, 2 usage error.
func run(_ arguments: [String]) -> Int32 {
    do {
        guard let command = arguments.first else {
            throw UsageError(message: "missing command", usage: Usage.tool)
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            Console.out(Usage.tool)
        case "--version":
            Console.out("\(ToolInfo.name) \(ToolInfo.version)")
        case "count":
            try CountCommand.run(rest)
        case "export":
            try ExportCommand.run(rest)
        case "schema":
            try SchemaCommand.run(rest)
        case "create":
            try CreateCommand.run(rest)
        default:
            throw UsageError(message: "unknown command '\(command)'", usage: Usage.tool)
        }
        return 0
    } catch let error as UsageError {
        Console.err("error: \(error.message)")
        Console.err("hint: see 'data-designer --help'\n")
        Console.err(error.usage)
        return 2
    } catch let error as ParquetError {
        Console.err("error: \(error)")
        return 1
    } catch {
        Console.err("error: \(error)")
        return 1
    }
}

exit(run(Array(CommandLine.arguments.dropFirst())))
