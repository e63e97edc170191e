import Parquet

/// Rescales DECIMAL values exactly (unscaled × 10^(targetScale − sourceScale)) and re-encodes
/// them from any of INT32, INT64, BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY (big-endian two's
/// complement) into the unified column's physical type.
struct DecimalRescale: Sendable, Equatable {
    var sourceScale: Int
    var targetScale: Int
    var targetPrecision: Int
    var targetPhysical: PhysicalType
    /// Byte width for a FIXED_LEN_BYTE_ARRAY target, else 0.
    var targetWidth: Int

    private static let powersOfTen: [Int64] = {
        var powers: [Int64] = [1]
        for _ in 1 ... 18 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    func apply(_ values: ColumnValues) throws -> ColumnValues {
        let shift = targetScale - sourceScale
        guard shift >= 0 else {
            throw ParquetError(.invalidArgument, "internal error: DECIMAL scale \(sourceScale) cannot shrink to \(targetScale)")
        }
        // Fast paths: 64-bit arithmetic between the integer representations.
        if shift < DecimalRescale.powersOfTen.count, targetPhysical == .int32 || targetPhysical == .int64 {
            let factor = DecimalRescale.powersOfTen[shift]
            switch values {
            case .int32(let a):
                return try integerResult(a.map { try scaled(Int64($0), factor) })
            case .int64(let a):
                return try integerResult(a.map { try scaled($0, factor) })
            default:
                break
            }
        }
        return try wideRescale(values, shift: shift)
    }

    @inline(__always)
    private func scaled(_ value: Int64, _ factor: Int64) throws -> Int64 {
        let (result, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow { throw outOfRange("\(value)") }
        return result
    }

    private func integerResult(_ scaled: [Int64]) throws -> ColumnValues {
        guard targetPhysical == .int32 else { return .int64(scaled) }
        return .int32(try scaled.map {
            guard let narrow = Int32(exactly: $0) else { throw outOfRange("\($0) (rescaled)") }
            return narrow
        })
    }

    /// The general path through ``WideInteger``.
    private func wideRescale(_ values: ColumnValues, shift: Int) throws -> ColumnValues {
        var output = Output(physical: targetPhysical, width: targetWidth, capacity: values.count)
        switch values {
        case .int32(let a):
            for v in a { try append(rescaled(WideInteger(Int64(v)), shift), to: &output) }
        case .int64(let a):
            for v in a { try append(rescaled(WideInteger(v), shift), to: &output) }
        case .byteArray(let a):
            guard !a.offsets.isEmpty else {
                throw ParquetError(.corrupt, "DECIMAL values have no offsets")
            }
            try a.bytes.withUnsafeBytes { raw in
                for i in 0 ..< a.count {
                    let range = a.range(i)
                    guard range.lowerBound >= 0, range.lowerBound <= range.upperBound, range.upperBound <= raw.count else {
                        throw ParquetError(.corrupt, "DECIMAL value \(i) lies outside the value buffer")
                    }
                    try append(rescaled(parse(UnsafeRawBufferPointer(rebasing: raw[range])), shift), to: &output)
                }
            }
        case .fixedLenByteArray(let a):
            guard a.width > 0 else {
                throw ParquetError(.corrupt, "DECIMAL values have a FIXED_LEN_BYTE_ARRAY width of 0")
            }
            try a.bytes.withUnsafeBytes { raw in
                for i in 0 ..< a.count {
                    try append(rescaled(parse(UnsafeRawBufferPointer(rebasing: raw[a.range(i)])), shift), to: &output)
                }
            }
        default:
            throw ParquetError(.corrupt, "DECIMAL values of an unexpected physical type")
        }
        return output.finish()
    }

    @inline(__always)
    private func append(_ value: WideInteger, to output: inout Output) throws {
        guard output.append(value) else {
            throw outOfRange("of \(value.magnitudeBitWidth) bits\(value.isNegative ? " (negative)" : "")")
        }
    }

    private func parse(_ bytes: UnsafeRawBufferPointer) throws -> WideInteger {
        guard let value = WideInteger(bigEndian: bytes) else {
            throw ParquetError(.corrupt, "a DECIMAL value of \(bytes.count) bytes exceeds 128 bits")
        }
        return value
    }

    private func rescaled(_ value: WideInteger, _ shift: Int) throws -> WideInteger {
        var result = value
        guard result.multiply(byPowerOfTen: shift) else { throw outOfRange("of \(value.magnitudeBitWidth) bits\(value.isNegative ? " (negative)" : "")") }
        return result
    }

    private func outOfRange(_ value: String) -> ParquetError {
        ParquetError(.invalidArgument, "DECIMAL value \(value) does not fit DECIMAL(\(targetPrecision),\(targetScale)) as \(targetPhysical) after rescaling by 10^\(targetScale - sourceScale)")
    }

    /// One output buffer of the target physical type.
    private struct Output {
        var physical: PhysicalType
        var width: Int
        var int32: [Int32] = []
        var int64: [Int64] = []
        var bytes = ByteArrayValues()
        var fixed: [UInt8] = []

        init(physical: PhysicalType, width: Int, capacity: Int) {
            self.physical = physical
            self.width = width
            switch physical {
            case .int32: int32.reserveCapacity(capacity)
            case .int64: int64.reserveCapacity(capacity)
            case .byteArray: bytes.reserveCapacity(values: capacity, bytes: capacity * 8)
            default: fixed.reserveCapacity(capacity * width)
            }
        }

        /// False when the value does not fit the target type.
        mutating func append(_ value: WideInteger) -> Bool {
            var ok = true
            switch physical {
            case .int32:
                if let v = value.int64, let narrow = Int32(exactly: v) { int32.append(narrow) } else { ok = false }
            case .int64:
                if let v = value.int64 { int64.append(v) } else { ok = false }
            case .byteArray:
                ok = value.appendBigEndian(byteCount: value.minimalByteCount, to: &bytes.bytes)
                bytes.offsets.append(bytes.bytes.count)
            case .fixedLenByteArray:
                ok = value.appendBigEndian(byteCount: width, to: &fixed)
            default:
                ok = false
            }
            return ok
        }

        func finish() -> ColumnValues {
            switch physical {
            case .int32: return .int32(int32)
            case .int64: return .int64(int64)
            case .byteArray: return .byteArray(bytes)
            default: return .fixedLenByteArray(FixedLenByteArrayValues(width: width, bytes: fixed))
            }
        }
    }
}
