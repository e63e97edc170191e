// Encoding of PageHeader and its per-kind headers into the Thrift compact protocol.

extension PageHeader {
    /// The header encoded with the Thrift compact protocol, ready to precede the page data.
    public func thriftCompactBytes() -> [UInt8] {
        var writer = ThriftCompactWriter(capacity: 64)
        writer.writeStructBody { writeFields(to: &$0) }
        return writer.bytes
    }

    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, type.rawValue)
        w.writeI32(2, uncompressedPageSize)
        w.writeI32(3, compressedPageSize)
        if let crc { w.writeI32(4, crc) }
        if let dataPageHeader { w.writeStruct(5) { dataPageHeader.writeFields(to: &$0) } }
        if let dictionaryPageHeader { w.writeStruct(7) { dictionaryPageHeader.writeFields(to: &$0) } }
        if let dataPageHeaderV2 { w.writeStruct(8) { dataPageHeaderV2.writeFields(to: &$0) } }
    }
}

extension DataPageHeader {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, numValues)
        w.writeI32(2, encoding.rawValue)
        w.writeI32(3, definitionLevelEncoding.rawValue)
        w.writeI32(4, repetitionLevelEncoding.rawValue)
        if let statistics { w.writeStruct(5) { statistics.writeFields(to: &$0) } }
    }
}

extension DataPageHeaderV2 {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, numValues)
        w.writeI32(2, numNulls)
        w.writeI32(3, numRows)
        w.writeI32(4, encoding.rawValue)
        w.writeI32(5, definitionLevelsByteLength)
        w.writeI32(6, repetitionLevelsByteLength)
        w.writeBool(7, isCompressed)
        if let statistics { w.writeStruct(8) { statistics.writeFields(to: &$0) } }
    }
}

extension DictionaryPageHeader {
    func writeFields(to w: inout ThriftCompactWriter) {
        w.writeI32(1, numValues)
        w.writeI32(2, encoding.rawValue)
        if let isSorted { w.writeBool(3, isSorted) }
    }
}
