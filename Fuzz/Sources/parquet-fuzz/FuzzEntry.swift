import ParquetFuzzCore

/// One harness per fuzzing process (libFuzzer calls the entry point from one thread).
nonisolated(unsafe) private var harness: FuzzHarness?

/// libFuzzer's entry point: runs one input through the reader and the JSONL/CSV export.
@_cdecl("LLVMFuzzerTestOneInput")
public func parquetFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let current = harness ?? FuzzHarness()
    harness = current
    guard let data else { return 0 }
    let outcome = current.run(UnsafeRawBufferPointer(start: data, count: size))
    if outcome.isFailure {
        // Not a ParquetError (or no input at all): a bug, so stop as a crash would and let
        // libFuzzer keep the input.
        fatalError("parquet-fuzz: \(outcome)")
    }
    return 0
}

/// libFuzzer's driver (in the runtime linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; hand over to libFuzzer from there.
@_cdecl("parquet_fuzz_main")
public func parquetFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, parquetFuzzTestOneInput)
}
