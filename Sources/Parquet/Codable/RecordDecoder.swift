import Foundation

/// The typed values of one leaf column of a batch, by value index (its non-null values in
/// order), for the Codable decoder: the common types are read straight from their buffers
/// (a text cell becomes a `String` straight from the byte-array bytes); ``value(at:)`` gives
/// any value as a ``ParquetValue`` for the general path.
///
/// The typed reads return nil for a type the buffer does not hold or a value that does not
/// fit; the caller then takes the general path, which converts or throws the
/// `DecodingError`. Every value index handed in was checked against the buffer when the
/// batch's state was built.
final class LeafDecoding {
    enum Storage {
        case signed64([Int64])
        case signed32([Int32])
        case double([Double])
        case bool([Bool])
        case text(ByteArrayValues)
        /// TIMESTAMP ticks and the ticks per second of their unit.
        case timestamp([Int64], perSecond: Int64)
        case other
    }

    let storage: Storage
    let general: ParquetValueReader
    /// Number of values.
    let count: Int

    init(_ column: ColumnData) throws {
        general = try withContext(column: column.descriptor.dottedPath) { try ParquetValueReader(column) }
        count = column.values.count
        switch (column.descriptor.kind, column.values) {
        case (.integer(_, true), .int64(let a)): storage = .signed64(a)
        case (.integer(_, true), .int32(let a)): storage = .signed32(a)
        case (.double, .double(let a)): storage = .double(a)
        case (.boolean, .boolean(let a)): storage = .bool(a)
        case (.string, .byteArray(let a)): storage = .text(a)
        case (.timestamp(let unit, _), .int64(let a)): storage = .timestamp(a, perSecond: CodableValues.ticksPerSecond(unit))
        default: storage = .other
        }
    }

    @inline(__always)
    func string(at v: Int) -> String? {
        guard case .text(let a) = storage else { return nil }
        return a.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a.offsets[v] ..< a.offsets[v + 1]]), as: UTF8.self) }
    }

    @inline(__always)
    func integer<I: FixedWidthInteger>(at v: Int) -> I? {
        switch storage {
        case .signed64(let a): I(exactly: a[v])
        case .signed32(let a): I(exactly: a[v])
        default: nil
        }
    }

    @inline(__always)
    func double(at v: Int) -> Double? {
        switch storage {
        case .double(let a): a[v]
        case .signed64(let a): Double(a[v])
        case .signed32(let a): Double(a[v])
        default: nil
        }
    }

    @inline(__always)
    func bool(at v: Int) -> Bool? {
        guard case .bool(let a) = storage else { return nil }
        return a[v]
    }

    @inline(__always)
    func date(at v: Int) -> Date? {
        guard case .timestamp(let a, let perSecond) = storage else { return nil }
        return CodableValues.date(ticks: a[v], perSecond: perSecond)
    }

    /// Value `v` (or null for -1) as a ``ParquetValue``.
    func value(at v: Int) throws -> ParquetValue {
        v < 0 ? .null : try general.value(v)
    }

    /// Value `v` (or null for -1) as `T`: straight from the buffer for the common types,
    /// through ``CodableValues/decode(_:from:path:state:)`` otherwise. (Each `_identityCast`
    /// follows the check that `T` is that type; no dynamic cast or `Optional<T>` is made.)
    func decode<T: Decodable>(_ type: T.Type, at v: Int, path: () -> [CodingKey], state: BatchDecodingState) throws -> T {
        if v >= 0 {
            if T.self == String.self, let r = string(at: v) { return _identityCast(r, to: T.self) }
            if T.self == Int.self, let r: Int = integer(at: v) { return _identityCast(r, to: T.self) }
            if T.self == Int64.self, let r: Int64 = integer(at: v) { return _identityCast(r, to: T.self) }
            if T.self == Double.self, let r = double(at: v) { return _identityCast(r, to: T.self) }
            if T.self == Date.self, let r = date(at: v) { return _identityCast(r, to: T.self) }
            if T.self == Bool.self, let r = bool(at: v) { return _identityCast(r, to: T.self) }
        }
        return try CodableValues.decode(type, from: value(at: v), path: path(), state: state)
    }
}

/// How the decoder reads one top-level field of a batch.
enum FieldDecoding {
    /// A top-level leaf: `positions[row]` is the record's value index, -1 for null; empty
    /// when every record has a value (the index is the row).
    case flat(LeafDecoding, positions: [Int])
    /// A list of a leaf: the value indices of record `row`'s elements are
    /// `elements[starts[row] ..< starts[row + 1]]` (-1 for a null element), `nulls[row]`
    /// when the list itself is null.
    case list(LeafDecoding, starts: [Int], elements: [Int], nulls: [Bool])
    /// Any other field: one assembled value per record.
    case nested([ParquetValue])
}

/// Collects the value indices of a list-of-leaf field's elements from a ``RecordAssembler``,
/// record by record (the assembler walks the levels; no value is built).
struct ListIndexBuilder: RecordBuilder {
    var starts: [Int] = [0]
    var elements: [Int] = []
    var nulls: [Bool] = []
    let count: Int
    private var depth = 0
    private var isNull = false

    init(count: Int, rows: Int) {
        self.count = count
        starts.reserveCapacity(rows + 1)
        nulls.reserveCapacity(rows)
    }

    mutating func appendNull() throws {
        if depth == 0 { isNull = true } else { elements.append(-1) }
    }

    mutating func appendValue(leaf: Int, index: Int) throws {
        guard depth == 1, index >= 0, index < count else {
            throw ParquetError(.corrupt, "the column has fewer values than its levels say")
        }
        elements.append(index)
    }

    /// Ends the current record.
    mutating func finishRecord() {
        starts.append(elements.count)
        nulls.append(isNull)
        isNull = false
    }

    private func unexpected() -> ParquetError { ParquetError(.corrupt, "the levels do not match a list of values") }
    mutating func appendVariant(_ value: Variant) throws { throw unexpected() }
    mutating func beginStruct(_ id: Int) throws { throw unexpected() }
    mutating func beginField(_ index: Int, of id: Int) throws { throw unexpected() }
    mutating func endStruct(_ id: Int) throws { throw unexpected() }
    mutating func beginList() throws {
        guard depth == 0 else { throw unexpected() }
        depth = 1
    }
    mutating func beginElement(_ index: Int) throws {}
    mutating func endList() throws { depth = 0 }
    mutating func beginMap() throws { throw unexpected() }
    mutating func beginKey(_ index: Int) throws { throw unexpected() }
    mutating func beginValue() throws { throw unexpected() }
    mutating func endMap() throws { throw unexpected() }
}

/// `Decodable` records straight from the column buffers of a batch.
///
/// Everything per field is resolved once per batch: a top-level leaf gets its typed buffer
/// (``LeafDecoding``) and the value index of each record, computed from the definition
/// levels; a list of a leaf gets the value indices of each record's elements, walked from
/// the repetition and definition levels by ``RecordAssembler``; scalars, strings and list
/// elements are then read straight from the buffers, with no ``ParquetValue`` in between.
/// Other nested fields (structs, maps, deeper lists, variants) are assembled into
/// ``ParquetValue`` trees once per batch and decoded from those. Coding keys resolve to
/// fields through a per-batch cache in call order (a struct's `init(from:)` asks for its
/// keys in the same order every record), so a record decodes without hashing its keys.
///
/// The state belongs to one ``RecordIterator``; the iterator makes a new one for a batch
/// when it is copied (the state is mutated only while uniquely referenced).
final class BatchDecodingState: @unchecked Sendable {
    let names: [String]
    let index: [String: Int]
    let fields: [FieldDecoding]
    /// The record being decoded: its row in the batch and its position in the file. (Only
    /// the owning iterator's thread touches the state, so exclusivity is not checked.)
    @exclusivity(unchecked) var row = 0
    @exclusivity(unchecked) var record: Int64 = 0
    /// Field indices of the keys asked for so far, in call order.
    @exclusivity(unchecked) var keyCache: [(String, Int)] = []
    @exclusivity(unchecked) var keyCall = 0

    init(batch: RecordBatch) throws {
        var names: [String] = [], fields: [FieldDecoding] = []
        let rows = batch.numRows
        let present = Set(batch.columns.map(\.descriptor.index))
        for field in batch.fieldIndices {
            let node = batch.schema.fields[field]
            names.append(node.name)
            if let leaf = node.columnIndex, node.repetition != .repeated, let column = batch.column(at: leaf) {
                fields.append(try withContext(column: node.name) { try Self.flat(column, rows: rows) })
            } else if case .list(.leaf(let leaf, _), _, _, _)? = try? FieldShape(node: node), present.contains(leaf),
                      let column = batch.column(at: leaf) {
                fields.append(try withContext(column: node.name) { try Self.list(column, node: node, batch: batch) })
            } else {
                fields.append(.nested(try batch.values(ofField: field)))
            }
        }
        self.names = names
        self.fields = fields
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    private static func flat(_ column: ColumnData, rows: Int) throws -> FieldDecoding {
        let leaf = try LeafDecoding(column)
        let levels = column.definitionLevels, maxLevel = UInt32(column.descriptor.maxDefinitionLevel)
        guard column.levelCount == rows, levels.isEmpty || levels.count == rows else {
            throw ParquetError(.corrupt, "column data does not match the batch's \(rows) rows")
        }
        if leaf.count == rows { return .flat(leaf, positions: []) }  // no nulls
        var positions = [Int](repeating: -1, count: rows)
        var next = 0
        for row in 0 ..< rows where levels.isEmpty || levels[row] == maxLevel {
            positions[row] = next
            next += 1
        }
        guard next <= leaf.count else { throw ParquetError(.corrupt, "the column has fewer values than its levels say") }
        return .flat(leaf, positions: positions)
    }

    private static func list(_ column: ColumnData, node: SchemaNode, batch: RecordBatch) throws -> FieldDecoding {
        let leaf = try LeafDecoding(column)
        guard let shape = try FieldShape(node: node).keeping([column.descriptor.index]) else {
            throw ParquetError(.invalidArgument, "the batch holds no column of the field")
        }
        var assembler = try RecordAssembler(shape: shape, batch: batch)
        var builder = ListIndexBuilder(count: leaf.count, rows: batch.numRows)
        for _ in 0 ..< batch.numRows {
            try assembler.assembleRecord(into: &builder)
            builder.finishRecord()
        }
        try assembler.checkConsumed()
        return .list(leaf, starts: builder.starts, elements: builder.elements, nulls: builder.nulls)
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

    /// Whether field `i` is null in the current record.
    @inline(__always)
    func isNull(_ i: Int) -> Bool {
        switch fields[i] {
        case .flat(_, let positions): return !positions.isEmpty && positions[row] < 0
        case .list(_, _, _, let nulls): return nulls[row]
        case .nested(let values): return values[row].isNull
        }
    }

    /// The leaf and value index of field `i` in the current record when it is a top-level leaf.
    @inline(__always)
    func flat(_ i: Int) -> (LeafDecoding, Int)? {
        guard case .flat(let leaf, let positions) = fields[i] else { return nil }
        return (leaf, positions.isEmpty ? row : positions[row])
    }

    /// The value of field `i` in the current record.
    func value(_ i: Int) throws -> ParquetValue {
        switch fields[i] {
        case .flat(let leaf, let positions):
            return try leaf.value(at: positions.isEmpty ? row : positions[row])
        case .list(let leaf, let starts, let elements, let nulls):
            if nulls[row] { return .null }
            return .list(try elements[starts[row] ..< starts[row + 1]].map { try leaf.value(at: $0) })
        case .nested(let values):
            return values[row]
        }
    }

    /// `ObjectIdentifier([String].self)`, looked up once.
    static let stringArray = ObjectIdentifier([String].self)

    /// Field `i` of the current record as `T`.
    func decode<T: Decodable>(_ type: T.Type, field i: Int, key: CodingKey) throws -> T {
        switch fields[i] {
        case .flat(let leaf, let positions):
            return try leaf.decode(type, at: positions.isEmpty ? row : positions[row], path: { [key] }, state: self)
        case .list(let leaf, let starts, let elements, let nulls):
            guard !nulls[row], !CodableValues.isScalar(type) else { break }
            let slice = elements[starts[row] ..< starts[row + 1]]
            if ObjectIdentifier(T.self) == Self.stringArray {
                return _identityCast(try Self.strings(leaf, slice, key: key, state: self), to: T.self)
            }
            return try T(from: LeafListDecoder(leaf: leaf, elements: slice, codingPath: [key], state: self))
        case .nested:
            break
        }
        return try CodableValues.decode(type, from: value(i), path: [key], state: self)
    }

    /// The elements of a list of strings.
    private static func strings(_ leaf: LeafDecoding, _ elements: ArraySlice<Int>, key: CodingKey, state: BatchDecodingState) throws -> [String] {
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (n, v) in elements.enumerated() {
            if v >= 0, let s = leaf.string(at: v) {
                result.append(s)
            } else {
                result.append(try CodableValues.string(leaf.value(at: v), [key, IndexKey(n)], state))
            }
        }
        return result
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

/// The top-level fields of the current record, each decoded from its column: the common
/// types straight from the column buffers, everything else through ``CodableValues``.
struct RecordContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: BatchDecodingState
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { state.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { state.index[key.stringValue] != nil }

    @inline(__always)
    private func field(_ key: Key) throws -> Int {
        guard let i = state.field(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "no column '\(key.stringValue)' in the file (record \(state.record))"))
        }
        return i
    }

    /// Field `key` as `T`: by `read` straight from a top-level leaf's buffer when it holds
    /// `T`, through ``BatchDecodingState/decode(_:field:key:)`` otherwise.
    @inline(__always)
    private func scalar<T: Decodable>(_ type: T.Type, _ key: Key, _ read: (LeafDecoding, Int) -> T?) throws -> T {
        let i = try field(key)
        if let (leaf, v) = state.flat(i), v >= 0, let r = read(leaf, v) { return r }
        return try state.decode(type, field: i, key: key)
    }

    /// Field `key` as `T?`: nil for a missing or null field.
    @inline(__always)
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key, _ read: (LeafDecoding, Int) -> T?) throws -> T? {
        guard let i = state.field(key.stringValue) else { return nil }
        if let (leaf, v) = state.flat(i) {
            if v < 0 { return nil }
            if let r = read(leaf, v) { return r }
        } else if state.isNull(i) {
            return nil
        }
        return try state.decode(type, field: i, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { state.isNull(try field(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try state.decode(type, field: field(key), key: key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(type, key) { $0.bool(at: $1) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(type, key) { $0.string(at: $1) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(type, key) { $0.double(at: $1) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(type, key) { $0.double(at: $1).map(Float.init) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(type, key) { $0.integer(at: $1) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(type, key) { $0.integer(at: $1) } }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let i = state.field(key.stringValue), !state.isNull(i) else { return nil }
        return try state.decode(type, field: i, key: key)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) { $0.bool(at: $1) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) { $0.string(at: $1) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) { $0.double(at: $1) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) { $0.double(at: $1).map(Float.init) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) { $0.integer(at: $1) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) { $0.integer(at: $1) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: state.value(field(key)), codingPath: [key], state: state).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: state.value(field(key)), codingPath: [key], state: state).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { RecordDecoder(state: state) }
    func superDecoder(forKey key: Key) throws -> Decoder { try ValueDecoder(value: state.value(field(key)), codingPath: [key], state: state) }
}

/// The `Decoder` of a list-of-leaf field's value in one record: an unkeyed container over
/// its elements read straight from the leaf's buffer; other containers see the list as a
/// ``ParquetValue``.
struct LeafListDecoder: Decoder {
    let leaf: LeafDecoding
    let elements: ArraySlice<Int>
    let codingPath: [CodingKey]
    let state: BatchDecodingState
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private var value: ParquetValue {
        get throws { .list(try elements.map { try leaf.value(at: $0) }) }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try ValueDecoder(value: value, codingPath: codingPath, state: state).container(keyedBy: type)
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        LeafListContainer(leaf: leaf, elements: elements, codingPath: codingPath, state: state)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        ValueSingleContainer(value: try value, codingPath: codingPath, state: state)
    }
}

/// The elements of one list of a leaf, read straight from the leaf's buffer.
struct LeafListContainer: UnkeyedDecodingContainer {
    let leaf: LeafDecoding
    let elements: ArraySlice<Int>
    let codingPath: [CodingKey]
    let state: BatchDecodingState
    var currentIndex = 0

    init(leaf: LeafDecoding, elements: ArraySlice<Int>, codingPath: [CodingKey], state: BatchDecodingState) {
        self.leaf = leaf
        self.elements = elements
        self.codingPath = codingPath
        self.state = state
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The value index of the next element (advancing past it).
    private mutating func next(_ type: Any.Type) throws -> Int {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "\(state.describe(codingPath)) has only \(elements.count) elements"))
        }
        currentIndex += 1
        return elements[elements.startIndex + currentIndex - 1]
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, elements[elements.startIndex + currentIndex] < 0 else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let v = try next(type), path = codingPath, n = currentIndex - 1
        return try leaf.decode(type, at: v, path: { path + [IndexKey(n)] }, state: state)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let v = try next([String: Any].self)
        return try ValueDecoder(value: leaf.value(at: v), codingPath: codingPath + [IndexKey(currentIndex - 1)], state: state).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let v = try next([Any].self)
        return try ValueDecoder(value: leaf.value(at: v), codingPath: codingPath + [IndexKey(currentIndex - 1)], state: state).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
        let v = try next(Any.self)
        return ValueDecoder(value: try leaf.value(at: v), codingPath: codingPath + [IndexKey(currentIndex - 1)], state: state)
    }
}
