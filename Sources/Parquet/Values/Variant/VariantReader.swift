import Foundation

/// The level access variant reassembly needs from a record assembler. Leaves are numbered as
/// in the ``VariantShape`` the ``VariantReader`` was made with.
///
/// A record assembler keeps one cursor per leaf into its level entries; a null or missing
/// part consumes one entry of every leaf below it, a read leaf one entry of its own.
package protocol VariantLevels {
    /// The definition level of the next entry of `leaf` (throws when it has none left).
    func definitionLevel(_ leaf: Int) throws -> Int
    /// Whether the next entry of `leaf` continues a list whose entries repeat at `repetitionLevel`.
    func continues(_ leaf: Int, repetitionLevel: Int) -> Bool
    /// Consumes one entry of every leaf in `leaves`.
    mutating func skip(_ leaves: [Int]) throws
    /// Consumes the next entry of `leaf`: the index of its value among the leaf's non-null
    /// values, or nil when the entry is null.
    mutating func next(_ leaf: Int) throws -> Int?
}

/// Rebuilds the variants of one batch from the columns of a VARIANT group: decodes `value`
/// binaries and merges shredded `typed_value` columns into them (VariantShredding.md),
/// objects and arrays at any depth, partially shredded objects included.
///
/// Made once per batch; ``read(_:)`` returns one record's variant at a time.
package struct VariantReader {
    private let metadataLeaf: Int
    private let presentLevel: Int?
    private let leaves: [Int]
    private let root: Slot
    /// The byte buffers of the binary leaves (metadata and every `value`), by leaf.
    private let binaries: [Int: ByteArrayValues]
    /// The readers of shredded primitive leaves, by leaf.
    private let primitives: [Int: (Int) throws -> Variant]
    private let cache = MetadataCache()

    private final class MetadataCache {
        var bytes: [UInt8] = []
        var metadata: VariantMetadata?
    }

    private struct Slot {
        var value: Int?
        var typed: Typed?
        var presentLevel: Int?
        var first: Int
        var leaves: [Int]
    }

    private indirect enum Typed {
        case primitive(Int)
        case array(element: Slot, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int, first: Int, leaves: [Int])
        case object(fields: [(name: String, slot: Slot)], names: Set<String>, presentLevel: Int?, first: Int, leaves: [Int])
    }

    /// - Parameters:
    ///   - shape: the variant's shape, its leaves numbered as the caller's levels are.
    ///   - column: the batch's data of a leaf.
    package init(shape: VariantShape, column: (Int) -> ColumnData?) throws {
        metadataLeaf = shape.metadata
        presentLevel = shape.presentLevel
        leaves = shape.columns
        root = Self.compile(shape.root)
        var binaries: [Int: ByteArrayValues] = [:]
        var primitives: [Int: (Int) throws -> Variant] = [:]
        func binary(_ leaf: Int) throws {
            guard let data = column(leaf), case .byteArray(let values) = data.values else {
                throw ParquetError.corrupt("a variant binary column is missing or not BYTE_ARRAY")
            }
            binaries[leaf] = values
        }
        func visit(_ slot: VariantShape.Slot) throws {
            if let value = slot.value { try binary(value) }
            switch slot.typed {
            case nil: break
            case .primitive(let leaf, let type)?:
                guard let data = column(leaf) else { throw ParquetError.corrupt("a shredded variant column is missing") }
                primitives[leaf] = try Self.primitiveReader(data, type)
            case .array(let element, _, _, _)?: try visit(element)
            case .object(let fields, _)?: for field in fields { try visit(field.slot) }
            }
        }
        try binary(shape.metadata)
        try visit(shape.root)
        self.binaries = binaries
        self.primitives = primitives
    }

    private static func compile(_ slot: VariantShape.Slot) -> Slot {
        let leaves = slot.columns
        let typed: Typed?
        switch slot.typed {
        case nil: typed = nil
        case .primitive(let leaf, _)?: typed = .primitive(leaf)
        case .array(let element, let present, let entry, let repetition)?:
            let columns = element.columns
            typed = .array(element: compile(element), presentLevel: present, entryLevel: entry, repetitionLevel: repetition,
                           first: columns.min() ?? 0, leaves: columns)
        case .object(let fields, let present)?:
            let columns = fields.flatMap(\.slot.columns)
            typed = .object(fields: fields.map { ($0.name, compile($0.slot)) }, names: Set(fields.map(\.name)), presentLevel: present,
                            first: columns.min() ?? 0, leaves: columns)
        }
        return Slot(value: slot.value, typed: typed, presentLevel: slot.presentLevel, first: leaves.min() ?? 0, leaves: leaves)
    }

    /// The next record's variant; nil when the variant itself is null. A present variant
    /// whose value is missing altogether reads as the Variant null.
    package func read<L: VariantLevels>(_ levels: inout L) throws -> Variant? {
        if let presentLevel, try levels.definitionLevel(metadataLeaf) < presentLevel {
            try levels.skip(leaves)
            return nil
        }
        guard let index = try levels.next(metadataLeaf) else {
            throw ParquetError.corrupt("a present variant has a null metadata")
        }
        let metadata = try self.metadata(index)
        return try read(root, metadata, &levels) ?? .null
    }

    private func metadata(_ index: Int) throws -> VariantMetadata {
        guard let values = binaries[metadataLeaf], index < values.count else {
            throw ParquetError.corrupt("variant metadata value \(index) is out of range")
        }
        let range = values.range(index)
        if let cached = cache.metadata, cache.bytes.elementsEqual(values.bytes[range]) { return cached }
        let metadata = try values.bytes.withUnsafeBytes { try VariantMetadata(UnsafeRawBufferPointer(rebasing: $0[range])) }
        cache.bytes = Array(values.bytes[range])
        cache.metadata = metadata
        return metadata
    }

    private func binary(_ leaf: Int, _ index: Int, _ metadata: VariantMetadata) throws -> Variant {
        guard let values = binaries[leaf], index < values.count else {
            throw ParquetError.corrupt("variant value \(index) is out of range")
        }
        let range = values.range(index)
        return try values.bytes.withUnsafeBytes { try Variant(value: UnsafeRawBufferPointer(rebasing: $0[range]), metadata: metadata) }
    }

    /// The value of one slot; nil when it is missing (both `value` and `typed_value` null).
    private func read<L: VariantLevels>(_ slot: Slot, _ metadata: VariantMetadata, _ levels: inout L) throws -> Variant? {
        if let present = slot.presentLevel, try levels.definitionLevel(slot.first) < present {
            try levels.skip(slot.leaves)
            return nil
        }
        var value: Variant?
        if let leaf = slot.value, let index = try levels.next(leaf) {
            value = try binary(leaf, index, metadata)
        }
        guard let typed = slot.typed else { return value }
        switch typed {
        case .primitive(let leaf):
            guard let index = try levels.next(leaf) else { return value }
            guard value == nil else { throw Self.conflict }
            guard let reader = primitives[leaf] else { throw ParquetError.corrupt("a shredded variant column is missing") }
            return try reader(index)

        case .array(let element, let present, let entry, let repetition, let first, let leaves):
            let level = try levels.definitionLevel(first)
            if let present, level < present {
                try levels.skip(leaves)
                return value
            }
            guard value == nil else { throw Self.conflict }
            if level < entry {
                try levels.skip(leaves)
                return .array([])
            }
            var elements: [Variant] = []
            repeat {
                elements.append(try read(element, metadata, &levels) ?? .null)
            } while levels.continues(first, repetitionLevel: repetition)
            return .array(elements)

        case .object(let fields, let names, let present, let first, let leaves):
            if let present, try levels.definitionLevel(first) < present {
                try levels.skip(leaves)
                return value
            }
            var result: [Variant.Field] = []
            result.reserveCapacity(fields.count)
            for field in fields {
                if let v = try read(field.slot, metadata, &levels) { result.append(Variant.Field(key: field.name, value: v)) }
            }
            if let value {
                // A partially shredded object: the fields not shredded come from `value`. A
                // shredded field is read from typed_value only, also where `value` (against
                // the spec) has it too.
                guard case .object(let rest) = value else {
                    throw ParquetError.corrupt("invalid variant: a value that is not an object has shredded fields")
                }
                for field in rest where !names.contains(field.key) { result.append(field) }
            }
            if !zip(result, result.dropFirst()).allSatisfy({ Self.keyOrder($0, $1) }) { result.sort(by: Self.keyOrder) }
            return .object(result)
        }
    }

    private static let conflict = ParquetError.corrupt("invalid variant: both value and typed_value are set for a value that is not an object")

    private static func keyOrder(_ a: Variant.Field, _ b: Variant.Field) -> Bool {
        a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
    }

    /// Reads value `i` of a shredded primitive column as a Variant of `type`.
    private static func primitiveReader(_ data: ColumnData, _ type: VariantShape.ShreddedType) throws -> (Int) throws -> Variant {
        let wrongType = ParquetError.corrupt("a shredded variant column decoded to values of another type")
        func checked(_ i: Int, _ count: Int) throws {
            guard i < count else { throw ParquetError.corrupt("shredded variant value \(i) is out of range") }
        }
        switch (type, data.values) {
        case (.boolean, .boolean(let a)):
            return { i in try checked(i, a.count); return .bool(a[i]) }
        case (.int8, .int32(let a)):
            return { i in
                try checked(i, a.count)
                guard let v = Int8(exactly: a[i]) else { throw ParquetError.corrupt("shredded int8 value \(a[i]) is out of range") }
                return .int8(v)
            }
        case (.int16, .int32(let a)):
            return { i in
                try checked(i, a.count)
                guard let v = Int16(exactly: a[i]) else { throw ParquetError.corrupt("shredded int16 value \(a[i]) is out of range") }
                return .int16(v)
            }
        case (.int32, .int32(let a)):
            return { i in try checked(i, a.count); return .int32(a[i]) }
        case (.int64, .int64(let a)):
            return { i in try checked(i, a.count); return .int64(a[i]) }
        case (.float, .float(let a)):
            return { i in try checked(i, a.count); return .float(a[i]) }
        case (.double, .double(let a)):
            return { i in try checked(i, a.count); return .double(a[i]) }
        case (.decimal4(let scale), .int32(let a)):
            return { i in try checked(i, a.count); return .decimal(VariantDecimal(unscaled: Int64(a[i]), scale: scale, width: 4)) }
        case (.decimal8(let scale), .int64(let a)):
            return { i in try checked(i, a.count); return .decimal(VariantDecimal(unscaled: a[i], scale: scale, width: 8)) }
        case (.decimal16(let scale), .byteArray(let a)):
            return { i in try checked(i, a.count); return .decimal(try decimal16(a.bytes[a.range(i)], scale: scale)) }
        case (.decimal16(let scale), .fixedLenByteArray(let a)):
            return { i in try checked(i, a.count); return .decimal(try decimal16(a.bytes[a.range(i)], scale: scale)) }
        case (.date, .int32(let a)):
            return { i in try checked(i, a.count); return .date(daysSinceEpoch: a[i]) }
        case (.time, .int64(let a)):
            return { i in try checked(i, a.count); return .time(microseconds: a[i]) }
        case (.timestamp(let unit, let utc), .int64(let a)):
            return { i in try checked(i, a.count); return .timestamp(a[i], unit: unit, isAdjustedToUTC: utc) }
        case (.binary, .byteArray(let a)):
            return { i in try checked(i, a.count); return .binary(Array(a.bytes[a.range(i)])) }
        case (.string, .byteArray(let a)):
            return { i in try checked(i, a.count); return .string(String(decoding: a.bytes[a.range(i)], as: UTF8.self)) }
        case (.uuid, .fixedLenByteArray(let a)) where a.width == 16:
            return { i in
                try checked(i, a.count)
                let b = Array(a.bytes[a.range(i)])
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            }
        default:
            throw wrongType
        }
    }

    /// A big-endian two's complement unscaled value of at most 16 significant bytes.
    private static func decimal16(_ bytes: ArraySlice<UInt8>, scale: Int) throws -> VariantDecimal {
        let negative = (bytes.first ?? 0) & 0x80 != 0
        let fill: UInt8 = negative ? 0xFF : 0
        var word = [UInt8](repeating: fill, count: 16)
        let keep = bytes.suffix(16)
        // A longer value fits when its extra leading bytes only repeat the sign.
        guard bytes.count <= 16 || (bytes.dropLast(16).allSatisfy { $0 == fill } && ((keep.first ?? 0) & 0x80 != 0) == negative) else {
            throw ParquetError.corrupt("a shredded decimal16 value does not fit in 16 bytes")
        }
        for (k, byte) in keep.enumerated() { word[16 - keep.count + k] = byte }
        var high: UInt64 = 0, low: UInt64 = 0
        for k in 0 ..< 8 { high = high << 8 | UInt64(word[k]) }
        for k in 8 ..< 16 { low = low << 8 | UInt64(word[k]) }
        return VariantDecimal(high: Int64(bitPattern: high), low: low, scale: scale, width: 16)
    }
}
