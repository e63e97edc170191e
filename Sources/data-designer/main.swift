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
        case "meta":
            try MetaCommand.run(rest)
        case "layout":
            try LayoutCommand.run(rest)
        case "sample":
            try SampleCommand.run(rest)
        case "head":
            try HeadCommand.run(rest)
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

#if canImport(Glibc)
import Glibc

/// Batches allocate and free buffers of several megabytes each; glibc would map and unmap them
/// every time (page faults, zeroing). Keeping them on the heap cuts the system time by half
/// while memory stays bounded by the largest batch. `mallopt` is looked up at run time
/// (malloc.h is not in Swift's Glibc module); without it nothing changes.
func keepLargeAllocationsOnTheHeap() {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }  // nil is RTLD_DEFAULT
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-3, 256 << 20)  // M_MMAP_THRESHOLD
    _ = mallopt(-1, 512 << 20)  // M_TRIM_THRESHOLD
}
keepLargeAllocationsOnTheHeap()
#endif

exit(run(Array(CommandLine.arguments.dropFirst())))
