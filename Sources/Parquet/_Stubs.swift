enum RLEHybrid { static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: inout [UInt32]) throws -> Int { 0 } }
enum BitPackedLegacy { static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: inout [UInt32]) throws -> Int { 0 } }
enum PlainDecoder { static func decode(_ bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int, count: Int, into values: inout ColumnValues) throws -> Int { 0 } }
enum ValueDecoding { static func decode(encoding: Encoding, bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int, count: Int, into values: inout ColumnValues) throws -> Int { 0 } }
enum DictionaryGather { static func append(from dictionary: ColumnValues, indices: [UInt32], into values: inout ColumnValues) throws {} }
