// Encoding of the footer structs into the Thrift compact protocol (for the writer).
// Each `writeFields(to:)` writes a struct's fields in id order, without the stop byte;
// `ThriftCompactWriter.writeStruct` / `writeStructBody` add it.

extension FileMetaData {
    /// The footer encoded with the Thrift compact protocol (what goes before the footer
    /// length and the closing magic).
    ///
    /// Every field the struct holds is written. `hasEncryptionAlgorithm` is not: the
    /// algorithm itself is not kept, so the output is always a plaintext, unencrypted footer.
    public func thriftCompactBytes() -> [UInt8] {
        var writer = ThriftCompactWriter(capacity: 1024)
        writer.writeStructBody { writeFields(to: &$0) }
        return writer.bytes
    }

    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, version)
        w.writeStructList(2, schema) { $1.writeFields(to: &$0) }
        w.writeI64(3, numRows)
        w.writeStructList(4, rowGroups) { $1.writeFields(to: &$0) }
        if !keyValueMetadata.isEmpty {
            w.writeStructList(5, keyValueMetadata) { $1.writeFields(to: &$0) }
        }
        if let createdBy { w.writeString(6, createdBy) }
        if !columnOrders.isEmpty {
            w.writeStructList(7, columnOrders) { w, order in
                switch order {
                case .typeDefined: w.writeEmptyStruct(1)
                case .ieee754TotalOrder: w.writeEmptyStruct(2)
                case .int96TimestampOrder: w.writeEmptyStruct(3)
                case .undefined(let id): w.writeEmptyStruct(id)
                }
            }
        }
    }
}

extension KeyValue {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeString(1, key)
        if let value { w.writeString(2, value) }
    }
}

extension Statistics {
    func writeFields(to w: inout ThriftCompactWriter) {
        if let max { w.writeBinary(1, max) }
        if let min { w.writeBinary(2, min) }
        if let nullCount { w.writeI64(3, nullCount) }
        if let distinctCount { w.writeI64(4, distinctCount) }
        if let maxValue { w.writeBinary(5, maxValue) }
        if let minValue { w.writeBinary(6, minValue) }
        if let isMaxValueExact { w.writeBool(7, isMaxValueExact) }
        if let isMinValueExact { w.writeBool(8, isMinValueExact) }
        if let nanCount { w.writeI64(9, nanCount) }
    }
}

extension SizeStatistics {
    func writeFields(to w: inout ThriftCompactWriter) {
        if let unencodedByteArrayDataBytes { w.writeI64(1, unencodedByteArrayDataBytes) }
        if !repetitionLevelHistogram.isEmpty { w.writeList(2, .i64, repetitionLevelHistogram) { $0.writeZigzag($1) } }
        if !definitionLevelHistogram.isEmpty { w.writeList(3, .i64, definitionLevelHistogram) { $0.writeZigzag($1) } }
    }
}

extension GeospatialStatistics {
    func writeFields(to w: inout ThriftCompactWriter) {
        if let bbox {
            w.writeStruct(1) { w in
                w.writeDouble(1, bbox.xmin)
                w.writeDouble(2, bbox.xmax)
                w.writeDouble(3, bbox.ymin)
                w.writeDouble(4, bbox.ymax)
                if let zmin = bbox.zmin { w.writeDouble(5, zmin) }
                if let zmax = bbox.zmax { w.writeDouble(6, zmax) }
                if let mmin = bbox.mmin { w.writeDouble(7, mmin) }
                if let mmax = bbox.mmax { w.writeDouble(8, mmax) }
            }
        }
        if let geospatialTypes { w.writeList(2, .i32, geospatialTypes) { $0.writeZigzag(Int64($1)) } }
    }
}

extension SchemaElement {
    func writeFields(to w: inout ThriftCompactWriter) {
        if let type { w.writeI32(1, type.rawValue) }
        if let typeLength { w.writeI32(2, typeLength) }
        if let repetition { w.writeI32(3, repetition.rawValue) }
        w.writeString(4, name)
        if let numChildren { w.writeI32(5, numChildren) }
        if let convertedType { w.writeI32(6, convertedType.rawValue) }
        if let scale { w.writeI32(7, scale) }
        if let precision { w.writeI32(8, precision) }
        if let fieldID { w.writeI32(9, fieldID) }
        if let logicalType { w.writeStruct(10) { logicalType.writeFields(to: &$0) } }
    }
}

extension TimeUnit {
    /// The `TimeUnit` union member id.
    var thriftFieldID: Int16 {
        switch self {
        case .millis: 1
        case .micros: 2
        case .nanos: 3
        }
    }
}

extension LogicalType {
    /// Writes the union's single member.
    func writeFields(to w: inout ThriftCompactWriter) {
        switch self {
        case .string: w.writeEmptyStruct(1)
        case .map: w.writeEmptyStruct(2)
        case .list: w.writeEmptyStruct(3)
        case .enumeration: w.writeEmptyStruct(4)
        case let .decimal(scale, precision):
            w.writeStruct(5) {
                $0.writeI32(1, scale)
                $0.writeI32(2, precision)
            }
        case .date: w.writeEmptyStruct(6)
        case let .time(utc, unit):
            w.writeStruct(7) { Self.writeTime(to: &$0, utc: utc, unit: unit) }
        case let .timestamp(utc, unit):
            w.writeStruct(8) { Self.writeTime(to: &$0, utc: utc, unit: unit) }
        case let .integer(bitWidth, isSigned):
            w.writeStruct(10) {
                $0.writeI8(1, bitWidth)
                $0.writeBool(2, isSigned)
            }
        case .null: w.writeEmptyStruct(11)
        case .json: w.writeEmptyStruct(12)
        case .bson: w.writeEmptyStruct(13)
        case .uuid: w.writeEmptyStruct(14)
        case .float16: w.writeEmptyStruct(15)
        case let .variant(version):
            w.writeStruct(16) { if let version { $0.writeI8(1, version) } }
        case let .geometry(crs):
            w.writeStruct(17) { if let crs { $0.writeString(1, crs) } }
        case let .geography(crs, algorithm):
            w.writeStruct(18) {
                if let crs { $0.writeString(1, crs) }
                if let algorithm { $0.writeI32(2, algorithm) }
            }
        case let .undefined(fieldID): w.writeEmptyStruct(fieldID)
        }
    }

    private static func writeTime(to w: inout ThriftCompactWriter, utc: Bool, unit: TimeUnit) {
        w.writeBool(1, utc)
        w.writeStruct(2) { $0.writeEmptyStruct(unit.thriftFieldID) }
    }
}

extension ColumnMetaData {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, type.rawValue)
        w.writeList(2, .i32, encodings) { $0.writeZigzag(Int64($1.rawValue)) }
        w.writeList(3, .binary, pathInSchema) { $0.writeStringValue($1) }
        w.writeI32(4, codec.rawValue)
        w.writeI64(5, numValues)
        w.writeI64(6, totalUncompressedSize)
        w.writeI64(7, totalCompressedSize)
        if !keyValueMetadata.isEmpty {
            w.writeStructList(8, keyValueMetadata) { $1.writeFields(to: &$0) }
        }
        w.writeI64(9, dataPageOffset)
        if let indexPageOffset { w.writeI64(10, indexPageOffset) }
        if let dictionaryPageOffset { w.writeI64(11, dictionaryPageOffset) }
        if let statistics { w.writeStruct(12) { statistics.writeFields(to: &$0) } }
        if let encodingStats {
            w.writeStructList(13, encodingStats) { w, s in
                w.writeI32(1, s.pageType.rawValue)
                w.writeI32(2, s.encoding.rawValue)
                w.writeI32(3, s.count)
            }
        }
        if let bloomFilterOffset { w.writeI64(14, bloomFilterOffset) }
        if let bloomFilterLength { w.writeI32(15, bloomFilterLength) }
        if let sizeStatistics { w.writeStruct(16) { sizeStatistics.writeFields(to: &$0) } }
        if let geospatialStatistics { w.writeStruct(17) { geospatialStatistics.writeFields(to: &$0) } }
    }
}

extension ColumnChunk {
    /// Writes the chunk; `isEncrypted` has no payload to write and is ignored.
    func writeFields(to w: inout ThriftCompactWriter) {
        if let filePath { w.writeString(1, filePath) }
        w.writeI64(2, fileOffset)
        if let metaData { w.writeStruct(3) { metaData.writeFields(to: &$0) } }
        if let offsetIndexOffset { w.writeI64(4, offsetIndexOffset) }
        if let offsetIndexLength { w.writeI32(5, offsetIndexLength) }
        if let columnIndexOffset { w.writeI64(6, columnIndexOffset) }
        if let columnIndexLength { w.writeI32(7, columnIndexLength) }
    }
}

extension RowGroup {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeStructList(1, columns) { $1.writeFields(to: &$0) }
        w.writeI64(2, totalByteSize)
        w.writeI64(3, numRows)
        if let sortingColumns {
            w.writeStructList(4, sortingColumns) { w, s in
                w.writeI32(1, s.columnIndex)
                w.writeBool(2, s.descending)
                w.writeBool(3, s.nullsFirst)
            }
        }
        if let fileOffset { w.writeI64(5, fileOffset) }
        if let totalCompressedSize { w.writeI64(6, totalCompressedSize) }
        if let ordinal { w.writeI16(7, ordinal) }
    }
}
