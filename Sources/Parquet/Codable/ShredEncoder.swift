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

struct ShredUnkeyedContainer: UnkeyedEncodingContainer {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }
    var count: Int { frame.count }

    /// The element node, the repetition level of the next element and its coding path.
    @inline(__always)
    private func next() throws -> (PlanNode, UInt32, [CodingKey]) {
        if let pending = shredder.pending { throw pending }
        guard frame.mode == .unkeyed, let element = frame.node.element else {
            throw shredder.mismatch(frame.node, frame.path, "a list")
        }
        let i = frame.count
        frame.count = i &+ 1
        return (element, i == 0 ? frame.rep : frame.node.repeatedRep, frame.path + [IndexKey(i)])
    }

    mutating func encodeNil() throws {
        let (node, rep, path) = try next()
        try shredder.null(at: node, parentDef: frame.node.repeatedDef, rep: rep, path: path)
    }

    mutating func encode(_ value: Bool) throws { let (n, r, p) = try next(); try shredder.bool(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: String) throws { let (n, r, p) = try next(); try shredder.string(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Double) throws { let (n, r, p) = try next(); try shredder.double(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Float) throws { let (n, r, p) = try next(); try shredder.float(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Int) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Int8) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Int16) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Int32) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: Int64) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: UInt) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: UInt8) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: UInt16) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: UInt32) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }
    mutating func encode(_ value: UInt64) throws { let (n, r, p) = try next(); try shredder.integer(value, at: n, rep: r, path: p) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let (node, rep, path) = try next()
        try shredder.encode(value, at: node, rep: rep, parentDef: frame.node.repeatedDef, path: path)
    }

    private func nestedFrame() -> ShredFrame {
        do {
            let (node, rep, path) = try next()
            let nested = ShredFrame(node: node, rep: rep, parentDef: frame.node.repeatedDef, path: path)
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

struct ShredSingleContainer: SingleValueEncodingContainer {
    let shredder: RecordShredder
    let frame: ShredFrame
    var codingPath: [CodingKey] { frame.path }

    /// Enters single-value mode; a second value is an error.
    @inline(__always)
    private func enter() throws -> PlanNode {
        if let pending = shredder.pending { throw pending }
        guard frame.mode == .fresh else {
            throw shredder.failure(frame.path, frame.mode == .single ? "a single value container got a second value" : "mixes a single value with a container")
        }
        frame.mode = .single
        return frame.node
    }

    mutating func encodeNil() throws { try shredder.null(at: enter(), parentDef: frame.parentDef, rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Bool) throws { try shredder.bool(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: String) throws { try shredder.string(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Double) throws { try shredder.double(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Float) throws { try shredder.float(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Int) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Int8) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Int16) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Int32) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: Int64) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: UInt) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: UInt8) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: UInt16) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: UInt32) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }
    mutating func encode(_ value: UInt64) throws { try shredder.integer(value, at: enter(), rep: frame.rep, path: frame.path) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try shredder.encode(value, at: enter(), rep: frame.rep, parentDef: frame.parentDef, path: frame.path)
    }
}
