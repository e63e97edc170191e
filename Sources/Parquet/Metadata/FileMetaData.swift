// The parts of parquet.thrift's structs that a reader needs. Field ids in comments.

/// One `SchemaElement` of the flattened (depth-first) schema list.
public struct SchemaElement: Sendable, Hashable {
    public var type: PhysicalType?            // 1
    public var typeLength: Int32?             // 2
    public var repetition: Repetition?        // 3
    public var name: String = ""              // 4
    public var numChildren: Int32?            // 5
    public var convertedType: ConvertedType?  // 6
    public var scale: Int32?                  // 7
    public var precision: Int32?              // 8
    public var fieldID: Int32?                // 9
    public var logicalType: LogicalType?      // 10
    public init() {}
}

/// Column statistics, as raw PLAIN-encoded bytes (typed by the column's schema).
public struct Statistics: Sendable, Hashable {
    public var max: [UInt8]?                  // 1 (deprecated, signed order)
    public var min: [UInt8]?                  // 2 (deprecated)
    public var nullCount: Int64?              // 3
    public var distinctCount: Int64?          // 4
    public var maxValue: [UInt8]?             // 5
    public var minValue: [UInt8]?             // 6
    public var isMaxValueExact: Bool?         // 7
    public var isMinValueExact: Bool?         // 8
    /// NaN values among the non-null values (FLOAT, DOUBLE, FLOAT16; parquet-format 2.12).
    public var nanCount: Int64?               // 9
    public init() {}
}

/// `SizeStatistics`: sizes and level histograms of a column chunk (or page).
public struct SizeStatistics: Sendable, Hashable {
    /// BYTE_ARRAY columns: the value bytes without their length prefixes.
    public var unencodedByteArrayDataBytes: Int64?  // 1
    /// Occurrences of each repetition level 0...max (empty when not written).
    public var repetitionLevelHistogram: [Int64] = []  // 2
    /// Occurrences of each definition level 0...max (empty when not written).
    public var definitionLevelHistogram: [Int64] = []  // 3
    public init() {}
}

/// `BoundingBox` of GEOMETRY / GEOGRAPHY values: x and y always, z and m when present.
/// `xmin` may exceed `xmax` for a GEOGRAPHY box that crosses the antimeridian.
public struct BoundingBox: Sendable, Hashable {
    public var xmin: Double = 0, xmax: Double = 0      // 1, 2
    public var ymin: Double = 0, ymax: Double = 0      // 3, 4
    public var zmin: Double?, zmax: Double?            // 5, 6
    public var mmin: Double?, mmax: Double?            // 7, 8
    public init() {}
}

/// `GeospatialStatistics` of a GEOMETRY / GEOGRAPHY column chunk.
public struct GeospatialStatistics: Sendable, Hashable {
    public var bbox: BoundingBox?                      // 1
    /// WKB type codes present (1 POINT ... 7 GEOMETRYCOLLECTION, +1000 Z, +2000 M, +3000 ZM);
    /// nil when not written, empty when unknown.
    public var geospatialTypes: [Int32]?               // 2
    public init() {}
}

/// A key/value pair of user metadata.
public struct KeyValue: Sendable, Hashable {
    public var key: String                    // 1
    public var value: String?                 // 2
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

/// Metadata of one column chunk.
public struct ColumnMetaData: Sendable, Hashable {
    public var type: PhysicalType = .boolean          // 1
    public var encodings: [Encoding] = []             // 2
    public var pathInSchema: [String] = []            // 3
    public var codec: CompressionCodec = .uncompressed // 4
    public var numValues: Int64 = 0                   // 5
    public var totalUncompressedSize: Int64 = 0       // 6
    public var totalCompressedSize: Int64 = 0         // 7
    public var keyValueMetadata: [KeyValue] = []      // 8
    public var dataPageOffset: Int64 = 0              // 9
    public var indexPageOffset: Int64?                // 10
    public var dictionaryPageOffset: Int64?           // 11
    public var statistics: Statistics?                // 12
    /// How many pages of each type use each encoding (nil when the writer did not say).
    public var encodingStats: [PageEncodingStats]?    // 13
    /// Where the chunk's bloom filter starts (its header, then the bitset).
    public var bloomFilterOffset: Int64?              // 14
    /// The bloom filter's size in bytes, header included (newer writers only).
    public var bloomFilterLength: Int32?              // 15
    public var sizeStatistics: SizeStatistics?        // 16
    public var geospatialStatistics: GeospatialStatistics? // 17
    public init() {}
}

/// `PageEncodingStats`: the number of pages of one type that use one encoding.
public struct PageEncodingStats: Sendable, Hashable {
    public var pageType: PageType                     // 1
    public var encoding: Encoding                     // 2
    public var count: Int32                           // 3
    public init(pageType: PageType, encoding: Encoding, count: Int32) {
        self.pageType = pageType
        self.encoding = encoding
        self.count = count
    }
}

/// `SortingColumn`: a column the rows of a row group are sorted by.
public struct SortingColumn: Sendable, Hashable {
    /// The leaf column index.
    public var columnIndex: Int32                     // 1 (column_idx)
    public var descending: Bool                       // 2
    public var nullsFirst: Bool                       // 3
    public init(columnIndex: Int32, descending: Bool, nullsFirst: Bool) {
        self.columnIndex = columnIndex
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// One column chunk of a row group.
public struct ColumnChunk: Sendable, Hashable {
    public var filePath: String?                      // 1
    public var fileOffset: Int64 = 0                  // 2
    public var metaData: ColumnMetaData?              // 3
    public var offsetIndexOffset: Int64?              // 4
    public var offsetIndexLength: Int32?              // 5
    public var columnIndexOffset: Int64?              // 6
    public var columnIndexLength: Int32?              // 7
    /// True when the chunk carries crypto metadata (field 8) or encrypted metadata (field 9).
    public var isEncrypted: Bool = false
    public init() {}
}

/// One row group.
public struct RowGroup: Sendable, Hashable {
    public var columns: [ColumnChunk] = []            // 1
    public var totalByteSize: Int64 = 0               // 2
    public var numRows: Int64 = 0                     // 3
    /// The columns the rows are sorted by, most significant first (nil when not given).
    public var sortingColumns: [SortingColumn]?       // 4
    public var fileOffset: Int64?                     // 5
    public var totalCompressedSize: Int64?            // 6
    public var ordinal: Int16?                        // 7
    public init() {}
}

/// The file footer.
public struct FileMetaData: Sendable, Hashable {
    public var version: Int32 = 0                     // 1
    public var schema: [SchemaElement] = []           // 2
    public var numRows: Int64 = 0                     // 3
    public var rowGroups: [RowGroup] = []             // 4
    public var keyValueMetadata: [KeyValue] = []      // 5
    public var createdBy: String?                     // 6
    /// The sort order of each leaf column's min/max statistics (empty when not given).
    public var columnOrders: [ColumnOrder] = []       // 7
    /// True when field 8 (encryption_algorithm: a plaintext footer of an encrypted file) is set.
    public var hasEncryptionAlgorithm: Bool = false
    public init() {}
}

/// The `ColumnOrder` union: how a column's `min_value`/`max_value` statistics are ordered.
public enum ColumnOrder: Sendable, Hashable {
    /// `TYPE_ORDER`: the order defined by the column's logical or physical type.
    case typeDefined
    /// `IEEE_754_TOTAL_ORDER` (FLOAT, DOUBLE, FLOAT16): -NaN < -∞ < … < -0 < +0 < … < +∞ < +NaN;
    /// min and max hold NaN only when every non-null value is NaN.
    case ieee754TotalOrder
    /// `INT96_TIMESTAMP_ORDER`: INT96 values in chronological order.
    case int96TimestampOrder
    /// A union member this reader does not know, by its Thrift field id.
    case undefined(fieldID: Int16)
}

/// `DataPageHeader` (v1).
public struct DataPageHeader: Sendable, Hashable {
    public var numValues: Int32 = 0                   // 1
    public var encoding: Encoding = .plain            // 2
    public var definitionLevelEncoding: Encoding = .rle // 3
    public var repetitionLevelEncoding: Encoding = .rle // 4
    public var statistics: Statistics?                // 5
    public init() {}
}

/// `DataPageHeaderV2`.
public struct DataPageHeaderV2: Sendable, Hashable {
    public var numValues: Int32 = 0                   // 1
    public var numNulls: Int32 = 0                    // 2
    public var numRows: Int32 = 0                     // 3
    public var encoding: Encoding = .plain            // 4
    public var definitionLevelsByteLength: Int32 = 0  // 5
    public var repetitionLevelsByteLength: Int32 = 0  // 6
    public var isCompressed: Bool = true              // 7 (default true)
    public var statistics: Statistics?                // 8
    public init() {}
}

/// `DictionaryPageHeader`.
public struct DictionaryPageHeader: Sendable, Hashable {
    public var numValues: Int32 = 0                   // 1
    public var encoding: Encoding = .plain            // 2
    public var isSorted: Bool?                        // 3
    public init() {}
}

/// `PageHeader`.
public struct PageHeader: Sendable, Hashable {
    public var type: PageType = .dataPage             // 1
    public var uncompressedPageSize: Int32 = 0        // 2
    public var compressedPageSize: Int32 = 0          // 3
    public var crc: Int32?                            // 4
    public var dataPageHeader: DataPageHeader?        // 5
    public var dictionaryPageHeader: DictionaryPageHeader? // 7
    public var dataPageHeaderV2: DataPageHeaderV2?    // 8
    public init() {}
}
