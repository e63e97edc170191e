// Runs every example section in order; exits 1 when one throws or a check fails.
//
// To add a section: write a function `(Example.Context) async throws -> Void` in its own
// file (use `check` to compare what it reads with what it expects) and list it below.
import Foundation

let sections: [Example] = [
    Example("Read a file batch by batch", readFile),
    Example("Count a dataset from its footers", countDataset),
    Example("Write a file and read it back", writeAndReadBack),
    Example("Open by URL and from Data", openURLAndData),
    Example("Iterate an async source with for try await", asyncRead),
    Example("Read records as ParquetValue rows", valueRows),
    Example("Decode records into a Decodable struct", decodeRecords),
    Example("Encode structs with ParquetEncoder and decode them back", encodeStructs),
    Example("Read a record range and a filter", filteredRead),
]

var failures = 0
let context = try Example.Context()
for section in sections {
    print("== \(section.name)")
    do {
        try await section.run(context)
    } catch {
        failures += 1
        print("FAILED: \(error)")
    }
}
context.removeTemporaryFolder()
if failures > 0 {
    print("\(failures) of \(sections.count) example sections failed")
    exit(1)
}
print("all \(sections.count) example sections passed")
