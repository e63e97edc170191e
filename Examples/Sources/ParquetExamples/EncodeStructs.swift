import Foundation
import Parquet

/// An order line: a nested struct inside a list.
struct OrderLine: Codable, Equatable {
    var sku: String
    var quantity: Int32
    var price: Decimal           // DECIMAL(12, 2), declared below
}

/// An order: every kind of field the encoder derives a schema for.
struct Order: Codable, Equatable {
    var id: UUID                 // FIXED_LEN_BYTE_ARRAY(16) UUID
    var placedAt: Date           // TIMESTAMP(MICROS, UTC)
    var customer: String
    var lines: [OrderLine]       // LIST of groups
    var tags: [String]           // LIST<STRING>, empty for some orders
    var attributes: [String: Int]  // MAP<STRING, INT64>
    var note: String?            // OPTIONAL
    var giftWrap: Bool
}

/// Encodes structs with `ParquetEncoder` (a file, several row groups) and decodes them back
/// with `decode`, checking every value; then streams more through a `ParquetEncoder.Writer`.
func encodeStructs(_ context: Example.Context) throws {
    let start = Date(timeIntervalSince1970: 1_735_689_600)   // 2025-01-01, whole seconds
    var orders: [Order] = []
    for i in 0 ..< 250 {
        var lines: [OrderLine] = []
        for k in 0 ..< i % 3 + 1 {
            lines.append(OrderLine(sku: "SKU-\(k)", quantity: Int32(k + 1), price: Decimal(i * 100 + k) / 100))
        }
        let tags: [String] = i % 4 == 0 ? [] : ["web", "promo-\(i % 5)"]
        let attributes: [String: Int] = i % 2 == 0 ? ["priority": i % 3] : [:]
        let note: String? = i % 10 == 0 ? "call before delivery" : nil
        orders.append(Order(id: UUID(), placedAt: start.addingTimeInterval(Double(i) * 61), customer: "customer-\(i % 17)",
                            lines: lines, tags: tags, attributes: attributes, note: note, giftWrap: i % 7 == 0))
    }
    var options = ParquetWriterOptions()
    options.compression = .zstd
    options.maxRowGroupRows = 100
    var encoder = ParquetEncoder(options: options)
    encoder.decimalFormats = ["lines.price": .init(precision: 12, scale: 2)]
    let path = context.temporaryFolder.appendingPathComponent("orders.parquet").path
    let footer = try encoder.encode(orders, toFile: path)
    print("  wrote \(footer.numRows) orders in \(footer.rowGroups.count) row groups")
    try check(footer.rowGroups.map { (group: RowGroup) -> Int64 in group.numRows }, [100, 100, 50], "row groups")

    let reader = try ParquetFileReader(path: path)
    let back = try reader.decode(Order.self)
    try check(back.count, orders.count, "decoded orders")
    for (i, (read, written)) in zip(back, orders).enumerated() {
        try check(read, written, "order \(i)")
    }
    let price = reader.schema.column(named: "lines.list.element.price")?.element.logicalType
    try check(price, .decimal(scale: 2, precision: 12), "lines.price type")
    print("  read back \(back.count) orders; first has \(back[0].lines.count) line(s), price \(back[0].lines[0].price)")

    // Streaming: values one at a time, to any ByteWriter (here memory).
    let output = MemoryByteWriter()
    let writer = try encoder.writer(for: Order.self, to: output)
    for order in orders.prefix(30) { try writer.write(order) }
    try writer.close()
    let streamed = try ParquetFileReader(bytes: output.bytes).decode(Order.self)
    try check(streamed, Array(orders.prefix(30)), "streamed orders")
    print("  streamed 30 orders into \(output.bytes.count) bytes")
}
