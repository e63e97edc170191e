import Foundation

/// The dictionary of a variant's `metadata` binary: the field names its objects refer to by id.
///
/// Decoding checks the header version (1), the offset size and every offset against the bytes
/// there are, so a hostile metadata value throws instead of trapping or over-allocating.
public struct VariantMetadata: Sendable, Hashable {
    /// The field names, by id.
    public let keys: [String]
    /// Whether the header says the names are sorted and unique.
    public let isSorted: Bool

    /// Decodes an encoded metadata value.
    public init(_ bytes: UnsafeRawBufferPointer) throws {
        guard let header = bytes.first else { throw VariantBinary.malformed("its metadata is empty") }
        guard header & 0x0F == 1 else {
            throw ParquetError.unsupported("variant metadata version \(header & 0x0F) is not supported (only version 1)")
        }
        isSorted = header & 0x10 != 0
        let offsetSize = Int(header >> 6) + 1
        let count = try VariantBinary.unsigned(bytes, at: 1, size: offsetSize, "the metadata's dictionary size")
        let offsetsStart = 1 + offsetSize
        // count + 1 offsets must fit in what follows the header.
        guard count < (bytes.count - offsetsStart) / offsetSize else {
            throw VariantBinary.malformed("its metadata claims \(count) names in \(bytes.count) bytes")
        }
        let stringsStart = offsetsStart + (count + 1) * offsetSize
        let stringsSize = bytes.count - stringsStart
        var keys: [String] = []
        keys.reserveCapacity(count)
        var previous = try VariantBinary.unsigned(bytes, at: offsetsStart, size: offsetSize, "a metadata offset")
        for i in 0 ..< count {
            let next = try VariantBinary.unsigned(bytes, at: offsetsStart + (i + 1) * offsetSize, size: offsetSize, "a metadata offset")
            guard previous <= next, next <= stringsSize else {
                throw VariantBinary.malformed("its metadata's name \(i) lies at bytes \(previous)..<\(next) of \(stringsSize)")
            }
            keys.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[stringsStart + previous ..< stringsStart + next]), as: UTF8.self))
            previous = next
        }
        self.keys = keys
    }

    /// Decodes an encoded metadata value.
    public init(_ bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try VariantMetadata($0) }
    }

    /// A metadata value with these names (for values built in code).
    public init(keys: [String]) {
        self.keys = keys
        isSorted = false
    }
}

extension Variant {
    /// Deepest nesting of arrays and objects a variant may have; deeper values are refused.
    public static let maxDepth = 128

    /// Decodes an encoded variant `value` with the names of `metadata`.
    ///
    /// - Throws: `ParquetError` (`.corrupt`) when the bytes are truncated or inconsistent, nest
    ///   deeper than ``maxDepth``, or claim (by overlapping offsets) far more elements than
    ///   their size holds; `.unsupported` for a primitive type id this reader does not know.
    public init(value: UnsafeRawBufferPointer, metadata: VariantMetadata) throws {
        var decoder = VariantBinary.Decoder(metadata: metadata, budget: VariantBinary.budget(forValueOfSize: value.count))
        self = try decoder.decode(value, depth: 0)
    }

    /// Decodes an encoded variant from its `metadata` and `value` binaries.
    public init(metadata: [UInt8], value: [UInt8]) throws {
        let dictionary = try VariantMetadata(metadata)
        self = try value.withUnsafeBytes { try Variant(value: $0, metadata: dictionary) }
    }
}

/// Bounds-checked reading of the variant binary encoding.
enum VariantBinary {
    static func malformed(_ what: String) -> ParquetError {
        ParquetError.corrupt("malformed variant: \(what)")
    }

    /// Bytes of encoding a value of `size` bytes may make the decoder visit. In a well-formed
    /// value every element has bytes of its own, so `size` would do; the margin tolerates
    /// writers that share bytes between elements while bounding what overlapping offsets in a
    /// hostile value can make of a few bytes.
    static func budget(forValueOfSize size: Int) -> Int {
        size.multipliedReportingOverflow(by: 8).overflow ? Int.max : size * 8 + 64
    }

    /// The `size`-byte (1...4) little-endian unsigned integer at `offset`.
    @inline(__always)
    static func unsigned(_ bytes: UnsafeRawBufferPointer, at offset: Int, size: Int, _ what: @autoclosure () -> String) throws -> Int {
        guard offset >= 0, size <= bytes.count, offset <= bytes.count - size else {
            throw malformed("\(what()) runs past the end of its \(bytes.count) bytes")
        }
        var value = 0
        for k in 0 ..< size { value |= Int(bytes[offset + k]) << (8 * k) }
        return value
    }

    /// The 8-byte little-endian word at `offset`.
    @inline(__always)
    static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int, _ what: StaticString) throws -> UInt64 {
        guard offset >= 0, bytes.count >= 8, offset <= bytes.count - 8 else {
            throw malformed("a \(what) runs past the end of its \(bytes.count) bytes")
        }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The number of data bytes of a fixed-size primitive type id, or nil for a variable one.
    static func fixedSize(ofPrimitive id: Int) -> Int? {
        switch id {
        case 0, 1, 2: 0
        case 3: 1
        case 4: 2
        case 5, 11, 14: 4
        case 6, 7, 12, 13, 17, 18, 19: 8
        case 8: 5
        case 9: 9
        case 10: 17
        case 20: 16
        default: nil
        }
    }

    struct Decoder {
        let metadata: VariantMetadata
        /// Encoding bytes left to visit (see ``VariantBinary/budget(forValueOfSize:)``).
        var budget: Int

        mutating func charge(_ bytes: Int) throws {
            budget -= bytes
            guard budget >= 0 else {
                throw VariantBinary.malformed("its elements overlap far more than its size allows")
            }
        }

        /// Decodes the value that starts at the first byte of `bytes` (it may end before them).
        mutating func decode(_ bytes: UnsafeRawBufferPointer, depth: Int) throws -> Variant {
            guard let first = bytes.first else { throw VariantBinary.malformed("a value is empty") }
            let basic = first & 3
            let header = Int(first >> 2)
            switch basic {
            case 0:
                return try primitive(id: header, bytes)
            case 1:
                guard header < bytes.count else {
                    throw VariantBinary.malformed("a short string of \(header) bytes runs past the end of its value")
                }
                try charge(1 + header)
                return .string(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1 ..< 1 + header]), as: UTF8.self))
            case 2:
                return try object(header: header, bytes, depth: depth)
            default:
                return try array(header: header, bytes, depth: depth)
            }
        }

        private mutating func primitive(id: Int, _ bytes: UnsafeRawBufferPointer) throws -> Variant {
            let data = UnsafeRawBufferPointer(rebasing: bytes[1...])
            if let size = VariantBinary.fixedSize(ofPrimitive: id) {
                guard size <= data.count else {
                    throw VariantBinary.malformed("a value of type id \(id) needs \(size) bytes but \(data.count) are left")
                }
                try charge(1 + size)
            }
            func le(_ n: Int, at offset: Int = 0) -> UInt64 {
                var v: UInt64 = 0
                for k in 0 ..< n { v |= UInt64(data[offset + k]) << UInt64(8 * k) }
                return v
            }
            switch id {
            case 0: return .null
            case 1: return .bool(true)
            case 2: return .bool(false)
            case 3: return .int8(Int8(bitPattern: data[0]))
            case 4: return .int16(Int16(truncatingIfNeeded: le(2)))
            case 5: return .int32(Int32(truncatingIfNeeded: le(4)))
            case 6: return .int64(Int64(bitPattern: le(8)))
            case 7: return .double(Double(bitPattern: le(8)))
            case 8, 9, 10:
                let scale = Int(data[0])
                guard scale <= 38 else { throw VariantBinary.malformed("a decimal has scale \(scale), above 38") }
                switch id {
                case 8: return .decimal(VariantDecimal(unscaled: Int64(Int32(truncatingIfNeeded: le(4, at: 1))), scale: scale, width: 4))
                case 9: return .decimal(VariantDecimal(unscaled: Int64(bitPattern: le(8, at: 1)), scale: scale, width: 8))
                default: return .decimal(VariantDecimal(high: Int64(bitPattern: le(8, at: 9)), low: le(8, at: 1), scale: scale, width: 16))
                }
            case 11: return .date(daysSinceEpoch: Int32(truncatingIfNeeded: le(4)))
            case 12: return .timestamp(Int64(bitPattern: le(8)), unit: .micros, isAdjustedToUTC: true)
            case 13: return .timestamp(Int64(bitPattern: le(8)), unit: .micros, isAdjustedToUTC: false)
            case 14: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: le(4))))
            case 15, 16:
                let length = try VariantBinary.unsigned(data, at: 0, size: 4, "a \(id == 15 ? "binary" : "string") length")
                guard length <= data.count - 4 else {
                    throw VariantBinary.malformed("a \(id == 15 ? "binary" : "string") of \(length) bytes runs past the end of its value")
                }
                try charge(5 + length)
                let body = UnsafeRawBufferPointer(rebasing: data[4 ..< 4 + length])
                return id == 15 ? .binary(Array(body)) : .string(String(decoding: body, as: UTF8.self))
            case 17: return .time(microseconds: Int64(bitPattern: le(8)))
            case 18: return .timestamp(Int64(bitPattern: le(8)), unit: .nanos, isAdjustedToUTC: true)
            case 19: return .timestamp(Int64(bitPattern: le(8)), unit: .nanos, isAdjustedToUTC: false)
            case 20:
                let b = data
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            default:
                throw ParquetError.unsupported("variant primitive type id \(id) is not supported")
            }
        }

        /// The element count, offset list and fields area of an array or object.
        private func layout(_ bytes: UnsafeRawBufferPointer, isLarge: Bool, idSize: Int, offsetSize: Int, _ what: String)
            throws -> (count: Int, ids: Int, offsets: Int, fields: Int, fieldsSize: Int) {
            let countSize = isLarge ? 4 : 1
            let count = try VariantBinary.unsigned(bytes, at: 1, size: countSize, "an \(what)'s element count")
            let ids = 1 + countSize
            // count ids and count + 1 offsets must fit in the bytes after the count.
            let perElement = idSize + offsetSize
            guard count <= (bytes.count - ids - offsetSize) / perElement else {
                throw VariantBinary.malformed("an \(what) claims \(count) elements in \(bytes.count) bytes")
            }
            let offsets = ids + count * idSize
            let fields = offsets + (count + 1) * offsetSize
            let fieldsSize = try VariantBinary.unsigned(bytes, at: offsets + count * offsetSize, size: offsetSize, "an \(what)'s last offset")
            guard fieldsSize <= bytes.count - fields else {
                throw VariantBinary.malformed("an \(what)'s fields claim \(fieldsSize) bytes but \(bytes.count - fields) are left")
            }
            return (count, ids, offsets, fields, fieldsSize)
        }

        private mutating func element(_ bytes: UnsafeRawBufferPointer, _ layout: (count: Int, ids: Int, offsets: Int, fields: Int, fieldsSize: Int),
                                      _ index: Int, offsetSize: Int, depth: Int, _ what: String) throws -> Variant {
            let offset = try VariantBinary.unsigned(bytes, at: layout.offsets + index * offsetSize, size: offsetSize, "an \(what) offset")
            guard offset < layout.fieldsSize else {
                throw VariantBinary.malformed("an \(what)'s element \(index) starts at byte \(offset) of its \(layout.fieldsSize) field bytes")
            }
            let area = UnsafeRawBufferPointer(rebasing: bytes[layout.fields + offset ..< layout.fields + layout.fieldsSize])
            return try decode(area, depth: depth + 1)
        }

        private mutating func array(header: Int, _ bytes: UnsafeRawBufferPointer, depth: Int) throws -> Variant {
            guard depth < Variant.maxDepth else { throw VariantBinary.malformed("it nests deeper than \(Variant.maxDepth) levels") }
            let offsetSize = (header & 3) + 1
            let shape = try layout(bytes, isLarge: header & 4 != 0, idSize: 0, offsetSize: offsetSize, "array")
            try charge(shape.fields)
            var elements: [Variant] = []
            elements.reserveCapacity(shape.count)
            for i in 0 ..< shape.count {
                elements.append(try element(bytes, shape, i, offsetSize: offsetSize, depth: depth, "array"))
            }
            return .array(elements)
        }

        private mutating func object(header: Int, _ bytes: UnsafeRawBufferPointer, depth: Int) throws -> Variant {
            guard depth < Variant.maxDepth else { throw VariantBinary.malformed("it nests deeper than \(Variant.maxDepth) levels") }
            let offsetSize = (header & 3) + 1
            let idSize = ((header >> 2) & 3) + 1
            let shape = try layout(bytes, isLarge: header & 16 != 0, idSize: idSize, offsetSize: offsetSize, "object")
            try charge(shape.fields)
            var fields: [Variant.Field] = []
            fields.reserveCapacity(shape.count)
            let keys = metadata.keys
            for i in 0 ..< shape.count {
                let id = try VariantBinary.unsigned(bytes, at: shape.ids + i * idSize, size: idSize, "an object field id")
                guard id < keys.count else {
                    throw VariantBinary.malformed("an object field id \(id) is not in its metadata's \(keys.count) names")
                }
                fields.append(Variant.Field(key: keys[id], value: try element(bytes, shape, i, offsetSize: offsetSize, depth: depth, "object")))
            }
            return .object(fields)
        }
    }
}
