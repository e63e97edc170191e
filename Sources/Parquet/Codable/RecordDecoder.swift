import Foundation

/// `Decodable` records straight from the column buffers of a batch.
///
/// A flat column (a top-level leaf) is read cell by cell from its typed buffer: the value
/// position of each record is computed once per batch from the definition levels, and a cell
/// becomes a scalar (``ParquetValue`` numbers, dates and timestamps are plain values, no box)
/// only for the conversion to the requested Swift type. A nested column (list, map, struct,
/// variant) is assembled into ``ParquetValue`` trees once per batch and decoded from those.
final class BatchDecodingState {
    enum Source {
        /// Values of a top-level leaf; `positions[row]` is the value's index, -1 for null.
        case flat(ParquetValueReader, positions: [Int32])
        /// One assembled value per record.
        case nested([ParquetValue])
    }

    let names: [String]
    let index: [String: Int]
    let sources: [Source]
    /// The record being decoded: its row in the batch and its position in the file.
    var row = 0
    var record = 0
    /// Field indices of the last record's keys in call order, so that a record decodes
    /// without hashing its keys (a struct's `init(from:)` asks in the same order each time).
    var keyCache: [(String, Int)] = []
    var keyCall = 0

    init(batch: RecordBatch) throws {
        var names: [String] = [], sources: [Source] = []
        for field in batch.fieldIndices {
            let node = batch.schema.fields[field]
            names.append(node.name)
            if let leaf = node.columnIndex, node.repetition != .repeated, let column = batch.column(at: leaf) {
                let reader = try withContext(column: node.name) { try ParquetValueReader(column) }
                var positions = [Int32](repeating: -1, count: batch.numRows)
                let levels = column.definitionLevels, maxLevel = UInt32(column.descriptor.maxDefinitionLevel)
                guard column.levelCount == batch.numRows, levels.isEmpty || levels.count == batch.numRows else {
                    throw ParquetError(.corrupt, "column data does not match the batch's \(batch.numRows) rows", column: node.name)
                }
                var next: Int32 = 0
                for row in 0 ..< batch.numRows where levels.isEmpty || levels[row] == maxLevel {
                    positions[row] = next
                    next &+= 1
                }
                sources.append(.flat(reader, positions: positions))
            } else {
                sources.append(.nested(try batch.values(ofField: field)))
            }
        }
        self.names = names
        self.sources = sources
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    /// The field index of `key` in the current record (nil when the batch has no such field).
    @inline(__always)
    func field(_ key: String) -> Int? {
        if keyCall < keyCache.count, keyCache[keyCall].0 == key {
            keyCall &+= 1
            return keyCache[keyCall &- 1].1
        }
        guard let i = index[key] else { return nil }
        if keyCall < keyCache.count { keyCache[keyCall] = (key, i) } else { keyCache.append((key, i)) }
        keyCall &+= 1
        return i
    }

    /// The value of field `i` in the current record.
    @inline(__always)
    func value(_ i: Int) throws -> ParquetValue {
        switch sources[i] {
        case .flat(let reader, let positions):
            let p = positions[row]
            return p < 0 ? .null : try reader.value(Int(p))
        case .nested(let values):
            return values[row]
        }
    }

    func describe(_ path: [CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key is IndexKey { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return "column '\(text)', record \(record)"
    }
}

/// The `Decoder` of one record: a keyed container over the batch's top-level fields.
struct RecordDecoder: Decoder {
    let state: BatchDecodingState
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        state.keyCall = 0
        return KeyedDecodingContainer(RecordContainer<Key>(state: state))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "record \(state.record) is a struct of columns, not a list"))
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "record \(state.record) is a struct of columns, not a single value"))
    }
}

/// The top-level fields of the current record, each decoded from its column.
struct RecordContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: BatchDecodingState
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { state.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { state.index[key.stringValue] != nil }

    private func value(_ key: Key) throws -> ParquetValue {
        guard let i = state.field(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "no column '\(key.stringValue)' in the file (record \(state.record))"))
        }
        return try state.value(i)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try CodableValues.decode(type, from: value(key), path: [key], state: state)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try CodableValues.bool(value(key), [key], state) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try CodableValues.string(value(key), [key], state) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try CodableValues.double(value(key), [key], state) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try CodableValues.float(value(key), [key], state) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try CodableValues.integer(value(key), [key], state) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try CodableValues.integer(value(key), [key], state) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(key), codingPath: [key], state: state).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: value(key), codingPath: [key], state: state).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { RecordDecoder(state: state) }
    func superDecoder(forKey key: Key) throws -> Decoder { try ValueDecoder(value: value(key), codingPath: [key], state: state) }
}

/// Conversions of one value to the Swift types Parquet values decode into, shared by the
/// flat-column and the value-tree paths; every failure is a `DecodingError` naming the
/// column (coding path) and the record.
enum CodableValues {
    static func decode<T: Decodable>(_ type: T.Type, from value: ParquetValue, path: [CodingKey], state: BatchDecodingState) throws -> T {
        // Types with a Parquet meaning of their own, and the common scalars without a
        // decoder round trip; each cast only confirms the type just compared.
        if T.self == Date.self, let r = try date(value, path, state) as? T { return r }
        if T.self == Decimal.self, let r = try decimal(value, path, state) as? T { return r }
        if T.self == UUID.self, let r = try uuid(value, path, state) as? T { return r }
        if T.self == Data.self, let r = Data(try bytes(value, path, state)) as? T { return r }
        if T.self == String.self, let r = try string(value, path, state) as? T { return r }
        if T.self == Double.self, let r = try double(value, path, state) as? T { return r }
        if T.self == Int.self, let r = try integer(value, path, state) as Int as? T { return r }
        if T.self == Int64.self, let r = try integer(value, path, state) as Int64 as? T { return r }
        if T.self == Bool.self, let r = try bool(value, path, state) as? T { return r }
        if case .null = value, !(type is ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "\(state.describe(path)) is null"))
        }
        return try T(from: ValueDecoder(value: value, codingPath: path, state: state))
    }

    static func mismatch(_ type: Any.Type, _ value: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "\(state.describe(path)) is null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "\(state.describe(path)): cannot decode \(type) from \(value.kindName) \(String(value.description.prefix(80)))"))
    }

    static func bool(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .variant(.bool(let b)): return b
        default: throw mismatch(Bool.self, v, path, state)
        }
    }

    static func string(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> String {
        switch v {
        case .string(let s): return s
        case .variant(.string(let s)): return s
        default: throw mismatch(String.self, v, path, state)
        }
    }

    static func integer<T: FixedWidthInteger>(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> T {
        let result: T?
        switch v {
        case .int(let x): result = T(exactly: x)
        case .uint(let x): result = T(exactly: x)
        case .variant(.int8(let x)): result = T(exactly: x)
        case .variant(.int16(let x)): result = T(exactly: x)
        case .variant(.int32(let x)): result = T(exactly: x)
        case .variant(.int64(let x)): result = T(exactly: x)
        case .decimal(let d) where d.scale == 0: result = d.unscaledInt64.flatMap { T(exactly: $0) }
        default: throw mismatch(T.self, v, path, state)
        }
        guard let result else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(state.describe(path)): \(v) does not fit in \(T.self)"))
        }
        return result
    }

    static func double(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Double {
        switch v {
        case .double(let x): return x
        case .float(let x): return Double(x)
        case .int(let x): return Double(x)
        case .uint(let x): return Double(x)
        case .decimal(let d): return NSDecimalNumber(decimal: d.decimalValue).doubleValue
        case .variant(.double(let x)): return x
        case .variant(.float(let x)): return Double(x)
        case .variant(.int8(let x)): return Double(x)
        case .variant(.int16(let x)): return Double(x)
        case .variant(.int32(let x)): return Double(x)
        case .variant(.int64(let x)): return Double(x)
        default: throw mismatch(Double.self, v, path, state)
        }
    }

    static func float(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Float {
        if case .float(let x) = v { return x }
        return Float(try double(v, path, state))
    }

    static func date(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Date {
        switch v {
        case .timestamp(let x, let unit, _), .variant(.timestamp(let x, let unit, _)):
            let perSecond: Int64 = unit == .millis ? 1_000 : unit == .micros ? 1_000_000 : 1_000_000_000
            let (seconds, fraction) = x.quotientAndRemainder(dividingBy: perSecond)
            return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / Double(perSecond))
        case .date(let days), .variant(.date(let days)):
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        default: throw mismatch(Date.self, v, path, state)
        }
    }

    static func decimal(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Decimal {
        switch v {
        case .decimal(let d): return d.decimalValue
        case .variant(.decimal(let d)):
            return d.unscaledBigEndian.withUnsafeBytes { raw in
                var text: [UInt8] = []
                ValueText.appendDecimal(bigEndian: raw, scale: d.scale, to: &text)
                return Decimal(string: String(decoding: text, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX")) ?? .nan
            }
        case .int(let x): return Decimal(x)
        case .uint(let x): return Decimal(x)
        case .double(let x) where x.isFinite: return Decimal(x)
        case .float(let x) where x.isFinite: return Decimal(Double(x))
        default: throw mismatch(Decimal.self, v, path, state)
        }
    }

    static func uuid(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> UUID {
        switch v {
        case .uuid(let u), .variant(.uuid(let u)): return u
        case .string(let s): if let u = UUID(uuidString: s) { return u }
        default: break
        }
        throw mismatch(UUID.self, v, path, state)
    }

    static func bytes(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> [UInt8] {
        switch v {
        case .binary(let b), .variant(.binary(let b)): return b
        case .string(let s): return Array(s.utf8)
        case .uuid(let u): return withUnsafeBytes(of: u.uuid) { Array($0) }
        default: throw mismatch(Data.self, v, path, state)
        }
    }
}

extension ParquetValue {
    /// The case name, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .float: "float"
        case .double: "double"
        case .decimal: "decimal"
        case .string: "string"
        case .binary: "binary"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .list: "list"
        case .map: "map"
        case .struct: "struct"
        case .variant: "variant"
        case .geometry: "geometry"
        }
    }
}

/// A `Decoder` over one (nested) value of a record: structs and maps are keyed containers,
/// lists unkeyed ones, scalars single values.
struct ValueDecoder: Decoder {
    let value: ParquetValue
    let codingPath: [CodingKey]
    let state: BatchDecodingState
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let members: [(String, ParquetValue)]
        switch value {
        case .struct(let fields): members = fields.map { ($0.name, $0.value) }
        case .map(let entries):
            members = entries.map { entry in
                let key: String
                if case .string(let s) = entry.key { key = s } else { key = entry.key.description }
                return (key, entry.value)
            }
        case .variant(.object(let fields)): members = fields.map { ($0.key, .variant($0.value)) }
        default: throw CodableValues.mismatch([String: Any].self, value, codingPath, state)
        }
        return KeyedDecodingContainer(ValueKeyedContainer<Key>(members: members, codingPath: codingPath, state: state))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        switch value {
        case .list(let elements): return ValueUnkeyedContainer(elements: elements, codingPath: codingPath, state: state)
        case .binary(let bytes): return ValueUnkeyedContainer(elements: bytes.map { .uint(UInt64($0)) }, codingPath: codingPath, state: state)
        case .variant(.array(let elements)): return ValueUnkeyedContainer(elements: elements.map { .variant($0) }, codingPath: codingPath, state: state)
        case .map(let entries):
            // Dictionaries with keys other than String and Int decode from key, value, key, ...
            return ValueUnkeyedContainer(elements: entries.flatMap { [$0.key, $0.value] }, codingPath: codingPath, state: state)
        default: throw CodableValues.mismatch([Any].self, value, codingPath, state)
        }
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        ValueSingleContainer(value: value, codingPath: codingPath, state: state)
    }
}

/// The key of a list element in a coding path.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct ValueKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, ParquetValue)]
    let codingPath: [CodingKey]
    let state: BatchDecodingState

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool { members.contains { $0.0 == key.stringValue } }

    private func value(_ key: Key) throws -> ParquetValue {
        guard let member = members.first(where: { $0.0 == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath + [key], debugDescription: "\(state.describe(codingPath)) has no field '\(key.stringValue)'"))
        }
        return member.1
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try CodableValues.decode(type, from: value(key), path: codingPath + [key], state: state)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key], state: state).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key], state: state).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { ValueDecoder(value: .struct(members.map { .init(name: $0.0, value: $0.1) }), codingPath: codingPath, state: state) }
    func superDecoder(forKey key: Key) throws -> Decoder { try ValueDecoder(value: value(key), codingPath: codingPath + [key], state: state) }
}

struct ValueUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [ParquetValue]
    let codingPath: [CodingKey]
    let state: BatchDecodingState
    var currentIndex = 0

    init(elements: [ParquetValue], codingPath: [CodingKey], state: BatchDecodingState) {
        self.elements = elements
        self.codingPath = codingPath
        self.state = state
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> (ParquetValue, [CodingKey]) {
        let path = codingPath + [IndexKey(currentIndex)]
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "\(state.describe(codingPath)) has only \(elements.count) elements"))
        }
        currentIndex += 1
        return (elements[currentIndex - 1], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count else { return false }
        if elements[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try CodableValues.decode(type, from: value, path: path, state: state)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next([String: Any].self)
        return try ValueDecoder(value: value, codingPath: path, state: state).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (value, path) = try next([Any].self)
        return try ValueDecoder(value: value, codingPath: path, state: state).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
        let (value, path) = try next(Any.self)
        return ValueDecoder(value: value, codingPath: path, state: state)
    }
}

struct ValueSingleContainer: SingleValueDecodingContainer {
    let value: ParquetValue
    let codingPath: [CodingKey]
    let state: BatchDecodingState

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try CodableValues.bool(value, codingPath, state) }
    func decode(_ type: String.Type) throws -> String { try CodableValues.string(value, codingPath, state) }
    func decode(_ type: Double.Type) throws -> Double { try CodableValues.double(value, codingPath, state) }
    func decode(_ type: Float.Type) throws -> Float { try CodableValues.float(value, codingPath, state) }
    func decode(_ type: Int.Type) throws -> Int { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: Int8.Type) throws -> Int8 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: Int16.Type) throws -> Int16 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: Int32.Type) throws -> Int32 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: Int64.Type) throws -> Int64 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: UInt.Type) throws -> UInt { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try CodableValues.integer(value, codingPath, state) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try CodableValues.integer(value, codingPath, state) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try CodableValues.decode(type, from: value, path: codingPath, state: state) }
}

/// Records of a file decoded as `T`, one batch at a time, from
/// ``ParquetFileReader/records(as:columns:)``.
public struct RecordIterator<T: Decodable> {
    private var batches: BatchIterator
    private var state: BatchDecodingState?
    private var rows = 0
    private var record = 0

    init(batches: BatchIterator) {
        self.batches = batches
    }

    /// The next record, or nil after the last.
    ///
    /// - Throws: `DecodingError` naming the column and the record for a missing or
    ///   mismatched field; `ParquetError` for unreadable data.
    public mutating func next() throws -> T? {
        while state == nil || state?.row == rows {
            guard let batch = try batches.next() else { return nil }
            state = try BatchDecodingState(batch: batch)
            state?.row = 0
            rows = batch.numRows
        }
        guard let state else { return nil }
        state.record = record
        let value = try T(from: RecordDecoder(state: state))
        state.row += 1
        record += 1
        return value
    }
}

extension ParquetFileReader {
    /// Every record of the file decoded as `T` (see ``records(as:columns:)``).
    ///
    /// ```swift
    /// struct Order: Decodable { var id: String; var quantity: Int; var tags: [String]; var note: String? }
    /// let orders = try ParquetFileReader(path: "orders.parquet").decode(Order.self)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type, columns: [String]? = nil) throws -> [T] {
        var records = try self.records(as: type, columns: columns)
        var result: [T] = []
        while let record = try records.next() { result.append(record) }
        return result
    }

    /// The file's records decoded as `T`, streamed one batch at a time (memory is bounded by
    /// the batch limits).
    ///
    /// Properties map to top-level fields by their `CodingKeys` names; nested structs decode
    /// from groups, arrays from lists, dictionaries from maps (keys by their text), optionals
    /// from nullable fields; `Date` from TIMESTAMP or DATE, `Decimal` from DECIMAL (or
    /// integers), `UUID` from UUID, `Data` and `[UInt8]` from binary, and every integer and
    /// floating-point width from any integer column whose values fit (floats from any number).
    /// Flat columns are decoded straight from their column buffers.
    ///
    /// - Parameter columns: the columns to read (see ``columns(named:)``); nil for all.
    ///   Selecting only the fields `T` needs saves their decoding.
    /// - Throws: `ParquetError.invalidArgument` for an unknown column name; on `next()`,
    ///   `DecodingError` naming the column (coding path) and the record index for a missing
    ///   field, a null in a non-optional property, or a type that does not match.
    public func records<T: Decodable>(as type: T.Type, columns: [String]? = nil) throws -> RecordIterator<T> {
        RecordIterator(batches: try batches(columns: columns))
    }
}
