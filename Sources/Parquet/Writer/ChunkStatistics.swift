#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The order min/max statistics of a column follow (parquet-format's type-defined order).
enum StatisticsOrder: Equatable {
    /// No min/max is written (INT96, INTERVAL, DECIMAL/FLOAT16 in bytes, unknown annotations).
    case none
    case boolean
    case signed
    case unsigned
    /// IEEE order ignoring NaN.
    case float
    /// Unsigned lexicographic bytes.
    case bytes

    init(_ d: ColumnDescriptor) {
        let e = d.element
        switch e.logicalType {
        case .undefined, .variant, .geometry, .geography, .float16, .null:
            self = .none
            return
        default: break
        }
        if e.convertedType == .interval {
            self = .none
            return
        }
        switch d.physicalType {
        case .boolean: self = .boolean
        case .int32, .int64:
            if case .integer(_, false) = d.kind { self = .unsigned } else { self = .signed }
        case .float, .double: self = .float
        case .byteArray, .fixedLenByteArray:
            switch d.kind {
            case .string, .binary, .uuid: self = .bytes
            default: self = .none  // DECIMAL (two's complement) and FLOAT16 need other orders
            }
        default: self = .none
        }
    }
}

enum ChunkStatistics {
    /// Longest min or max value written; longer byte strings get no min/max.
    static let maxValueBytes = 4096

    /// Statistics with `nullCount` and, where the order allows and a non-null (non-NaN)
    /// value exists, min/max of `range` of `values` (also in the deprecated fields for
    /// signed integers and floats).
    static func make(nullCount: Int, values: ColumnValues, range: Range<Int>, order: StatisticsOrder) -> Statistics {
        make(nullCount: nullCount, bounds: range.isEmpty ? nil : minMax(values, range, order), order: order)
    }

    /// Statistics with `nullCount` and the min/max `bounds` (statistics bytes), if any.
    static func make(nullCount: Int, bounds: ([UInt8], [UInt8])?, order: StatisticsOrder) -> Statistics {
        var s = Statistics()
        s.nullCount = Int64(nullCount)
        guard let (min, max) = bounds else { return s }
        s.minValue = min
        s.maxValue = max
        s.isMinValueExact = true
        s.isMaxValueExact = true
        if order == .signed || order == .float {
            s.min = min
            s.max = max
        }
        return s
    }

    /// Whether bound `a` sorts before bound `b` (both statistics bytes of a column of
    /// `type` in `order`, as ``minMax(_:_:_:)`` makes them).
    static func less(_ a: [UInt8], _ b: [UInt8], _ type: PhysicalType, _ order: StatisticsOrder) -> Bool {
        func load<T: FixedWidthInteger>(_ bytes: [UInt8], _: T.Type) -> T {
            var v: T = 0
            for (i, byte) in bytes.prefix(MemoryLayout<T>.size).enumerated() { v |= T(truncatingIfNeeded: byte) << (8 * i) }
            return v
        }
        switch (order, type) {
        case (.boolean, _): return (a.first ?? 0) < (b.first ?? 0)
        case (.signed, .int32): return load(a, Int32.self) < load(b, Int32.self)
        case (.signed, _): return load(a, Int64.self) < load(b, Int64.self)
        case (.unsigned, .int32): return load(a, UInt32.self) < load(b, UInt32.self)
        case (.unsigned, _): return load(a, UInt64.self) < load(b, UInt64.self)
        case (.float, .float): return Float(bitPattern: load(a, UInt32.self)) < Float(bitPattern: load(b, UInt32.self))
        case (.float, _): return Double(bitPattern: load(a, UInt64.self)) < Double(bitPattern: load(b, UInt64.self))
        case (.bytes, _):
            return a.withUnsafeBytes { x in b.withUnsafeBytes { y in compare(x, y) < 0 } }
        case (.none, _): return false
        }
    }

    private static func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] {
        withUnsafeBytes(of: x.littleEndian) { Array($0) }
    }

    static func minMax(_ values: ColumnValues, _ r: Range<Int>, _ order: StatisticsOrder) -> ([UInt8], [UInt8])? {
        switch (values, order) {
        case (.boolean(let v), .boolean):
            var anyTrue = false, anyFalse = false
            for i in r { if v[i] { anyTrue = true } else { anyFalse = true } }
            return ([anyFalse ? 0 : 1], [anyTrue ? 1 : 0])
        case (.int32(let v), .signed):
            let (lo, hi) = integerRange(v, r)
            return (le(lo), le(hi))
        case (.int32(let v), .unsigned):
            let (lo, hi) = integerRange(v, r) { UInt32(bitPattern: $0) }
            return (le(lo), le(hi))
        case (.int64(let v), .signed):
            let (lo, hi) = integerRange(v, r)
            return (le(lo), le(hi))
        case (.int64(let v), .unsigned):
            let (lo, hi) = integerRange(v, r) { UInt64(bitPattern: $0) }
            return (le(lo), le(hi))
        case (.float(let v), .float):
            guard let (lo, hi) = floatRange(v, r) else { return nil }
            return (le(lo.bitPattern), le(hi.bitPattern))
        case (.double(let v), .float):
            guard let (lo, hi) = floatRange(v, r) else { return nil }
            return (le(lo.bitPattern), le(hi.bitPattern))
        case (.byteArray(let v), .bytes):
            return v.bytes.withUnsafeBytes { data in
                v.offsets.withUnsafeBufferPointer { offsets in
                    bytesRange(r) { UnsafeRawBufferPointer(rebasing: data[offsets[$0] ..< offsets[$0 + 1]]) }
                }
            }
        case (.fixedLenByteArray(let v), .bytes):
            let w = v.width
            return v.bytes.withUnsafeBytes { data in
                bytesRange(r) { UnsafeRawBufferPointer(rebasing: data[$0 * w ..< ($0 + 1) * w]) }
            }
        default:
            return nil
        }
    }

    @inline(__always)
    private static func integerRange<T, K: Comparable>(_ v: [T], _ r: Range<Int>, _ key: (T) -> K) -> (K, K) {
        v.withUnsafeBufferPointer { p in
            var lo = key(p[r.lowerBound]), hi = lo
            for i in r.dropFirst() {
                let x = key(p[i])
                if x < lo { lo = x }
                if x > hi { hi = x }
            }
            return (lo, hi)
        }
    }

    private static func integerRange<T: FixedWidthInteger>(_ v: [T], _ r: Range<Int>) -> (T, T) {
        integerRange(v, r) { $0 }
    }

    /// Min and max ignoring NaN, nil when every value is NaN; a zero minimum is written as
    /// -0.0 and a zero maximum as +0.0, as the spec asks.
    private static func floatRange<T: BinaryFloatingPoint>(_ v: [T], _ r: Range<Int>) -> (T, T)? {
        v.withUnsafeBufferPointer { p in
            var lo = T.infinity, hi = -T.infinity
            var any = false
            for i in r {
                let x = p[i]
                if x.isNaN { continue }
                any = true
                if x < lo { lo = x }
                if x > hi { hi = x }
            }
            guard any else { return nil }
            if lo == 0 { lo = -T.zero }
            if hi == 0 { hi = T.zero }
            return (lo, hi)
        }
    }

    private static func bytesRange(_ r: Range<Int>, _ value: (Int) -> UnsafeRawBufferPointer) -> ([UInt8], [UInt8])? {
        var lo = value(r.lowerBound), hi = lo
        for i in r.dropFirst() {
            let x = value(i)
            if compare(x, lo) < 0 { lo = x }
            if compare(x, hi) > 0 { hi = x }
        }
        guard lo.count <= maxValueBytes, hi.count <= maxValueBytes else { return nil }
        return (Array(lo), Array(hi))
    }

    /// Unsigned lexicographic comparison (a shorter prefix sorts first).
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}
