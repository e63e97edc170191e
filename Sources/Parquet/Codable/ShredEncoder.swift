import Foundation

// The `Encoder` and containers of the shredder (see RecordShredder). Calls that cannot throw
// (opening containers) keep their failure in the shredder, which throws it when the value
// ends; the record is then rolled back.

struct ShredEncoder: Encoder {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Puts `frame` in `mode`, or records why it cannot be.
    static func enter(_ frame: ShredFrame, _ mode: ShredFrame.Mode, _ shredder: RecordShredder, _ what: String) {
        let fits: Bool
        switch (mode, frame.node.kind) {
        case (.keyed, .group), (.unkeyed, .list), (.single, _): fits = true
        default: fits = false
        }
        guard fits, frame.mode == .fresh || frame.mode == mode else {
            shredder.postpone(shredder.mismatch(frame.node, frame.path, what))
            return
        }
        frame.mode = mode
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        Self.enter(frame, .keyed, shredder, "a struct")
        return KeyedEncodingContainer(ShredKeyedContainer<Key>(shredder: shredder, frame: frame))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        Self.enter(frame, .unkeyed, shredder, "a list")
        return ShredUnkeyedContainer(shredder: shredder, frame: frame)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        ShredSingleContainer(shredder: shredder, frame: frame)
    }
}

struct ShredKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }

    /// The schema node of field `key`, marked written.
    @inline(__always)
    private func field(_ key: Key) throws -> PlanNode {
        if let pending = shredder.pending { throw pending }
        guard frame.mode == .keyed else { throw shredder.mismatch(frame.node, frame.path, "a struct") }
        let node = frame.node
        let call = frame.calls
        frame.calls = call &+ 1
        guard let i = node.fieldIndex(key.stringValue, call: call) else {
            throw shredder.failure(codingPath + [key], "is not in the schema derived from the first values (it was absent from all of them); pass a prototype value with it set")
        }
        guard frame.mark(i) else { throw shredder.failure(codingPath + [key], "is encoded twice") }
        return node.fields[i]
    }

    private func path(_ key: Key) -> [CodingKey] { frame.path + [key] }

    mutating func encodeNil(forKey key: Key) throws {
        try shredder.null(at: field(key), parentDef: frame.node.def, rep: frame.rep, path: path(key))
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws { try shredder.bool(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: String, forKey key: Key) throws { try shredder.string(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try shredder.double(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try shredder.float(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try shredder.integer(value, at: field(key), rep: frame.rep, path: path(key)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try shredder.encode(value, at: field(key), rep: frame.rep, parentDef: frame.node.def, path: path(key))
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// A frame for a container opened on field `key`, ended with this struct.
    private func nestedFrame(_ key: Key) -> ShredFrame {
        let node: PlanNode
        do {
            node = try field(key)
        } catch {
            shredder.postpone(error as? EncodingError ?? shredder.failure(path(key), "\(error)"))
            node = frame.node
        }
        let nested = ShredFrame(node: node, rep: frame.rep, parentDef: frame.node.def, path: path(key))
        frame.nested.append(nested)
        return nested
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        ShredEncoder(shredder: shredder, frame: nestedFrame(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        ShredEncoder(shredder: shredder, frame: nestedFrame(key)).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        if let key = Key(stringValue: "super") { return superEncoder(forKey: key) }
        shredder.postpone(shredder.failure(frame.path, "superEncoder() needs a coding key named 'super'"))
        return ShredEncoder(shredder: shredder, frame: frame)
    }

    mutating func superEncoder(forKey key: Key) -> Encoder {
        ShredEncoder(shredder: shredder, frame: nestedFrame(key))
    }
}

/// The unkeyed and single-value containers: where their next value goes. The scalar
/// `encode` overloads, shared, write it straight into its leaf column.
protocol ShredValueSlots {
    var shredder: RecordShredder { get }
    var frame: ShredFrame { get }
    /// The node the next value goes to, its repetition level and its position (for
    /// ``codingPath(at:)``, built only for a message).
    func nextSlot() throws -> (node: PlanNode, rep: UInt32, position: Int)
    func codingPath(at position: Int) -> [CodingKey]
}

extension ShredValueSlots {
    mutating func encode(_ value: Bool) throws { let s = try nextSlot(); try shredder.bool(value, at: s.node, rep: s.rep, path: codingPath(at: s.position)) }
    mutating func encode(_ value: String) throws { let s = try nextSlot(); try shredder.string(value, at: s.node, rep: s.rep, path: codingPath(at: s.position)) }
    mutating func encode(_ value: Double) throws { let s = try nextSlot(); try shredder.double(value, at: s.node, rep: s.rep, path: codingPath(at: s.position)) }
    mutating func encode(_ value: Float) throws { let s = try nextSlot(); try shredder.float(value, at: s.node, rep: s.rep, path: codingPath(at: s.position)) }
    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    @inline(__always)
    private func integer<I: FixedWidthInteger>(_ value: I) throws {
        let s = try nextSlot()
        try shredder.integer(value, at: s.node, rep: s.rep, path: codingPath(at: s.position))
    }
}

struct ShredUnkeyedContainer: UnkeyedEncodingContainer, ShredValueSlots {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }
    var count: Int { frame.count }

    @inline(__always)
    func nextSlot() throws -> (node: PlanNode, rep: UInt32, position: Int) {
        if let pending = shredder.pending { throw pending }
        guard frame.mode == .unkeyed, let element = frame.node.element else {
            throw shredder.mismatch(frame.node, frame.path, "a list")
        }
        let i = frame.count
        frame.count = i &+ 1
        return (element, i == 0 ? frame.rep : frame.node.repeatedRep, i)
    }

    func codingPath(at position: Int) -> [CodingKey] { frame.path + [IndexKey(position)] }

    mutating func encodeNil() throws {
        let s = try nextSlot()
        try shredder.null(at: s.node, parentDef: frame.node.repeatedDef, rep: s.rep, path: codingPath(at: s.position))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let s = try nextSlot()
        try shredder.encode(value, at: s.node, rep: s.rep, parentDef: frame.node.repeatedDef, path: codingPath(at: s.position))
    }

    private func nestedFrame() -> ShredFrame {
        do {
            let s = try nextSlot()
            let nested = ShredFrame(node: s.node, rep: s.rep, parentDef: frame.node.repeatedDef, path: codingPath(at: s.position))
            frame.nested.append(nested)
            return nested
        } catch {
            shredder.postpone(error as? EncodingError ?? shredder.failure(frame.path, "\(error)"))
            return ShredFrame(node: frame.node, rep: frame.rep, parentDef: frame.parentDef, path: frame.path)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ShredEncoder(shredder: shredder, frame: nestedFrame()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        ShredEncoder(shredder: shredder, frame: nestedFrame()).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { ShredEncoder(shredder: shredder, frame: nestedFrame()) }
}

struct ShredSingleContainer: SingleValueEncodingContainer, ShredValueSlots {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }

    /// Enters single-value mode; a second value is an error.
    @inline(__always)
    func nextSlot() throws -> (node: PlanNode, rep: UInt32, position: Int) {
        if let pending = shredder.pending { throw pending }
        guard frame.mode == .fresh else {
            throw shredder.failure(frame.path, frame.mode == .single ? "a single value container got a second value" : "mixes a single value with a container")
        }
        frame.mode = .single
        return (frame.node, frame.rep, 0)
    }

    func codingPath(at position: Int) -> [CodingKey] { frame.path }

    mutating func encodeNil() throws {
        let s = try nextSlot()
        try shredder.null(at: s.node, parentDef: frame.parentDef, rep: s.rep, path: frame.path)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let s = try nextSlot()
        try shredder.encode(value, at: s.node, rep: s.rep, parentDef: frame.parentDef, path: frame.path)
    }
}
