import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// `ParquetEncoder`: values written with it and read back with `decode` (every type the
/// contract lists, nulls, empty and nested lists, maps, row groups, dictionary, codecs), the
/// derived schema as the footer states it, errors naming the field, and a committed file
/// checked byte for byte and against pyarrow's read-back (scripts/encoder_fixture.py).
final class ParquetEncoderTests: XCTestCase {
    struct Scalars: Codable, Equatable {
        var flag: Bool
        var i8: Int8
        var i16: Int16
        var i32: Int32
        var i64: Int64
        var int: Int
        var u8: UInt8
        var u16: UInt16
        var u32: UInt32
        var u64: UInt64
        var uint: UInt
        var f: Float
        var d: Double
        var text: String
        var blob: Data
        var when: Date
        var price: Decimal
        var id: UUID
    }

    struct Optionals: Codable, Equatable {
        var flag: Bool?
        var i8: Int8?
        var u32: UInt32?
        var i64: Int64?
        var f: Float?
        var d: Double?
        var text: String?
        var blob: Data?
        var when: Date?
        var price: Decimal?
        var id: UUID?
    }

    struct Address: Codable, Equatable {
        var city: String
        var zip: String?
    }

    struct Customer: Codable, Equatable {
        var name: String
        var since: Date?
        var address: Address
    }

    struct Line: Codable, Equatable {
        var sku: String
        var qty: Int32
        var price: Decimal?
        var tags: [String]
    }

    struct Order: Codable, Equatable {
        var id: Int
        var customer: Customer?
        var lines: [Line]
        var attributes: [String: Int]
        var matrix: [[Double?]]
        var notes: [String?]?
        var extras: [String: Address]?
    }

    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func scalars(_ n: Int) -> [Scalars] {
        (0 ..< n).map { i in
            let k = Int64(i)
            return Scalars(
                flag: i % 3 == 0, i8: i == 0 ? .min : Int8(truncatingIfNeeded: i * 7), i16: i == 1 ? .max : Int16(truncatingIfNeeded: i * 301),
                i32: i == 2 ? .min : Int32(i) * -1_000, i64: i == 3 ? .max : k * 1_000_000_007, int: i == 4 ? .min : i - 50,
                u8: i == 5 ? .max : UInt8(truncatingIfNeeded: i), u16: i == 6 ? .max : UInt16(i * 11), u32: i == 7 ? .max : UInt32(i) * 40_000,
                u64: i == 8 ? .max : UInt64(i) << 40, uint: UInt(i) * 3,
                f: Float(i) / 4, d: i == 9 ? -0.0 : Double(i) * 1.25e-3, text: "text \(i % 17) ✓",
                blob: Data((0 ..< (i % 5)).map { UInt8(truncatingIfNeeded: $0 * 51 + i) }),
                when: epoch.addingTimeInterval(Double(i) * 3_600),
                price: Decimal(string: "\(i % 2 == 0 ? "" : "-")\(i * 13).\(i % 1000)") ?? 0,
                id: UUID(uuid: (UInt8(i & 255), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, UInt8(i >> 8 & 255))))
        }
    }

    static func optionals(_ n: Int) -> [Optionals] {
        (0 ..< n).map { i in
            let on = i % 4 != 1
            return Optionals(flag: on ? i % 2 == 0 : nil, i8: on ? Int8(i % 100) : nil, u32: i % 3 == 0 ? nil : UInt32.max - UInt32(i),
                             i64: on ? Int64(i) : nil, f: i % 5 == 0 ? nil : 1.5, d: on ? Double(i) / 3 : nil, text: on ? "v\(i)" : nil,
                             blob: i % 6 == 0 ? nil : Data([UInt8(i & 255)]), when: on ? epoch.addingTimeInterval(Double(-i)) : nil,
                             price: on ? Decimal(i) / 4 : nil, id: on ? UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, UInt8(i & 255))) : nil)
        }
    }

    static func orders(_ n: Int) -> [Order] {
        (0 ..< n).map { (i: Int) -> Order in
            var lines: [Line] = []
            for k in 0 ..< i % 4 {
                let price: Decimal? = k == 1 ? nil : Decimal(string: "\(k).9\(i % 10)")
                let tags: [String] = k == 0 ? [] : (0 ..< k).map { "t\($0)" }
                lines.append(Line(sku: "sku-\(i)-\(k)", qty: Int32(k + 1), price: price, tags: tags))
            }
            let since: Date? = i % 2 == 0 ? epoch.addingTimeInterval(Double(i) * 86_400) : nil
            let cities = ["Oslo", "Lima", "Pune"]
            let zip: String? = i % 3 == 1 ? nil : "\(1000 + i)"
            let customer: Customer? = i % 5 == 2 ? nil : Customer(name: "c\(i)", since: since, address: Address(city: cities[i % 3], zip: zip))
            var attributes: [String: Int] = [:]
            for k in 0 ..< i % 3 { attributes["k\(k)"] = i * 10 + k }
            let matrix: [[Double?]] = i % 4 == 0 ? [] : [[Double(i), nil], [], [0.5]]
            var notes: [String?]? = nil
            if i % 2 == 1 { notes = i % 3 == 0 ? [] : ["n\(i)", nil] }
            let extras: [String: Address]? = i % 7 == 0 ? ["home": Address(city: "Bern", zip: nil)] : nil
            return Order(id: i, customer: customer, lines: lines, attributes: attributes, matrix: matrix, notes: notes, extras: extras)
        }
    }

    func dec(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "encoder-\(name)-\(UUID().uuidString).parquet"
    }

    func roundTrip<T: Codable & Equatable>(_ values: [T], _ encoder: ParquetEncoder = ParquetEncoder(), prototypes: [T] = [],
                                           file: StaticString = #filePath, line: UInt = #line) throws -> ParquetFileReader {
        let data = try encoder.encode(values, prototypes: prototypes)
        let reader = try ParquetFileReader(data: data)
        let back = try reader.decode(T.self)
        XCTAssertEqual(back.count, values.count, file: file, line: line)
        for (i, (a, b)) in zip(back, values).enumerated() where a != b {
            XCTFail("record \(i): read \(a), wrote \(b)", file: file, line: line)
            break
        }
        return reader
    }

    // MARK: Round trips

    func testEveryScalarTypeRoundTrips() throws {
        let values = Self.scalars(300)
        let reader = try roundTrip(values)
        XCTAssertEqual(reader.metadata.numRows, 300)
        // Spot checks of the extremes as the reader's own values show them.
        let rows = try reader.decode(Scalars.self)
        XCTAssertEqual(rows[0].i8, .min)
        XCTAssertEqual(rows[3].i64, .max)
        XCTAssertEqual(rows[7].u32, .max)
        XCTAssertEqual(rows[8].u64, .max)
        XCTAssertEqual(rows[9].d.sign, .minus)
        XCTAssertEqual(rows[3].price, Decimal(string: "-39.3"))
    }

    func testNullsRoundTrip() throws {
        let values = Self.optionals(200)
        let reader = try roundTrip(values)
        let stats = try XCTUnwrap(reader.metadata.rowGroups.first?.columns[0].metaData?.statistics)
        XCTAssertEqual(stats.nullCount, 50)
        // A record with every field nil.
        let empty = Optionals()
        _ = try roundTrip([empty, Self.optionals(1)[0], empty])
    }

    func testNestedListsStructsAndMapsRoundTrip() throws {
        _ = try roundTrip(Self.orders(500))
        // Every record's lists empty, maps empty, optionals nil.
        let bare = Order(id: 1, customer: nil, lines: [], attributes: [:], matrix: [], notes: nil, extras: nil)
        var withLine = bare
        withLine.lines = [Line(sku: "a", qty: 1, price: nil, tags: ["x", "y"])]
        // No value has a customer: a prototype supplies the struct's shape.
        let prototype = Self.orders(1)[0]
        XCTAssertThrowsError(try ParquetEncoder().encode([bare, withLine, bare]))
        let reader = try roundTrip([bare, withLine, bare], prototypes: [prototype])
        XCTAssertEqual(reader.metadata.numRows, 3)
    }

    func testMicrosecondDates() throws {
        struct Stamp: Codable { var at: Date }
        let micros: [Int64] = [1_700_000_000_123_456, -1, 0, 253_402_300_799_000_000, -62_135_596_800_000_000]
        let values = micros.map { Stamp(at: Date(timeIntervalSince1970: Double($0) / 1e6)) }
        let reader = try ParquetFileReader(data: try ParquetEncoder().encode(values))
        let back = try reader.decode(Stamp.self)
        XCTAssertEqual(back.map { Int64(($0.at.timeIntervalSince1970 * 1e6).rounded()) }, micros)
        var batches = try reader.batches()
        let column = try XCTUnwrap(try batches.next()?.columns.first)
        guard case .int64(let stored) = column.values else { return XCTFail("not INT64") }
        XCTAssertEqual(stored[0], 1_700_000_000_123_456)
        XCTAssertEqual(stored[1], -1)
        XCTAssertEqual(stored[4], -62_135_596_800_000_000)
    }

    func testDecimalFormatsAndPhysicalTypes() throws {
        struct Prices: Codable, Equatable { var small: Decimal; var medium: Decimal; var large: Decimal; var fallback: Decimal }
        var encoder = ParquetEncoder()
        encoder.decimalFormats = ["small": .init(precision: 5, scale: 2), "medium": .init(precision: 18, scale: 4), "large": .init(precision: 30, scale: 0)]
        let values = [
            Prices(small: dec("-999.99"), medium: dec("12345678901234.5678"), large: dec("-123456789012345678901234567890"), fallback: dec("-12345678901234567890123456789.123456789")),
            Prices(small: 0, medium: dec("-0.0001"), large: 1, fallback: dec("0.000000001")),
        ]
        let reader = try roundTrip(values, encoder)
        let e = reader.metadata.schema
        XCTAssertEqual(e[1].type, .int32)
        XCTAssertEqual(e[1].logicalType, .decimal(scale: 2, precision: 5))
        XCTAssertEqual(e[2].type, .int64)
        XCTAssertEqual(e[3].type, .fixedLenByteArray)
        XCTAssertEqual(e[3].typeLength, 13)
        XCTAssertEqual(e[4].logicalType, .decimal(scale: 9, precision: 38))
        XCTAssertEqual(e[4].typeLength, 16)
        XCTAssertEqual(e[4].convertedType, .decimal)
        XCTAssertEqual(e[4].precision, 38)
    }

    func testRowGroupsDictionaryAndEveryCodec() throws {
        let values = Self.orders(257)
        let scalars = Self.scalars(257)
        for codec in CompressionCodec.writable {
            for dictionary in [true, false] {
                var options = ParquetWriterOptions()
                options.compression = codec
                options.useDictionary = dictionary
                options.maxRowGroupRows = 100
                options.pageSizeBytes = 512
                let reader = try roundTrip(values, ParquetEncoder(options: options))
                XCTAssertEqual(reader.metadata.rowGroups.map(\.numRows), [100, 100, 57], "\(codec)")
                // A column of three values: a dictionary when enabled.
                let city = try XCTUnwrap(reader.schema.column(named: "customer.address.city")?.index)
                let chunk = try XCTUnwrap(reader.metadata.rowGroups[0].columns[city].metaData)
                XCTAssertEqual(chunk.codec, codec)
                XCTAssertEqual(chunk.dictionaryPageOffset != nil, dictionary, "\(codec) dictionary \(dictionary)")
                _ = try roundTrip(scalars, ParquetEncoder(options: options))
            }
        }
    }

    func testStreamingWriterToFile() throws {
        let path = temporaryPath("stream")
        var options = ParquetWriterOptions()
        options.maxRowGroupRows = 3_000
        let writer = try ParquetEncoder(options: options).writer(for: Order.self, toFile: path)
        let values = Self.orders(10_000)
        for value in values { try writer.write(value) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the destination appears only on close")
        XCTAssertNotNil(writer.schema)
        XCTAssertEqual(writer.count, 10_000)
        let footer = try writer.close()
        XCTAssertEqual(footer.rowGroups.map(\.numRows), [3_000, 3_000, 3_000, 1_000])
        let reader = try ParquetFileReader(url: URL(fileURLWithPath: path))
        XCTAssertEqual(try reader.decode(Order.self), values)
        XCTAssertThrowsError(try writer.write(values[0]))
        try? FileManager.default.removeItem(atPath: path)

        // A writer dropped before close leaves nothing behind.
        let abandoned = temporaryPath("abandoned")
        do {
            let w = try ParquetEncoder().writer(for: Order.self, to: URL(fileURLWithPath: abandoned))
            try w.write(values[0])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        let folder = (abandoned as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains((abandoned as NSString).lastPathComponent) }
        XCTAssertEqual(leftovers, [])
    }

    // MARK: Derived schema

    func testDerivedSchemaAnnotations() throws {
        let reader = try ParquetFileReader(data: try ParquetEncoder().encode(Self.scalars(3)))
        let byName = Dictionary(uniqueKeysWithValues: reader.metadata.schema.dropFirst().map { ($0.name, $0) })
        func check(_ name: String, _ type: PhysicalType, _ logical: LogicalType?, line: UInt = #line) {
            XCTAssertEqual(byName[name]?.type, type, name, line: line)
            XCTAssertEqual(byName[name]?.logicalType, logical, name, line: line)
            XCTAssertEqual(byName[name]?.repetition, .required, name, line: line)
        }
        check("flag", .boolean, nil)
        check("i8", .int32, .integer(bitWidth: 8, isSigned: true))
        check("i16", .int32, .integer(bitWidth: 16, isSigned: true))
        check("i32", .int32, .integer(bitWidth: 32, isSigned: true))
        check("i64", .int64, .integer(bitWidth: 64, isSigned: true))
        check("int", .int64, .integer(bitWidth: 64, isSigned: true))
        check("u8", .int32, .integer(bitWidth: 8, isSigned: false))
        check("u16", .int32, .integer(bitWidth: 16, isSigned: false))
        check("u32", .int32, .integer(bitWidth: 32, isSigned: false))
        check("u64", .int64, .integer(bitWidth: 64, isSigned: false))
        check("uint", .int64, .integer(bitWidth: 64, isSigned: false))
        check("f", .float, nil)
        check("d", .double, nil)
        check("text", .byteArray, .string)
        check("blob", .byteArray, nil)
        check("when", .int64, .timestamp(isAdjustedToUTC: true, unit: .micros))
        check("price", .fixedLenByteArray, .decimal(scale: 9, precision: 38))
        check("id", .fixedLenByteArray, .uuid)
        XCTAssertEqual(byName["id"]?.typeLength, 16)
        XCTAssertEqual(byName["u8"]?.convertedType, .uint8)
        XCTAssertEqual(byName["when"]?.convertedType, .timestampMicros)
    }

    func testDerivedNestedSchema() throws {
        let reader = try ParquetFileReader(data: try ParquetEncoder().encode(Self.orders(20)))
        let elements = reader.metadata.schema.map { "\($0.name):\($0.repetition?.description ?? "-"):\($0.logicalType.map { "\($0)" } ?? "")" }
        XCTAssertEqual(elements, [
            "schema:-:", "id:REQUIRED:INT(64, signed)",
            "customer:OPTIONAL:", "name:REQUIRED:STRING", "since:OPTIONAL:TIMESTAMP(MICROS, UTC)",
            "address:REQUIRED:", "city:REQUIRED:STRING", "zip:OPTIONAL:STRING",
            "lines:REQUIRED:LIST", "list:REPEATED:", "element:REQUIRED:",
            "sku:REQUIRED:STRING", "qty:REQUIRED:INT(32, signed)", "price:OPTIONAL:DECIMAL(38, 9)",
            "tags:REQUIRED:LIST", "list:REPEATED:", "element:REQUIRED:STRING",
            "attributes:REQUIRED:MAP", "key_value:REPEATED:", "key:REQUIRED:STRING", "value:REQUIRED:INT(64, signed)",
            "matrix:REQUIRED:LIST", "list:REPEATED:", "element:REQUIRED:LIST", "list:REPEATED:", "element:OPTIONAL:",
            "notes:OPTIONAL:LIST", "list:REPEATED:", "element:OPTIONAL:STRING",
            "extras:OPTIONAL:MAP", "key_value:REPEATED:", "key:REQUIRED:STRING", "value:REQUIRED:",
            "city:REQUIRED:STRING", "zip:OPTIONAL:STRING",
        ])
        XCTAssertEqual(reader.schema.column(named: "matrix.list.element.list.element")?.maxDefinitionLevel, 3)
        XCTAssertEqual(reader.schema.column(named: "matrix.list.element.list.element")?.maxRepetitionLevel, 2)
    }

    /// Fields nil or empty in every value take their type from the Swift type; an optional
    /// struct never seen needs a prototype.
    func testFieldsNeverObserved() throws {
        struct Sparse: Codable, Equatable { var id: Int; var tags: [String]; var score: Double?; var lookup: [String: [Int]]?; var maybe: [UUID?]? }
        let sparse = [Sparse(id: 1, tags: [], score: nil, lookup: nil, maybe: nil), Sparse(id: 2, tags: [], score: nil, lookup: nil, maybe: nil)]
        let reader = try roundTrip(sparse)
        XCTAssertEqual(reader.schema.column(named: "tags.list.element")?.element.logicalType, .string)
        XCTAssertEqual(reader.schema.column(named: "score")?.physicalType, .double)
        XCTAssertEqual(reader.schema.column(named: "lookup.key_value.value.list.element")?.physicalType, .int64)
        XCTAssertEqual(reader.schema.column(named: "maybe.list.element")?.element.logicalType, .uuid)

        struct Holder: Codable, Equatable { var id: Int; var customer: Customer? }
        let holders = [Holder(id: 1, customer: nil)]
        XCTAssertThrowsError(try ParquetEncoder().encode(holders)) { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["customer"])
            XCTAssertTrue(context.debugDescription.contains("customer"), context.debugDescription)
        }
        let prototype = Holder(id: 0, customer: Customer(name: "", since: nil, address: Address(city: "", zip: nil)))
        let data = try ParquetEncoder().encode(holders, prototypes: [prototype])
        XCTAssertEqual(try ParquetFileReader(data: data).decode(Holder.self), holders)
    }

    // MARK: Errors

    /// A value that does not fit the schema derived from the first row group throws an
    /// `EncodingError` naming the field; the writer stays usable and writes nothing of it.
    func testValueNotFittingTheSchemaIsRejected() throws {
        struct Flaky: Encodable {
            var a: Int
            var b: Int
            var skip: Bool
            enum CodingKeys: String, CodingKey { case a, b }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(a, forKey: .a)
                if !skip { try c.encode(b, forKey: .b) }
            }
        }
        struct Back: Decodable, Equatable { var a: Int; var b: Int }
        var options = ParquetWriterOptions()
        options.maxRowGroupRows = 2
        let output = MemoryByteWriter()
        let writer = try ParquetEncoder(options: options).writer(for: Flaky.self, to: output)
        try writer.write(Flaky(a: 1, b: 10, skip: false))
        try writer.write(Flaky(a: 2, b: 20, skip: false))
        XCTAssertThrowsError(try writer.write(Flaky(a: 3, b: 30, skip: true))) { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["b"])
            XCTAssertTrue(context.debugDescription.contains("REQUIRED"), context.debugDescription)
        }
        try writer.write(Flaky(a: 4, b: 40, skip: false))
        try writer.close()
        XCTAssertEqual(try ParquetFileReader(bytes: output.bytes).decode(Back.self), [Back(a: 1, b: 10), Back(a: 2, b: 20), Back(a: 4, b: 40)])
    }

    /// A value rejected while the schema is still being derived leaves no trace in it, and
    /// one rejected when the first row group is written leaves the writer usable.
    func testRejectedValuesDuringDerivation() throws {
        struct Money: Codable, Equatable { var amount: Decimal }
        var options = ParquetWriterOptions()
        options.maxRowGroupRows = 2
        var encoder = ParquetEncoder(options: options)
        encoder.decimalFormats = ["amount": .init(precision: 5, scale: 1)]
        let output = MemoryByteWriter()
        let writer = try encoder.writer(for: Money.self, to: output)
        try writer.write(Money(amount: 1))
        XCTAssertThrowsError(try writer.write(Money(amount: dec("0.25")))) { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["amount"])
        }
        try writer.write(Money(amount: dec("-2.5")))
        try writer.write(Money(amount: 3))
        try writer.close()
        XCTAssertEqual(try ParquetFileReader(bytes: output.bytes).decode(Money.self), [Money(amount: 1), Money(amount: dec("-2.5")), Money(amount: 3)])

        struct Loose: Encodable {
            var id: Int
            var extra: Int?
            var bad: Bool
            enum CodingKeys: String, CodingKey { case id, extra }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                if bad { return try c.encode("text", forKey: .extra) }  // no id, a String extra
                try c.encode(id, forKey: .id)
                try c.encodeIfPresent(extra, forKey: .extra)
            }
        }
        struct Back: Decodable, Equatable { var id: Int; var extra: Int? }
        let memory = MemoryByteWriter()
        let loose = try ParquetEncoder().writer(for: Loose.self, to: memory)
        try loose.write(Loose(id: 1, extra: 5, bad: false))
        XCTAssertThrowsError(try loose.write(Loose(id: 2, extra: nil, bad: true)))
        try loose.write(Loose(id: 3, extra: nil, bad: false))
        try loose.close()
        let reader = try ParquetFileReader(bytes: memory.bytes)
        XCTAssertEqual(try reader.decode(Back.self), [Back(id: 1, extra: 5), Back(id: 3, extra: nil)])
        XCTAssertEqual(reader.schema.column(named: "id")?.element.repetition, .required, "the rejected value does not count")
        XCTAssertEqual(reader.schema.column(named: "extra")?.physicalType, .int64)
    }

    func testUnsupportedValuesThrowNamingTheField() throws {
        struct Money: Codable { var amount: Decimal }
        var encoder = ParquetEncoder()
        encoder.decimalFormats = ["amount": .init(precision: 4, scale: 1)]
        func field(of error: Error) -> String? {
            guard case EncodingError.invalidValue(_, let context) = error else { return nil }
            return context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        XCTAssertThrowsError(try encoder.encode([Money(amount: dec("1.25"))])) { XCTAssertEqual(field(of: $0), "amount") }
        XCTAssertThrowsError(try encoder.encode([Money(amount: dec("12345"))])) { XCTAssertEqual(field(of: $0), "amount") }
        XCTAssertThrowsError(try encoder.encode([Money(amount: .nan)])) { XCTAssertEqual(field(of: $0), "amount") }
        encoder.decimalFormats = ["amount": .init(precision: 40, scale: 1)]
        XCTAssertThrowsError(try encoder.encode([Money(amount: 1)])) { XCTAssertTrue($0 is ParquetError, "\($0)") }

        // Records must be structs; a field must keep one type.
        XCTAssertThrowsError(try ParquetEncoder().encode([1, 2, 3])) { XCTAssertNotNil(field(of: $0)) }
        enum Shape: Encodable {
            case number(Int), word(String)
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .number(let n): try c.encode(n)
                case .word(let w): try c.encode(w)
                }
            }
        }
        struct Holder: Encodable { var shape: Shape }
        XCTAssertThrowsError(try ParquetEncoder().encode([Holder(shape: .number(1)), Holder(shape: .word("x"))])) {
            XCTAssertEqual(field(of: $0), "shape")
        }
        // Dates far outside the microsecond range.
        struct Stamp: Encodable { var at: Date }
        XCTAssertThrowsError(try ParquetEncoder().encode([Stamp(at: .distantFuture.addingTimeInterval(1e15))])) { XCTAssertEqual(field(of: $0), "at") }
        // No values, no prototypes: no schema.
        XCTAssertThrowsError(try ParquetEncoder().encode([Stamp]())) { XCTAssertTrue($0 is EncodingError, "\($0)") }
        // Not a file URL.
        let remote = try XCTUnwrap(URL(string: "https://example.com/x.parquet"))
        XCTAssertThrowsError(try ParquetEncoder().encode([Stamp(at: Self.epoch)], to: remote)) {
            XCTAssertTrue($0 is ParquetError, "\($0)")
        }
    }

    /// Enums with raw values and wrappers encoding a single value take that value's type.
    func testSingleValueTypes() throws {
        enum Level: String, Codable { case low, high }
        struct Meters: Codable, Equatable {
            var value: Double
            init(_ v: Double) { value = v }
            init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
            func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
        }
        struct Reading: Codable, Equatable { var level: Level; var depth: Meters; var history: [Level?] }
        let values = [Reading(level: .low, depth: Meters(1.5), history: [.high, nil]), Reading(level: .high, depth: Meters(-2), history: [])]
        let reader = try roundTrip(values)
        XCTAssertEqual(reader.schema.column(named: "level")?.element.logicalType, .string)
        XCTAssertEqual(reader.schema.column(named: "depth")?.physicalType, .double)
    }

    // MARK: Committed fixture, checked against pyarrow

    struct FixtureRecord: Codable, Equatable {
        var id: Int64
        var name: String
        var score: Double?
        var small: Int8
        var big: UInt64
        var ratio: Float
        var active: Bool
        var when: Date
        var price: Decimal
        var uid: UUID
        var raw: Data
        var tags: [String]
        var scores: [Int32?]?
        var point: Point?
        var props: [String: String]
        var history: [Point]
    }

    struct Point: Codable, Equatable {
        var x: Double
        var label: String?
    }

    static var fixtureFolder: URL {
        TestPaths.fixtures.appendingPathComponent("encoder")
    }

    static func fixtureRecords() -> [FixtureRecord] {
        (0 ..< 40).map { (i: Int) -> FixtureRecord in
            let score: Double? = i % 4 == 3 ? nil : Double(i) * 0.25
            let big: UInt64 = i == 0 ? .max : UInt64(i) * 12_345_678_901
            let when = Date(timeIntervalSince1970: 1_600_000_000 + Double(i) * 90_061.5)
            let price = Decimal(string: "\(i % 3 == 0 ? "-" : "")\(i * 101).\(i % 100)") ?? 0
            let uid = UUID(uuid: (UInt8(i), 0x11, 0x22, 0x33, 0x44, 0x55, 0x46, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF))
            let raw = Data((0 ..< (i % 4)).map { (k: Int) -> UInt8 in UInt8(k * 60 + i) })
            let tags: [String] = (0 ..< (i % 3)).map { "tag\($0)" }
            let scores: [Int32?]? = i % 5 == 0 ? nil : [Int32(i), nil, -Int32(i)]
            let label: String? = i % 2 == 0 ? "p\(i)" : nil
            let point: Point? = i % 6 == 1 ? nil : Point(x: Double(i) / 2, label: label)
            let props: [String: String] = i % 4 == 0 ? [:] : ["a": "\(i)", "b": "x\(i % 3)"]
            let history: [Point] = (0 ..< (i % 3)).map { (k: Int) -> Point in Point(x: Double(k), label: k == 0 ? nil : "h\(k)") }
            return FixtureRecord(
                id: Int64(i) * 1_000_003 - 7, name: "name-\(i % 9)", score: score, small: Int8(truncatingIfNeeded: i * 37), big: big,
                ratio: Float(i) / 8, active: i % 2 == 0, when: when, price: price, uid: uid, raw: raw, tags: tags,
                scores: scores, point: point, props: props, history: history)
        }
    }

    static func fixtureEncoder() -> ParquetEncoder {
        var options = ParquetWriterOptions()
        options.compression = .snappy
        options.maxRowGroupRows = 16
        options.createdBy = "parquet-encoder fixture"
        var encoder = ParquetEncoder(options: options)
        encoder.decimalFormats = ["price": .init(precision: 10, scale: 2)]
        return encoder
    }

    /// The encoder's output for fixed values is the committed file, byte for byte. Set
    /// `PARQUET_WRITE_ENCODER_FIXTURE=1` to rewrite it after an intended change, then run
    /// `python3 scripts/encoder_fixture.py` for pyarrow's read-back.
    func testOutputIsTheCommittedFixture() throws {
        let bytes = try Self.fixtureEncoder().encode(Self.fixtureRecords())
        let url = Self.fixtureFolder.appendingPathComponent("records.parquet")
        if ProcessInfo.processInfo.environment["PARQUET_WRITE_ENCODER_FIXTURE"] == "1" {
            try bytes.write(to: url)
        }
        XCTAssertEqual(bytes, try Data(contentsOf: url), "the encoder's output changed; see the doc comment to regenerate")
        // Deterministic: a second run gives the same bytes.
        XCTAssertEqual(bytes, try Self.fixtureEncoder().encode(Self.fixtureRecords()))
    }

    /// pyarrow reads the committed file to the values we wrote, and so does our reader.
    func testPyarrowReadsTheValuesWeWrote() throws {
        let url = Self.fixtureFolder.appendingPathComponent("records.parquet")
        let ours = try ParquetFileReader(url: url).decode(FixtureRecord.self)
        XCTAssertEqual(ours, Self.fixtureRecords())
        let json = try Data(contentsOf: Self.fixtureFolder.appendingPathComponent("readback.json"))
        let theirs = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let rows = try XCTUnwrap(theirs["rows"] as? [Any])
        XCTAssertEqual(rows.count, ours.count)
        // Both sides as canonical JSON text (sorted keys), so numbers compare by value.
        func canonical(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        for (i, (record, row)) in zip(ours, rows).enumerated() {
            XCTAssertEqual(try canonical(Self.pyarrowForm(record)), try canonical(row), "record \(i)")
        }
        let schema = try XCTUnwrap(theirs["schema"] as? [String])
        XCTAssertEqual(schema.first, "id: int64 not null")
        XCTAssertTrue(schema.contains("when: timestamp[us, tz=UTC] not null"), "\(schema)")
        XCTAssertTrue(schema.contains("price: decimal128(10, 2) not null"), "\(schema)")
        XCTAssertTrue(schema.contains("big: uint64 not null"), "\(schema)")
    }

    /// A record as scripts/encoder_fixture.py renders pyarrow's values: timestamps in
    /// microseconds, decimals as text, UUIDs and binary as hex, maps as [key, value] pairs.
    static func pyarrowForm(_ r: FixtureRecord) -> [String: Any] {
        func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 { bytes.map { String(format: "%02x", $0) }.joined() }
        func point(_ p: Point) -> [String: Any] { ["x": p.x, "label": p.label ?? NSNull()] }
        var scores: Any = NSNull()
        if let list = r.scores { scores = list.map { (value: Int32?) -> Any in value.map { Int($0) } ?? NSNull() } }
        return [
            "id": r.id, "name": r.name, "score": r.score ?? NSNull(), "small": Int(r.small), "big": String(r.big),
            "ratio": Double(r.ratio), "active": r.active, "when": Int64((r.when.timeIntervalSince1970 * 1e6).rounded()),
            "price": NSDecimalNumber(decimal: r.price).description(withLocale: Locale(identifier: "en_US_POSIX")),
            "uid": hex(withUnsafeBytes(of: r.uid.uuid) { Array($0) }), "raw": hex(r.raw),
            "tags": r.tags, "scores": scores,
            "point": r.point.map(point) ?? NSNull(),
            "props": r.props.sorted { $0.key < $1.key }.map { [$0.key, $0.value] },
            "history": r.history.map(point),
        ]
    }
}
