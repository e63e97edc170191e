import Parquet

/// Reads the fixture's records as `ParquetValue` rows of selected fields, by position and by
/// name, including a null and a timestamp.
func valueRows(_ context: Example.Context) throws {
    let reader = try ParquetFileReader(path: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))
    var rows = try reader.rows(columns: ["id", "category", "is_member", "referral_code"])
    var read: [ParquetRow] = []
    while let row = try rows.next() { read.append(row) }
    guard let first = read.first, let last = read.last else {
        throw CheckFailure(description: "no rows read")
    }
    print("  first: \(first)")
    try check(read.count, 50, "rows")
    try check(first.fieldNames, ["id", "category", "is_member", "referral_code"], "field names")
    try check(first[0], .string("e8cad43d-5648-43ad-99d0-a317a4e2dd36"), "first id")
    try check(first["category"], .string("electronics"), "first category")
    try check(first["is_member"], .bool(false), "first is_member")
    try check(first["referral_code"], .null, "first referral_code")
    try check(last["id"], .string("0ee86dfe-8099-4516-9cb2-548f767fc79e"), "last id")
    try check(read[11]["is_member"], .bool(true), "row 11 is_member")
    try check(first.description.hasPrefix("{\"id\":\"e8cad43d-5648-43ad-99d0-a317a4e2dd36\""), true, "JSONL text")
}
