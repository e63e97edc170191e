// Checking a batch's columns against the writer's schema, and cutting them into row groups.

/// A run of whole records of one column: the level entries and the values they hold.
struct ColumnSlice {
    var data: ColumnData
    /// Level entries of the slice (indices into the level arrays).
    var levels: Range<Int>
    /// Values of the slice (indices into `data.values`).
    var values: Range<Int>
}

enum ColumnValidation {
    /// Checks that `column` fits leaf `d` of the writer's schema and holds `rows` records.
    ///
    /// - Throws: `.invalidArgument` naming the column on any mismatch: path, physical type,
    ///   levels (counts, maxima, a record not starting at repetition level 0), value count,
    ///   or a malformed value buffer (offsets out of order or beyond the bytes, a
    ///   FIXED_LEN_BYTE_ARRAY width other than the schema's).
    static func check(_ column: ColumnData, against d: ColumnDescriptor, rows: Int) throws {
        let name = d.dottedPath
        func fail(_ message: String) -> ParquetError {
            ParquetError(.invalidArgument, message, column: name)
        }
        let given = column.descriptor
        guard given.path == d.path else {
            throw fail("batch column '\(given.dottedPath)' is where the schema has '\(name)'")
        }
        guard given.physicalType == d.physicalType else {
            throw fail("batch column has type \(given.physicalType) but the schema says \(d.physicalType)")
        }
        guard given.maxDefinitionLevel == d.maxDefinitionLevel, given.maxRepetitionLevel == d.maxRepetitionLevel else {
            throw fail("batch column has maximum levels (def \(given.maxDefinitionLevel), rep \(given.maxRepetitionLevel)) but the schema has (def \(d.maxDefinitionLevel), rep \(d.maxRepetitionLevel))")
        }
        let n = column.levelCount
        guard n >= 0 else { throw fail("negative level count \(n)") }
        try checkValues(column.values, d, fail)

        // Definition levels and the number of values they call for.
        var valuesNeeded = n
        if d.maxDefinitionLevel > 0 {
            guard column.definitionLevels.count == n else {
                throw fail("\(column.definitionLevels.count) definition levels for \(n) level entries")
            }
            let max = UInt32(d.maxDefinitionLevel)
            guard let full = count(column.definitionLevels, equalTo: max, max: max) else {
                throw fail("a definition level exceeds the maximum \(max)")
            }
            valuesNeeded = full
        } else if !column.definitionLevels.isEmpty {
            throw fail("definition levels given for a column whose maximum definition level is 0")
        }
        guard column.values.count == valuesNeeded else {
            throw fail("\(column.values.count) values where the levels call for \(valuesNeeded)")
        }

        // Repetition levels and the number of records.
        var records = n
        if d.maxRepetitionLevel > 0 {
            guard column.repetitionLevels.count == n else {
                throw fail("\(column.repetitionLevels.count) repetition levels for \(n) level entries")
            }
            if n > 0, column.repetitionLevels[0] != 0 {
                throw fail("the first repetition level is \(column.repetitionLevels[0]), not 0")
            }
            let max = UInt32(d.maxRepetitionLevel)
            guard let starts = count(column.repetitionLevels, equalTo: 0, max: max) else {
                throw fail("a repetition level exceeds the maximum \(max)")
            }
            records = starts
        } else if !column.repetitionLevels.isEmpty {
            throw fail("repetition levels given for a column whose maximum repetition level is 0")
        }
        guard records == rows else {
            throw fail("column holds \(records) records but the batch has \(rows) rows")
        }
    }

    /// How many of `levels` equal `target` (at most `max`); nil when a level exceeds `max`.
    private static func count(_ levels: [UInt32], equalTo target: UInt32, max: UInt32) -> Int? {
        var matching = 0
        var over = false
        levels.withUnsafeBufferPointer { levels in
            for level in levels {
                if level == target { matching &+= 1 } else if level > max { over = true }
            }
        }
        return over ? nil : matching
    }

    private static func checkValues(_ values: ColumnValues, _ d: ColumnDescriptor, _ fail: (String) -> ParquetError) throws {
        switch (values, d.physicalType) {
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.int96, .int96),
             (.float, .float), (.double, .double):
            return
        case (.byteArray(let v), .byteArray):
            guard let first = v.offsets.first, first >= 0 else {
                throw fail("byte array offsets are empty or negative")
            }
            var previous = first
            var bad = false
            v.offsets.withUnsafeBufferPointer { offsets in
                for offset in offsets {
                    if offset < previous || offset - previous > Int(Int32.max) { bad = true }
                    previous = offset
                }
            }
            guard !bad else { throw fail("byte array offsets decrease or a value exceeds 2 GiB") }
            guard previous <= v.bytes.count else {
                throw fail("byte array offsets reach \(previous) but only \(v.bytes.count) bytes are present")
            }
        case (.fixedLenByteArray(let v), .fixedLenByteArray):
            guard v.width == d.typeLength, v.width > 0, v.bytes.count % v.width == 0 else {
                throw fail("fixed-length values of width \(v.width) (\(v.bytes.count) bytes) do not fit type_length \(d.typeLength)")
            }
        default:
            throw fail("values do not match the physical type \(d.physicalType)")
        }
    }
}

/// Walks one column record by record, handing out slices of whole records.
struct ColumnCursor {
    private(set) var level = 0
    private(set) var value = 0

    /// The next `records` records of `column` (fewer at its end).
    mutating func take(_ records: Int, of column: ColumnData) -> ColumnSlice {
        let d = column.descriptor
        let start = level
        var end = start
        let n = column.levelCount
        if d.maxRepetitionLevel == 0 {
            end = start + Swift.min(records, n - start)
        } else {
            column.repetitionLevels.withUnsafeBufferPointer { reps in
                var seen = 0
                var i = start
                while i < n {
                    if reps[i] == 0 {
                        if seen == records { break }
                        seen += 1
                    }
                    i += 1
                }
                end = i
            }
        }
        var count = end - start
        if d.maxDefinitionLevel > 0 {
            let max = UInt32(d.maxDefinitionLevel)
            count = 0
            column.definitionLevels.withUnsafeBufferPointer { defs in
                for i in start ..< end where defs[i] == max { count += 1 }
            }
        }
        let slice = ColumnSlice(data: column, levels: start ..< end, values: value ..< value + count)
        level = end
        value += count
        return slice
    }
}
