/// Rebuilds nested records (structs, lists, maps) from the repetition and definition levels
/// of their leaf columns and writes each record as compact JSON.
///
/// Each leaf keeps a cursor into its level entries. A null or empty node consumes one entry
/// of every leaf below it; a written leaf consumes one entry of its own. Every access is
/// bounds-checked, so inconsistent levels in a hostile file throw instead of trapping.
struct RecordAssembler {
    private struct Cursor {
        var definitionLevels: [UInt32]
        var repetitionLevels: [UInt32]
        var levelCount: Int
        var maxDefinitionLevel: UInt32
        var write: ValueWriter
        var position = 0
        var valuePosition = 0
        var name: String
    }

    private let shape: FieldShape
    private var cursors: [Int: Cursor] = [:]

    init(shape: FieldShape, batch: RecordBatch) throws {
        self.shape = shape
        for index in shape.columns {
            guard let column = batch.column(at: index) else {
                throw ParquetError(.invalidArgument, "the batch lacks a column of this field")
            }
            let d = column.descriptor
            cursors[index] = Cursor(definitionLevels: column.definitionLevels, repetitionLevels: column.repetitionLevels,
                                    levelCount: column.levelCount, maxDefinitionLevel: UInt32(d.maxDefinitionLevel),
                                    write: try makeValueWriter(column, style: .json), name: d.dottedPath)
        }
    }

    /// Writes the next record of the field.
    mutating func writeRecord(to out: inout [UInt8]) throws {
        try write(shape, to: &out)
    }

    /// Throws when a leaf has entries left over after the batch's records.
    func checkConsumed() throws {
        for cursor in cursors.values where cursor.position != cursor.levelCount {
            throw ParquetError(.corrupt, "levels do not match the other columns of the record (\(cursor.levelCount - cursor.position) entries left)", column: cursor.name)
        }
    }

    private func definitionLevel(_ column: Int) throws -> Int {
        guard let cursor = cursors[column], cursor.position < cursor.levelCount else {
            throw ParquetError(.corrupt, "a record runs past the end of its column's levels", column: cursors[column]?.name)
        }
        return cursor.definitionLevels.isEmpty ? Int(cursor.maxDefinitionLevel) : Int(cursor.definitionLevels[cursor.position])
    }

    /// Whether the next entry of `column` starts a new entry of a list at `repetitionLevel`.
    private func continues(_ column: Int, repetitionLevel: Int) -> Bool {
        guard let cursor = cursors[column], cursor.position < cursor.levelCount, !cursor.repetitionLevels.isEmpty else { return false }
        return Int(cursor.repetitionLevels[cursor.position]) == repetitionLevel
    }

    /// Consumes one entry of every leaf below `shape` (a null or empty node).
    private mutating func skip(_ shape: FieldShape) throws {
        for column in shape.columns {
            guard var cursor = cursors[column], cursor.position < cursor.levelCount else {
                throw ParquetError(.corrupt, "a record runs past the end of its column's levels", column: cursors[column]?.name)
            }
            cursor.position += 1
            cursors[column] = cursor
        }
    }

    private mutating func write(_ shape: FieldShape, to out: inout [UInt8]) throws {
        switch shape {
        case .leaf(let column, _):
            guard var cursor = cursors[column], cursor.position < cursor.levelCount else {
                throw ParquetError(.corrupt, "a record runs past the end of its column's levels", column: cursors[column]?.name)
            }
            let present = cursor.definitionLevels.isEmpty || cursor.definitionLevels[cursor.position] == cursor.maxDefinitionLevel
            if present {
                if !cursor.write(cursor.valuePosition, &out) { out.append(contentsOf: nullText) }
                cursor.valuePosition += 1
            } else {
                out.append(contentsOf: nullText)
            }
            cursor.position += 1
            cursors[column] = cursor

        case .structure(let fields, let presentLevel):
            if let presentLevel, let first = shape.firstColumn, try definitionLevel(first) < presentLevel {
                try skip(shape)
                out.append(contentsOf: nullText)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(field.shape, to: &out)
            }
            out.append(UInt8(ascii: "}"))

        case .list(let element, let presentLevel, let entryLevel, let repetitionLevel):
            guard let first = shape.firstColumn else { return }
            let level = try definitionLevel(first)
            if let presentLevel, level < presentLevel {
                try skip(shape)
                out.append(contentsOf: nullText)
                return
            }
            if level < entryLevel {
                try skip(shape)
                out.append(contentsOf: Array("[]".utf8))
                return
            }
            out.append(UInt8(ascii: "["))
            repeat {
                try write(element, to: &out)
                guard continues(first, repetitionLevel: repetitionLevel) else { break }
                out.append(UInt8(ascii: ","))
            } while true
            out.append(UInt8(ascii: "]"))

        case .map(let key, let value, let presentLevel, let entryLevel, let repetitionLevel):
            guard let first = shape.firstColumn else { return }
            let level = try definitionLevel(first)
            if let presentLevel, level < presentLevel {
                try skip(shape)
                out.append(contentsOf: nullText)
                return
            }
            if level < entryLevel {
                try skip(shape)
                out.append(contentsOf: Array("{}".utf8))
                return
            }
            out.append(UInt8(ascii: "{"))
            var keyText: [UInt8] = []
            repeat {
                keyText.removeAll(keepingCapacity: true)
                try write(key, to: &keyText)
                if keyText.first == UInt8(ascii: "\"") {
                    out.append(contentsOf: keyText)
                } else {
                    keyText.withUnsafeBytes { JSONText.appendString($0, to: &out) }
                }
                out.append(UInt8(ascii: ":"))
                try write(value, to: &out)
                guard continues(first, repetitionLevel: repetitionLevel) else { break }
                out.append(UInt8(ascii: ","))
            } while true
            out.append(UInt8(ascii: "}"))
        }
    }
}
