import Foundation

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
