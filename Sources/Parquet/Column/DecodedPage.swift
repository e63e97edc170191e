/// The levels and values of one data page, decoded.
struct DecodedPage {
    var repetitionLevels: [UInt32] = []
    /// Definition levels; empty when the column has none, or when every entry of the page is
    /// at the maximum (``allDefined``: no null in the page, so nothing needs storing).
    var definitionLevels: [UInt32] = []
    /// Whether every level entry is at the column's maximum definition level (then
    /// ``definitionLevels`` is left empty).
    var allDefined = false
    /// The decoded values; empty for a dictionary-encoded page, whose values are gathered
    /// from its indices as they are read (see ``appendValues(_:into:)``).
    var values: ColumnValues
    /// Dictionary-encoded values not gathered yet: the encoded indices and the dictionary.
    private var indices: RLEHybridCursor?
    private var dictionary: ColumnValues?
    private var indexScratch: [UInt32] = []
    /// Number of non-null values in the page.
    private(set) var valueCount = 0
    /// Number of level entries (value slots, nulls included).
    var levelCount: Int
    /// How far the chunk reader has handed out this page.
    var levelPosition = 0
    var valuePosition = 0

    var isConsumed: Bool { levelPosition >= levelCount }

    /// Decoded bytes (values and levels, as ``ColumnData/byteCount`` counts them) per level
    /// entry, rounded up: how a read cuts a page to a byte limit.
    var bytesPerEntry: Int {
        var total = values.byteCount + 4 * (definitionLevels.count + repetitionLevels.count)
        if let dictionary, dictionary.count > 0 {
            total += valueCount * (dictionary.byteCount + dictionary.count - 1) / dictionary.count
        }
        return Swift.max(1, (total + levelCount - 1) / Swift.max(1, levelCount))
    }

    /// Decoded bytes the page holds: values (or encoded indices) and levels.
    var heldBytes: Int {
        values.byteCount + (indices?.byteCount ?? 0) + 4 * (definitionLevels.count + repetitionLevels.count)
    }

    /// Whether the page's values are dictionary indices whose dictionary was released
    /// (``attach(_:)`` with nil): reading values needs it attached again.
    var needsDictionary: Bool { indices != nil && dictionary == nil && valuePosition < valueCount }

    /// Replaces the dictionary the indices refer to (nil releases it between reads).
    mutating func attach(_ dictionary: ColumnValues?) {
        if indices != nil { self.dictionary = dictionary }
    }

    /// Whether values `valuePosition ..< valuePosition + count` are the whole decoded buffer,
    /// which can then be handed out without a copy.
    func isWholeBuffer(_ count: Int) -> Bool {
        indices == nil && valuePosition == 0 && count == values.count
    }

    /// Appends the next `count` values (from ``valuePosition``) to `output` and moves past
    /// them; dictionary-encoded values are gathered here, only as many as are read.
    mutating func appendValues(_ count: Int, into output: inout ColumnValues) throws {
        guard count > 0 else { return }
        guard valuePosition + count <= valueCount else {
            throw ParquetError.corrupt("page decoded \(valueCount) values where its levels call for more")
        }
        if var cursor = indices {
            guard let dictionary else {
                throw ParquetError.corrupt("dictionary-encoded values are read without their dictionary")
            }
            indices = nil
            defer { indices = cursor }
            indexScratch.removeAll(keepingCapacity: true)
            try cursor.next(count, into: &indexScratch)
            try DictionaryGather.append(from: dictionary, indices: indexScratch, into: &output)
        } else {
            try output.append(from: values, range: valuePosition ..< valuePosition + count)
        }
        valuePosition += count
    }

    /// Appends the next `count` values (from ``valuePosition``) to `prefix` as dictionary
    /// indices, without gathering them, and moves past them. False (and nothing read) when the
    /// page's values are not dictionary-encoded BYTE_ARRAY values.
    mutating func appendIndices(_ count: Int, into prefix: inout DictionaryPrefix?) throws -> Bool {
        guard var cursor = indices, case .byteArray(let entries)? = dictionary else { return false }
        guard count > 0 else { return true }
        guard valuePosition + count <= valueCount else {
            throw ParquetError.corrupt("page decoded \(valueCount) values where its levels call for more")
        }
        indices = nil
        defer { indices = cursor }
        var kept = prefix ?? DictionaryPrefix(dictionary: entries)
        prefix = nil
        // A dictionary read again after a release is a new buffer with the same entries.
        kept.dictionary = entries
        try kept.append(count, from: &cursor)
        prefix = kept
        valuePosition += count
        return true
    }

    /// Number of non-null values among the level entries `range`.
    func countValues(in range: Range<Int>, maxDefinitionLevel: Int) -> Int {
        if allDefined { return range.count }
        let max = UInt32(maxDefinitionLevel)
        var n = 0
        for i in range where definitionLevels[i] == max { n += 1 }
        return n
    }

    init(_ page: Page, descriptor: ColumnDescriptor, dictionary: ColumnValues?) throws {
        values = .empty(for: descriptor.physicalType, typeLength: descriptor.typeLength)
        let repWidth = bitWidth(of: descriptor.maxRepetitionLevel)
        let defWidth = bitWidth(of: descriptor.maxDefinitionLevel)
        let encoding: Encoding
        var valuesStart = 0
        switch page.header.type {
        case .dataPage:
            guard let h = page.header.dataPageHeader else {
                throw ParquetError.corrupt("DATA_PAGE has no data_page_header")
            }
            levelCount = try Self.checkedCount(h.numValues)
            encoding = h.encoding
            try page.body.withUnsafeBytes { body in
                if descriptor.maxRepetitionLevel > 0 {
                    valuesStart += try Self.decodeV1Levels(body, from: valuesStart, encoding: h.repetitionLevelEncoding, bitWidth: repWidth, count: levelCount, into: &repetitionLevels, what: "repetition")
                }
                if descriptor.maxDefinitionLevel > 0 {
                    valuesStart += try Self.decodeV1Levels(body, from: valuesStart, encoding: h.definitionLevelEncoding, bitWidth: defWidth, count: levelCount, into: &definitionLevels, what: "definition")
                }
            }
        case .dataPageV2:
            guard let h = page.header.dataPageHeaderV2 else {
                throw ParquetError.corrupt("DATA_PAGE_V2 has no data_page_header_v2")
            }
            levelCount = try Self.checkedCount(h.numValues)
            encoding = h.encoding
            let repLength = Int(h.repetitionLevelsByteLength)
            let defLength = Int(h.definitionLevelsByteLength)
            try page.body.withUnsafeBytes { body in
                if descriptor.maxRepetitionLevel > 0 {
                    repetitionLevels.reserveCapacity(levelCount)
                    _ = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: body[0 ..< repLength]), bitWidth: repWidth, count: levelCount, into: &repetitionLevels)
                }
                if descriptor.maxDefinitionLevel > 0 {
                    definitionLevels.reserveCapacity(levelCount)
                    _ = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: body[repLength ..< repLength + defLength]), bitWidth: defWidth, count: levelCount, into: &definitionLevels)
                }
            }
            valuesStart = repLength + defLength
        default:
            throw ParquetError.corrupt("\(page.header.type) is not a data page")
        }
        try validateLevels(descriptor)
        valueCount = descriptor.maxDefinitionLevel == 0
            ? levelCount : countValues(in: 0 ..< levelCount, maxDefinitionLevel: descriptor.maxDefinitionLevel)
        let valueCount = self.valueCount
        if descriptor.maxDefinitionLevel > 0 && valueCount == levelCount {
            // No null: a page held while batches take it apart costs its values only.
            allDefined = true
            definitionLevels = []
        }
        if descriptor.kind == .null && valueCount == 0 { return }
        try page.body.withUnsafeBytes { body in
            let bytes = UnsafeRawBufferPointer(rebasing: body[valuesStart...])
            if encoding == .plainDictionary || encoding == .rleDictionary {
                try prepareDictionaryIndices(bytes, count: valueCount, dictionary: dictionary)
            } else {
                _ = try ValueDecoding.decode(encoding: encoding, bytes: bytes, type: descriptor.physicalType,
                                             typeLength: descriptor.typeLength, count: valueCount, into: &values)
            }
        }
        guard indices != nil || values.count == valueCount else {
            throw ParquetError.corrupt("page decoded \(values.count) values where its levels call for \(valueCount)")
        }
    }

    /// Keeps the encoded dictionary indices of the page for ``appendValues(_:into:)``.
    private mutating func prepareDictionaryIndices(_ bytes: UnsafeRawBufferPointer, count: Int, dictionary: ColumnValues?) throws {
        if count == 0 { return }
        guard let dictionary else {
            throw ParquetError.corrupt("a dictionary-encoded page comes without a dictionary page")
        }
        guard let width = bytes.first else {
            throw ParquetError.corrupt("a dictionary-encoded page has no bit-width byte")
        }
        guard width <= 32 else {
            throw ParquetError.corrupt("dictionary index bit width \(width) is above 32")
        }
        indices = try RLEHybridCursor(bytes: Array(bytes[1...]), bitWidth: Int(width))
        self.dictionary = dictionary
    }

    private func validateLevels(_ descriptor: ColumnDescriptor) throws {
        if descriptor.maxDefinitionLevel > 0 {
            let max = UInt32(descriptor.maxDefinitionLevel)
            for level in definitionLevels where level > max {
                throw ParquetError.corrupt("definition level \(level) exceeds the column's maximum \(max)")
            }
        }
        if descriptor.maxRepetitionLevel > 0 {
            let max = UInt32(descriptor.maxRepetitionLevel)
            for level in repetitionLevels where level > max {
                throw ParquetError.corrupt("repetition level \(level) exceeds the column's maximum \(max)")
            }
        }
    }

    private static func checkedCount(_ numValues: Int32) throws -> Int {
        guard numValues >= 0, Int(numValues) <= ColumnChunkReader.maxPageEntries else {
            throw ParquetError.corrupt("data page claims \(numValues) values")
        }
        return Int(numValues)
    }

    /// Decodes v1 levels at `offset`; returns the bytes they occupy.
    private static func decodeV1Levels(_ body: UnsafeRawBufferPointer, from offset: Int, encoding: Encoding, bitWidth: Int,
                                       count: Int, into levels: inout [UInt32], what: String) throws -> Int {
        levels.reserveCapacity(count)
        let rest = UnsafeRawBufferPointer(rebasing: body[offset...])
        switch encoding {
        case .rle:
            guard rest.count >= 4 else {
                throw ParquetError.corrupt("the \(what) levels' length prefix is missing")
            }
            let length = Int(rest[0]) | Int(rest[1]) << 8 | Int(rest[2]) << 16 | Int(rest[3]) << 24
            guard length <= rest.count - 4 else {
                throw ParquetError.corrupt("\(what) levels claim \(length) bytes but the page has \(rest.count - 4) left")
            }
            _ = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: rest[4 ..< 4 + length]), bitWidth: bitWidth, count: count, into: &levels)
            return 4 + length
        case .bitPacked:
            return try BitPackedLegacy.decode(rest, bitWidth: bitWidth, count: count, into: &levels)
        default:
            throw ParquetError.unsupported("\(what) level encoding \(encoding) is not supported")
        }
    }
}

/// Bits needed to store levels up to `maxLevel`.
func bitWidth(of maxLevel: Int) -> Int {
    maxLevel <= 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount
}
