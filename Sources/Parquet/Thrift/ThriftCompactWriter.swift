/// An encoder of the Thrift compact protocol appending to a byte array.
///
/// Struct fields are written with ``writeFieldHeader(_:_:)`` (short delta form when the id
/// grows by 1...15 since the previous field of the same struct, long form otherwise) followed
/// by the value; nested structs go through ``writeStruct(_:_:)`` / ``writeStructBody(_:)``,
/// which keep the previous-field-id bookkeeping per struct and write the stop byte.
struct ThriftCompactWriter {
    /// The encoded bytes so far.
    private(set) var bytes: [UInt8] = []
    /// Id of the previous field in the struct being written.
    private var lastFieldID: Int16 = 0

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: - Primitives

    @inline(__always) mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    /// Writes an unsigned LEB128 varint.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Writes a zigzag varint (i16, i32 and i64 all use this).
    @inline(__always)
    mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value &<< 1) ^ (value &>> 63)))
    }

    /// Writes an 8-byte little-endian double.
    mutating func writeDoubleValue(_ value: Double) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
    }

    /// Writes a length-prefixed binary value.
    mutating func writeBinaryValue<C: Collection>(_ value: C) where C.Element == UInt8 {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a length-prefixed UTF-8 string.
    mutating func writeStringValue(_ value: String) {
        writeBinaryValue(value.utf8)
    }

    /// Writes a boolean as a collection element (one byte: 1 true, 2 false).
    mutating func writeBoolElement(_ value: Bool) {
        bytes.append(value ? ThriftType.boolTrue.rawValue : ThriftType.boolFalse.rawValue)
    }

    // MARK: - Fields

    /// Writes a field header for field `id` of wire type `type`.
    mutating func writeFieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigzag(Int64(id))
        }
        lastFieldID = id
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) {
        writeFieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func writeI8(_ id: Int16, _ value: Int8) {
        writeFieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func writeI16(_ id: Int16, _ value: Int16) {
        writeFieldHeader(id, .i16)
        writeZigzag(Int64(value))
    }

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        writeFieldHeader(id, .i32)
        writeZigzag(Int64(value))
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        writeFieldHeader(id, .i64)
        writeZigzag(value)
    }

    mutating func writeDouble(_ id: Int16, _ value: Double) {
        writeFieldHeader(id, .double)
        writeDoubleValue(value)
    }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeBinaryValue(value)
    }

    mutating func writeString(_ id: Int16, _ value: String) {
        writeFieldHeader(id, .binary)
        writeStringValue(value)
    }

    // MARK: - Containers

    /// Writes the fields produced by `body` followed by a stop byte, with a fresh
    /// field-id context (for top-level structs and struct elements of lists).
    mutating func writeStructBody(_ body: (inout ThriftCompactWriter) -> Void) {
        let saved = lastFieldID
        lastFieldID = 0
        body(&self)
        bytes.append(ThriftType.stop.rawValue)
        lastFieldID = saved
    }

    /// Writes struct field `id` whose fields are produced by `body`.
    mutating func writeStruct(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        writeFieldHeader(id, .structure)
        writeStructBody(body)
    }

    /// Writes an empty struct as field `id` (the members of marker unions).
    mutating func writeEmptyStruct(_ id: Int16) {
        writeFieldHeader(id, .structure)
        bytes.append(ThriftType.stop.rawValue)
    }

    /// Writes a list header (short form below 15 elements, long form otherwise).
    mutating func writeListHeader(_ elementType: ThriftType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// Writes a map header (a lone zero byte when empty).
    mutating func writeMapHeader(keyType: ThriftType, valueType: ThriftType, count: Int) {
        writeVarint(UInt64(count))
        if count > 0 { bytes.append(keyType.rawValue << 4 | valueType.rawValue) }
    }

    /// Writes list field `id` with `items`, each written by `element`.
    mutating func writeList<S: Collection>(
        _ id: Int16, _ elementType: ThriftType, _ items: S,
        _ element: (inout ThriftCompactWriter, S.Element) -> Void
    ) {
        writeFieldHeader(id, .list)
        writeListHeader(elementType, count: items.count)
        for item in items { element(&self, item) }
    }

    /// Writes list field `id` of structs, each struct's fields written by `fields`.
    mutating func writeStructList<S: Collection>(
        _ id: Int16, _ items: S, _ fields: (inout ThriftCompactWriter, S.Element) -> Void
    ) {
        writeList(id, .structure, items) { writer, item in
            writer.writeStructBody { fields(&$0, item) }
        }
    }
}
