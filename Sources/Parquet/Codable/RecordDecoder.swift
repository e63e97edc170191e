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
            return date(ticks: x, perSecond: ticksPerSecond(unit))
        case .date(let days), .variant(.date(let days)):
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        default: throw mismatch(Date.self, v, path, state)
        }
    }

    /// The instant `ticks` units of `1 / perSecond` s after the Unix epoch.
    @inline(__always)
    static func date(ticks: Int64, perSecond: Int64) -> Date {
        let (seconds, fraction) = ticks.quotientAndRemainder(dividingBy: perSecond)
        return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / Double(perSecond))
    }

    static func ticksPerSecond(_ unit: TimeUnit) -> Int64 {
        switch unit {
        case .millis: 1_000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

    /// Whether `T` is one of the types with a Parquet meaning of their own or a common
    /// scalar, which ``decode(_:from:path:state:)`` converts itself (never from a list).
    static func isScalar<T>(_ type: T.Type) -> Bool {
        T.self == Date.self || T.self == Decimal.self || T.self == UUID.self || T.self == Data.self || T.self == String.self
            || T.self == Double.self || T.self == Int.self || T.self == Int64.self || T.self == Bool.self
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
/// ``ParquetFileReader/records(as:columns:rows:filter:)``.
///
/// It is both a throwing iterator (``next()``) and an `AsyncSequence` of records; both yield
/// the same records:
///
/// ```swift
/// var orders = try reader.records(as: Order.self)
/// while let order = try orders.next() { print(order.id) }
///
/// for try await order in try reader.records(as: Order.self, rows: 1_000 ..< 2_000) { print(order.id) }
/// ```
public struct RecordIterator<T: Decodable>: Sendable {
    private var batches: MatchingBatches
    /// The current batch (kept to make ``state`` again for a copy of the iterator).
    private var current: MatchingBatches.Batch?
    /// The decoding state of `current`, made again when this iterator was copied.
    private var state: BatchDecodingState?
    private var row = 0
    private var rows = 0

    init(batches: MatchingBatches) {
        self.batches = batches
    }

    /// The next record, or nil after the last.
    ///
    /// - Throws: `DecodingError` naming the column and the record (its position in the file)
    ///   for a missing or mismatched field; `ParquetError` for unreadable data. A record
    ///   that fails to decode is passed over: the next call decodes the one after it.
    public mutating func next() throws -> T? {
        while row == rows {
            guard let batch = try batches.next() else { return nil }
            try start(batch)
        }
        return try decodeRecord()
    }

    /// The next record, reading as the batches' async iterator does.
    mutating func nextAsync() async throws -> T? {
        while row == rows {
            guard let batch = try await batches.nextAsync() else { return nil }
            try start(batch)
        }
        return try decodeRecord()
    }

    private mutating func start(_ batch: MatchingBatches.Batch) throws {
        state = nil
        current = batch
        row = 0
        rows = 0
        state = try BatchDecodingState(batch: batch.batch)
        rows = batch.batch.numRows
    }

    private mutating func decodeRecord() throws -> T? {
        if !isKnownUniquelyReferenced(&state), let batch = current?.batch { state = try BatchDecodingState(batch: batch) }
        guard let state, let position = current?.position(row) else { return nil }
        state.row = row
        state.record = position
        row += 1
        return try T(from: RecordDecoder(state: state))
    }
}

extension RecordIterator: AsyncSequence {
    /// Each element is one record.
    public typealias Element = T

    /// Iterates a copy of the iterator from where it stands.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }

    /// The async iterator of a ``RecordIterator``: the same records as its
    /// ``RecordIterator/next()``; checks for task cancellation before each batch. Over an
    /// ``AsyncRandomAccessSource`` the pages are fetched asynchronously (see
    /// ``SelectionIterator/AsyncIterator``).
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: RecordIterator

        /// The next record, or nil after the last.
        public mutating func next() async throws -> T? {
            try await base.nextAsync()
        }
    }
}

extension ParquetFileReader {
    /// The records of the file decoded as `T` (see ``records(as:columns:rows:filter:)``).
    ///
    /// ```swift
    /// struct Order: Decodable { var id: String; var quantity: Int; var tags: [String]; var note: String? }
    /// let orders = try ParquetFileReader(path: "orders.parquet").decode(Order.self)
    /// let big = try reader.decode(Order.self, filter: .column("quantity") >= 100)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type, columns: [String]? = nil, rows: Range<Int64>? = nil,
                                     filter: RowGroupFilter? = nil) throws -> [T] {
        var records = try self.records(as: type, columns: columns, rows: rows, filter: filter)
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
    /// Top-level columns and lists of them are decoded straight from their column buffers.
    ///
    /// The records are exactly those at `rows` that match `filter`: the filter skips row
    /// groups and pages (as in ``batches(columns:rows:filter:limits:)``) and is then evaluated
    /// on the values of what was read (``RowGroupFilter/matchingRecords(in:)``). Columns it
    /// names are read for that even when `columns` leaves them out.
    ///
    /// - Parameters:
    ///   - columns: the columns to read (see ``columns(named:)``); nil for all. Selecting
    ///     only the fields `T` needs saves their decoding.
    ///   - rows: record positions in the file, end exclusive (a range past the end is cut
    ///     there); row groups and pages outside it are not read. Nil for all.
    ///   - filter: only the records that match; nil for all.
    /// - Throws: `ParquetError.invalidArgument` for an unknown column name, a range starting
    ///   before 0 or a filter that does not fit the schema; on `next()`, `DecodingError`
    ///   naming the column (coding path) and the record's position in the file for a missing
    ///   field, a null in a non-optional property, or a type that does not match.
    public func records<T: Decodable>(as type: T.Type, columns: [String]? = nil, rows: Range<Int64>? = nil,
                                      filter: RowGroupFilter? = nil) throws -> RecordIterator<T> {
        RecordIterator(batches: try MatchingBatches(reader: self, columns: columns, rows: rows, filter: filter))
    }
}
