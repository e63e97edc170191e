/// A bounds-checked reader of the Thrift compact protocol over borrowed bytes.
///
/// The reader never traps on input: every length and count is checked against the bytes
/// that remain before anything is read or allocated, varints are limited to 10 bytes and
/// 64 bits, nesting (structs and collections) is limited to ``maxDepth`` levels, and every
/// failure throws `ParquetError` of kind `.corrupt`.
///
/// The buffer is borrowed: the reader must not outlive the `withUnsafeBytes` scope that
/// produced it. Struct decoding is driven by ``readStruct(_:_:)``, which yields each field
/// header to a closure that must consume the field's value (a typed read, or ``skip(_:)``).
struct ThriftCompactReader {
    /// Deepest allowed nesting of structs, lists, sets and maps.
    static let maxDepth = 64
    /// Most elements a list reserves room for before they are decoded.
    static let maxListReservation = 1024

    /// The bytes being decoded.
    let buffer: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    private(set) var position: Int = 0
    /// Current nesting level (0 outside any struct or collection).
    private(set) var depth: Int = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// Bytes not yet consumed.
    @inline(__always) var remaining: Int { buffer.count &- position }

    // MARK: - Errors

    private func truncated(_ needed: Int, _ what: String) -> ParquetError {
        .corrupt("Thrift: truncated input reading \(what): needs \(needed) byte(s) at offset \(position), \(remaining) remain")
    }

    private func wrongType(_ type: ThriftType, expected: String, _ what: String) -> ParquetError {
        .corrupt("Thrift: \(what): expected \(expected), found \(type.name) (wire type \(type.rawValue))")
    }

    // MARK: - Primitives

    /// Reads one raw byte.
    @inline(__always)
    mutating func readByte(_ what: @autoclosure () -> String = "byte") throws -> UInt8 {
        guard position < buffer.count else { throw truncated(1, what()) }
        let byte = buffer[position]
        position &+= 1
        return byte
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes whose value fits in 64 bits.
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        let end = buffer.count
        while true {
            guard index < end else { throw truncated(1, "varint") }
            let byte = buffer[index]
            index &+= 1
            if shift == 63 && byte > 1 {
                throw ParquetError.corrupt("Thrift: varint at offset \(position) overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 {
                position = index
                return result
            }
            shift &+= 7
        }
    }

    /// Reads a zigzag-encoded varint as a signed 64-bit value.
    @inline(__always)
    mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw &>> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zigzag varint that must fit in `T` (i16, i32 or i64).
    @inline(__always)
    private mutating func readZigzag<T: FixedWidthInteger & SignedInteger>(_: T.Type, _ what: String) throws -> T {
        let start = position
        let value = try readZigzag()
        guard let narrowed = T(exactly: value) else {
            throw ParquetError.corrupt("Thrift: \(what): value \(value) at offset \(start) does not fit in \(T.bitWidth) bits")
        }
        return narrowed
    }

    /// Reads a zigzag varint i16.
    mutating func readI16Value() throws -> Int16 { try readZigzag(Int16.self, "i16") }
    /// Reads a zigzag varint i32.
    mutating func readI32Value() throws -> Int32 { try readZigzag(Int32.self, "i32") }
    /// Reads a zigzag varint i64.
    mutating func readI64Value() throws -> Int64 { try readZigzag() }

    /// Reads an 8-byte little-endian IEEE 754 double.
    mutating func readDoubleValue() throws -> Double {
        guard remaining >= 8 else { throw truncated(8, "double") }
        let bits = buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// Reads a binary length prefix and returns the byte range it covers, consuming it.
    private mutating func readBinaryRange(_ what: @autoclosure () -> String) throws -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetError.corrupt("Thrift: \(what()): length \(length) at offset \(position) exceeds the \(remaining) remaining byte(s)")
        }
        let start = position
        position &+= Int(length)
        return start ..< position
    }

    /// Reads a length-prefixed binary value.
    mutating func readBinaryValue(_ what: @autoclosure () -> String = "binary") throws -> [UInt8] {
        let range = try readBinaryRange(what())
        return Array(UnsafeRawBufferPointer(rebasing: buffer[range]))
    }

    /// Reads a length-prefixed string; invalid UTF-8 is repaired, never fatal.
    mutating func readStringValue(_ what: @autoclosure () -> String = "string") throws -> String {
        let range = try readBinaryRange(what())
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    // MARK: - Typed values (checked against the wire type)

    /// Reads an integer of any integer wire type (i8, i16, i32, i64) that fits in `T`.
    ///
    /// Accepting every integer width keeps files from lenient writers readable while the
    /// range check still rejects values that do not fit the declared field.
    mutating func readInteger<T: FixedWidthInteger & SignedInteger>(
        _ type: ThriftType, _ what: @autoclosure () -> String, as _: T.Type = T.self
    ) throws -> T {
        let start = position
        let value: Int64
        switch type {
        case .byte: value = Int64(Int8(bitPattern: try readByte(what())))
        case .i16, .i32, .i64: value = try readZigzag()
        default: throw wrongType(type, expected: "an integer", what())
        }
        guard let narrowed = T(exactly: value) else {
            throw ParquetError.corrupt("Thrift: \(what()): value \(value) at offset \(start) does not fit in \(T.bitWidth) bits")
        }
        return narrowed
    }

    /// Reads a double field or element.
    mutating func readDouble(_ type: ThriftType, _ what: @autoclosure () -> String) throws -> Double {
        guard type == .double else { throw wrongType(type, expected: "double", what()) }
        return try readDoubleValue()
    }

    /// Reads a binary field or element.
    mutating func readBinary(_ type: ThriftType, _ what: @autoclosure () -> String) throws -> [UInt8] {
        guard type == .binary else { throw wrongType(type, expected: "binary", what()) }
        return try readBinaryValue(what())
    }

    /// Reads a string field or element (invalid UTF-8 is repaired).
    mutating func readString(_ type: ThriftType, _ what: @autoclosure () -> String) throws -> String {
        guard type == .binary else { throw wrongType(type, expected: "string", what()) }
        return try readStringValue(what())
    }

    /// The value of a boolean struct field, which the compact protocol stores in the
    /// field header's type itself (no payload follows).
    func fieldBool(_ field: ThriftFieldHeader, _ what: @autoclosure () -> String) throws -> Bool {
        switch field.type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw wrongType(field.type, expected: "bool", what())
        }
    }

    /// Reads a boolean inside a list, set or map: one byte, 1 meaning true.
    mutating func readBoolElement(_ type: ThriftType, _ what: @autoclosure () -> String) throws -> Bool {
        guard type.isBool else { throw wrongType(type, expected: "bool", what()) }
        return try readByte(what()) == ThriftType.boolTrue.rawValue
    }

    // MARK: - Nesting

    @inline(__always)
    private mutating func enter(_ what: @autoclosure () -> String) throws {
        guard depth < Self.maxDepth else {
            throw ParquetError.corrupt("Thrift: \(what()) at offset \(position) nests deeper than \(Self.maxDepth) levels")
        }
        depth &+= 1
    }

    /// Reads a struct: calls `body` once per field (in wire order) with the field header;
    /// `body` must consume the field's value. Returns after the stop byte, having checked that
    /// the fields `required` lists came (when given).
    mutating func readStruct(
        _ what: String, requiring required: ThriftStructNames? = nil, _ body: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Void
    ) throws {
        try enter(what)
        defer { depth &-= 1 }
        var lastID: Int16 = 0
        var seen = ThriftFieldSet()
        while true {
            let byte = try readByte(what)
            if byte == 0 {
                if let required { try seen.require(required) }
                return
            }
            guard let type = ThriftType(rawValue: byte & 0x0F), type != .stop else {
                throw ParquetError.corrupt("Thrift: \(what): invalid field type \(byte & 0x0F) at offset \(position &- 1)")
            }
            let delta = Int16(byte >> 4)
            let id: Int16
            if delta != 0 {
                let (sum, overflow) = lastID.addingReportingOverflow(delta)
                guard !overflow else {
                    throw ParquetError.corrupt("Thrift: \(what): field id overflows after \(lastID)")
                }
                id = sum
            } else {
                id = try readZigzag(Int16.self, "\(what) field id")
            }
            lastID = id
            seen.insert(id)
            try body(&self, ThriftFieldHeader(id: id, type: type))
        }
    }

    /// Reads a struct-typed field or element, checking its wire type first.
    mutating func readStruct(
        _ type: ThriftType, _ what: String, requiring required: ThriftStructNames? = nil,
        _ body: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Void
    ) throws {
        guard type == .structure else { throw wrongType(type, expected: "struct", what) }
        try readStruct(what, requiring: required, body)
    }

    /// Reads struct `names.name` of parquet.thrift (checking its wire type first): `body` once
    /// per field, as ``readStruct(_:_:)``; then throws `.corrupt` naming the first of its
    /// required fields that did not come.
    mutating func readStruct(
        _ type: ThriftType, _ names: ThriftStructNames,
        _ body: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Void
    ) throws {
        try readStruct(type, names.name, requiring: names, body)
    }

    /// Reads struct `names.name` at the current position (no wire type to check), as
    /// the typed form above.
    mutating func readStruct(_ names: ThriftStructNames, _ body: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Void) throws {
        try readStruct(names.name, requiring: names, body)
    }

    /// Reads a list or set header: element type and a count already checked against the
    /// remaining bytes (each element needs at least `minimumElementSize` bytes).
    mutating func readListHeader(_ what: @autoclosure () -> String = "list") throws -> (elementType: ThriftType, count: Int) {
        let start = position
        let byte = try readByte(what())
        let rawType = byte & 0x0F
        var count = UInt64(byte >> 4)
        if count == 15 { count = try readVarint() }
        guard let type = ThriftType(rawValue: rawType), type != .stop || count == 0 else {
            throw ParquetError.corrupt("Thrift: \(what()): invalid element type \(rawType) at offset \(start)")
        }
        let limit = UInt64(remaining / type.minimumElementSize)
        guard count <= limit else {
            throw ParquetError.corrupt("Thrift: \(what()): \(count) element(s) of \(type.name) at offset \(start) cannot fit in the \(remaining) remaining byte(s)")
        }
        return (type, Int(count))
    }

    /// Reads a map header. An empty map is a single zero byte with no key/value type byte.
    /// The count is checked against the remaining bytes.
    mutating func readMapHeader(_ what: String = "map") throws -> (keyType: ThriftType, valueType: ThriftType, count: Int) {
        let start = position
        let count = try readVarint()
        if count == 0 { return (.stop, .stop, 0) }
        let byte = try readByte(what)
        guard let keyType = ThriftType(rawValue: byte >> 4), keyType != .stop,
              let valueType = ThriftType(rawValue: byte & 0x0F), valueType != .stop else {
            throw ParquetError.corrupt("Thrift: \(what): invalid key/value types 0x\(String(byte, radix: 16)) at offset \(start)")
        }
        let entrySize = keyType.minimumElementSize + valueType.minimumElementSize
        guard count <= UInt64(remaining / entrySize) else {
            throw ParquetError.corrupt("Thrift: \(what): \(count) entr(ies) at offset \(start) cannot fit in the \(remaining) remaining byte(s)")
        }
        return (keyType, valueType, Int(count))
    }

    /// Reads a list- or set-typed field or element, decoding each element with `element`
    /// (which receives the element wire type).
    mutating func readList<T>(
        _ type: ThriftType, _ what: @autoclosure () -> String,
        _ element: (inout ThriftCompactReader, ThriftType) throws -> T
    ) throws -> [T] {
        guard type == .list || type == .set else { throw wrongType(type, expected: "list", what()) }
        let (elementType, count) = try readListHeader(what())
        try enter(what())
        defer { depth &-= 1 }
        var result: [T] = []
        // The count is only known to fit the input at one byte per element, while a decoded
        // element can be hundreds of bytes: reserve for a bounded number and let the array
        // grow with the elements that really decode.
        result.reserveCapacity(min(count, Self.maxListReservation))
        for _ in 0 ..< count {
            result.append(try element(&self, elementType))
        }
        return result
    }

    // MARK: - Skipping

    /// Skips the value of a struct field (a boolean field has no payload).
    mutating func skip(_ field: ThriftFieldHeader) throws {
        if field.type.isBool { return }
        try skipValue(field.type)
    }

    /// Skips one value of `type` as it appears inside a collection (a boolean is one byte).
    mutating func skipValue(_ type: ThriftType) throws {
        switch type {
        case .stop:
            throw ParquetError.corrupt("Thrift: cannot skip a value of type stop at offset \(position)")
        case .boolTrue, .boolFalse, .byte:
            _ = try readByte("skipped byte")
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            try skipBytes(8, "skipped double")
        case .uuid:
            try skipBytes(16, "skipped uuid")
        case .binary:
            _ = try readBinaryRange("skipped binary")
        case .structure:
            try readStruct("skipped struct") { reader, field in try reader.skip(field) }
        case .list, .set:
            let (elementType, count) = try readListHeader("skipped list")
            try enter("skipped list")
            defer { depth &-= 1 }
            for _ in 0 ..< count { try skipValue(elementType) }
        case .map:
            let (keyType, valueType, count) = try readMapHeader("skipped map")
            try enter("skipped map")
            defer { depth &-= 1 }
            for _ in 0 ..< count {
                try skipValue(keyType)
                try skipValue(valueType)
            }
        }
    }

    private mutating func skipBytes(_ count: Int, _ what: String) throws {
        guard remaining >= count else { throw truncated(count, what) }
        position &+= count
    }
}
