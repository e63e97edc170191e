import Foundation
import Parquet

/// A record of the example dataset, fields by `CodingKeys`.
struct Customer: Decodable {
    var id: String
    var category: String
    var age: Int64
    var score: Double
    var isMember: Bool
    var lastSeen: Date           // TIMESTAMP(NANOS)
    var referralCode: String?    // nullable, all null in the fixture
    enum CodingKeys: String, CodingKey {
        case id, category, age, score, isMember = "is_member", lastSeen = "last_seen", referralCode = "referral_code"
    }
}

/// Decodes the fixture's records into a `Decodable` struct.
func decodeRecords(_ context: Example.Context) throws {
    let reader = try ParquetFileReader(path: context.fixture("example-dataset/parquet-files/batch_00000.parquet"))
    let customers = try reader.decode(Customer.self, columns: ["id", "category", "age", "score", "is_member", "last_seen", "referral_code"])
    guard let first = customers.first else { throw CheckFailure(description: "no records decoded") }
    print("  \(customers.count) customers; first \(first.id) \(first.category) age \(first.age) last seen \(first.lastSeen)")
    try check(customers.count, 50, "records")
    try check(first.id, "e8cad43d-5648-43ad-99d0-a317a4e2dd36", "first id")
    try check(first.age, 65, "first age")
    try check(first.score, 59.156, "first score")
    try check(first.isMember, false, "first is_member")
    try check(first.referralCode, nil, "first referral_code")
    // pyarrow: 2024-08-02 19:54:25.902026250 UTC; Date keeps about a microsecond.
    let expected = 1_722_628_465.902_026_25
    try check(abs(first.lastSeen.timeIntervalSince1970 - expected) < 1e-5, true,
              "first last_seen \(first.lastSeen.timeIntervalSince1970)")
    try check(customers.filter(\.isMember).count, 19, "members (pyarrow: 19)")
    try check(customers[12].score, 86.227, "record 12 score")
}
