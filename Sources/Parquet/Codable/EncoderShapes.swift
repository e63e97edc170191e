import Foundation

// Schema derivation for ParquetEncoder: a probe `Encoder` records the shape of values (which
// keys, which types, which may be nil), the shapes of many values are united, and the result
// becomes the Parquet schema plus the plan the shredder writes columns by.

/// The leaf types ``ParquetEncoder`` writes.
enum EncodedLeaf: Equatable {
    case bool
    case integer(bits: Int, signed: Bool)
    case float, double, string, binary, date, decimal, uuid

    var name: String {
        switch self {
        case .bool: "Bool"
        case let .integer(bits, signed): bits == 64 ? (signed ? "Int64" : "UInt64") : "\(signed ? "Int" : "UInt")\(bits)"
        case .float: "Float"
        case .double: "Double"
        case .string: "String"
        case .binary: "Data"
        case .date: "Date"
        case .decimal: "Decimal"
        case .uuid: "UUID"
        }
    }

    /// The leaf a Swift type is written as when the encoder knows the type itself (scalars
    /// and the Foundation types with a Parquet meaning); nil for anything else.
    static func of(_ type: Any.Type) -> EncodedLeaf? {
        if let special = special(type) { return special }
        if type == String.self { return .string }
        if type == Bool.self { return .bool }
        if type == Double.self { return .double }
        if type == Float.self { return .float }
        if type == Int.self || type == Int64.self { return .integer(bits: 64, signed: true) }
        if type == Int32.self { return .integer(bits: 32, signed: true) }
        if type == Int16.self { return .integer(bits: 16, signed: true) }
        if type == Int8.self { return .integer(bits: 8, signed: true) }
        if type == UInt.self || type == UInt64.self { return .integer(bits: 64, signed: false) }
        if type == UInt32.self { return .integer(bits: 32, signed: false) }
        if type == UInt16.self { return .integer(bits: 16, signed: false) }
        if type == UInt8.self { return .integer(bits: 8, signed: false) }
        return nil
    }

    /// `Date`, `Decimal`, `UUID` and `Data`: types whose own `Encodable` form is not what
    /// Parquet stores, so the encoder takes their values before `encode(to:)`.
    @inline(__always)
    static func special(_ type: Any.Type) -> EncodedLeaf? {
        if type == Date.self { return .date }
        if type == Decimal.self { return .decimal }
        if type == UUID.self { return .uuid }
        if type == Data.self { return .binary }
        return nil
    }
}

/// `Optional`, seen from a generic context.
protocol EncoderOptionalMarker {
    static var encoderWrappedType: Any.Type { get }
}

extension Optional: EncoderOptionalMarker {
    static var encoderWrappedType: Any.Type { Wrapped.self }
}

/// `Array`, seen from a generic context (its element type, for lists that are always empty).
protocol EncoderArrayMarker {
    static var encoderElementType: Any.Type { get }
}

extension Array: EncoderArrayMarker {
    static var encoderElementType: Any.Type { Element.self }
}

/// `[String: V]`, written as a MAP with its entries in key order (so output is deterministic).
protocol EncoderStringKeyedMap {
    static var encoderValueType: Any.Type { get }
    func encoderEntries() -> [(key: String, value: any Encodable)]
}

extension Dictionary: EncoderStringKeyedMap where Key == String, Value: Encodable {
    static var encoderValueType: Any.Type { Value.self }
    func encoderEntries() -> [(key: String, value: any Encodable)] {
        sorted { $0.key < $1.key }.map { ($0.key, $0.value as any Encodable) }
    }
}

/// A coding path as text: keys joined by dots, list positions in brackets.
func encoderPathText(_ path: [CodingKey]) -> String {
    var text = ""
    for key in path {
        if key is IndexKey, let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
    }
    return text.isEmpty ? "<record>" : text
}

/// The key of a map entry in a coding path.
struct EncoderMapKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

// MARK: - Shapes

/// What the probe learnt about one field (or list element, or map value) over all values.
final class ShapeNode {
    enum Kind: Equatable { case unknown, leaf(EncodedLeaf), group, list, map }
    var kind = Kind.unknown
    /// A nil was seen, or the type is `Optional`.
    var nullable = false
    /// The first Swift type the field was encoded as (resolves fields seen only as nil or
    /// lists seen only empty, when the type is a scalar, an array or a dictionary).
    var declaredType: Any.Type?
    /// Group fields in first-seen order.
    var names: [String] = []
    var fields: [ShapeNode] = []
    var index: [String: Int] = [:]
    /// Group: structs seen. Field: values of its parent that wrote it.
    var instances = 0
    var presence = 0
    /// List element or map value.
    var element: ShapeNode?

    func field(_ name: String) -> ShapeNode {
        if let i = index[name] { return fields[i] }
        let node = ShapeNode()
        index[name] = fields.count
        names.append(name)
        fields.append(node)
        return node
    }

    func elementNode() -> ShapeNode {
        if let element { return element }
        let node = ShapeNode()
        element = node
        return node
    }
}

/// Records the shapes of values; the first inconsistency is kept and thrown.
final class ShapeProbe {
    let root = ShapeNode()
    private var error: EncodingError?

    /// Adds the shape of one record.
    func record<T: Encodable>(_ value: T) throws {
        error = nil
        let before = root.instances
        try value.encode(to: ShapeEncoder(probe: self, node: root, codingPath: []))
        if root.instances == before {
            fail([], "a record must encode as a keyed container (a struct or class with fields), but \(T.self) does not")
        }
        if let error { throw error }
    }

    func fail(_ path: [CodingKey], _ message: String) {
        if error == nil {
            error = EncodingError.invalidValue(path, .init(codingPath: path, debugDescription: "\(encoderPathText(path)): \(message)"))
        }
    }

    func setKind(_ node: ShapeNode, _ kind: ShapeNode.Kind, _ path: [CodingKey]) {
        if node.kind == .unknown {
            node.kind = kind
        } else if node.kind != kind {
            fail(path, "encoded as \(Self.describe(kind)) here but as \(Self.describe(node.kind)) in an earlier value")
        }
    }

    static func describe(_ kind: ShapeNode.Kind) -> String {
        switch kind {
        case .unknown: "nothing"
        case .leaf(let leaf): "a \(leaf.name)"
        case .group: "a struct"
        case .list: "a list"
        case .map: "a dictionary"
        }
    }

    /// Records `value` at `node`: special leaf types and dictionaries directly, anything
    /// else through its `encode(to:)`.
    func observe<T: Encodable>(_ value: T, at node: ShapeNode, path: [CodingKey]) throws {
        if node.declaredType == nil { node.declaredType = T.self }
        if T.self is any EncoderOptionalMarker.Type { node.nullable = true }
        if let leaf = EncodedLeaf.special(T.self) {
            setKind(node, .leaf(leaf), path)
            return
        }
        if let map = value as? any EncoderStringKeyedMap {
            setKind(node, .map, path)
            let element = node.elementNode()
            if element.declaredType == nil { element.declaredType = type(of: map).encoderValueType }
            for entry in map.encoderEntries() {
                try observe(entry.value, at: element, path: path + [EncoderMapKey(entry.key)])
            }
            return
        }
        if let array = T.self as? any EncoderArrayMarker.Type {
            let element = node.elementNode()
            if element.declaredType == nil { element.declaredType = array.encoderElementType }
        }
        try value.encode(to: ShapeEncoder(probe: self, node: node, codingPath: path))
    }
}

struct ShapeEncoder: Encoder {
    let probe: ShapeProbe
    let node: ShapeNode
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        probe.setKind(node, .group, codingPath)
        node.instances += 1
        return KeyedEncodingContainer(ShapeKeyedContainer<Key>(probe: probe, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        probe.setKind(node, .list, codingPath)
        return ShapeUnkeyedContainer(probe: probe, element: node.elementNode(), codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        ShapeSingleContainer(probe: probe, node: node, codingPath: codingPath)
    }
}

struct ShapeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let probe: ShapeProbe
    let node: ShapeNode
    let codingPath: [CodingKey]

    private func present(_ key: Key) -> ShapeNode {
        let field = node.field(key.stringValue)
        field.presence += 1
        return field
    }

    private func leaf(_ type: Any.Type, _ key: Key) {
        let field = present(key)
        if field.declaredType == nil { field.declaredType = type }
        if let leaf = EncodedLeaf.of(type) { probe.setKind(field, .leaf(leaf), codingPath + [key]) }
    }

    mutating func encodeNil(forKey key: Key) throws { node.field(key.stringValue).nullable = true }
    mutating func encode(_ value: Bool, forKey key: Key) throws { leaf(Bool.self, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { leaf(String.self, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { leaf(Double.self, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { leaf(Float.self, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { leaf(Int.self, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { leaf(Int8.self, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { leaf(Int16.self, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { leaf(Int32.self, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { leaf(Int64.self, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { leaf(UInt.self, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { leaf(UInt8.self, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { leaf(UInt16.self, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { leaf(UInt32.self, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { leaf(UInt64.self, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try probe.observe(value, at: present(key), path: codingPath + [key])
    }

    // `encodeIfPresent` marks the field optional even when the value is there, so a field
    // that happens to be set in every value seen still becomes OPTIONAL.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        let field = node.field(key.stringValue)
        field.nullable = true
        if let value {
            field.presence += 1
            try probe.observe(value, at: field, path: codingPath + [key])
        } else if field.declaredType == nil {
            field.declaredType = T.self
        }
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool?, generic: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeIfPresent(value as String?, generic: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeIfPresent(value as Double?, generic: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeIfPresent(value as Float?, generic: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int?, generic: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeIfPresent(value as Int8?, generic: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeIfPresent(value as Int16?, generic: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeIfPresent(value as Int32?, generic: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeIfPresent(value as Int64?, generic: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeIfPresent(value as UInt?, generic: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeIfPresent(value as UInt8?, generic: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeIfPresent(value as UInt16?, generic: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeIfPresent(value as UInt32?, generic: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeIfPresent(value as UInt64?, generic: key) }

    private mutating func encodeIfPresent<T: Encodable>(_ value: T?, generic key: Key) throws {
        let field = node.field(key.stringValue)
        field.nullable = true
        if field.declaredType == nil { field.declaredType = T.self }
        if value != nil, let leaf = EncodedLeaf.of(T.self) {
            field.presence += 1
            probe.setKind(field, .leaf(leaf), codingPath + [key])
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        ShapeEncoder(probe: probe, node: present(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        ShapeEncoder(probe: probe, node: present(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        let field = node.field("super")
        field.presence += 1
        return ShapeEncoder(probe: probe, node: field, codingPath: codingPath + [EncoderMapKey("super")])
    }

    mutating func superEncoder(forKey key: Key) -> Encoder {
        ShapeEncoder(probe: probe, node: present(key), codingPath: codingPath + [key])
    }
}

/// The unkeyed and single-value containers of the probe: the scalar `encode` overloads,
/// shared, record the scalar's type at the next value's node.
protocol ShapeLeafRecording {
    mutating func leaf(_ type: Any.Type)
}

extension ShapeLeafRecording {
    mutating func encode(_ value: Bool) throws { leaf(Bool.self) }
    mutating func encode(_ value: String) throws { leaf(String.self) }
    mutating func encode(_ value: Double) throws { leaf(Double.self) }
    mutating func encode(_ value: Float) throws { leaf(Float.self) }
    mutating func encode(_ value: Int) throws { leaf(Int.self) }
    mutating func encode(_ value: Int8) throws { leaf(Int8.self) }
    mutating func encode(_ value: Int16) throws { leaf(Int16.self) }
    mutating func encode(_ value: Int32) throws { leaf(Int32.self) }
    mutating func encode(_ value: Int64) throws { leaf(Int64.self) }
    mutating func encode(_ value: UInt) throws { leaf(UInt.self) }
    mutating func encode(_ value: UInt8) throws { leaf(UInt8.self) }
    mutating func encode(_ value: UInt16) throws { leaf(UInt16.self) }
    mutating func encode(_ value: UInt32) throws { leaf(UInt32.self) }
    mutating func encode(_ value: UInt64) throws { leaf(UInt64.self) }
}

struct ShapeUnkeyedContainer: UnkeyedEncodingContainer, ShapeLeafRecording {
    let probe: ShapeProbe
    let element: ShapeNode
    let codingPath: [CodingKey]
    var count = 0

    init(probe: ShapeProbe, element: ShapeNode, codingPath: [CodingKey]) {
        self.probe = probe
        self.element = element
        self.codingPath = codingPath
    }

    private mutating func next() -> [CodingKey] {
        count += 1
        return codingPath + [IndexKey(count - 1)]
    }

    mutating func leaf(_ type: Any.Type) {
        let path = next()
        if element.declaredType == nil { element.declaredType = type }
        if let leaf = EncodedLeaf.of(type) { probe.setKind(element, .leaf(leaf), path) }
    }

    mutating func encodeNil() throws { _ = next(); element.nullable = true }
    mutating func encode<T: Encodable>(_ value: T) throws { try probe.observe(value, at: element, path: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ShapeEncoder(probe: probe, node: element, codingPath: next()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        ShapeEncoder(probe: probe, node: element, codingPath: next()).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { ShapeEncoder(probe: probe, node: element, codingPath: next()) }
}

struct ShapeSingleContainer: SingleValueEncodingContainer, ShapeLeafRecording {
    let probe: ShapeProbe
    let node: ShapeNode
    let codingPath: [CodingKey]

    mutating func leaf(_ type: Any.Type) {
        if node.declaredType == nil { node.declaredType = type }
        if let leaf = EncodedLeaf.of(type) { probe.setKind(node, .leaf(leaf), codingPath) }
    }

    mutating func encodeNil() throws { node.nullable = true }
    mutating func encode<T: Encodable>(_ value: T) throws { try probe.observe(value, at: node, path: codingPath) }
}
