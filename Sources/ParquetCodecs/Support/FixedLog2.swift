/// Fixed-point base-2 logarithms for the compressors' cost estimates, in 1/256 bit units
/// (integer only: the codecs use no libm).
enum FixedLog2 {
    /// `table[x]` is `round(log2(x) * 256)` for x in 0..<1024 (`table[0]` is 0).
    static let table: [Int32] = (0..<1024).map { Int32(exact($0)) }

    /// `log2(x) * 256` (rounded) by repeated squaring of the normalized mantissa.
    static func exact(_ x: Int) -> Int {
        guard x > 1 else { return 0 }
        let k = Int.bitWidth &- 1 &- x.leadingZeroBitCount
        // Mantissa in Q16: [1, 2) as [65536, 131072); 9 fractional bits, then rounded to 8.
        var y = k <= 16 ? UInt64(x) &<< UInt64(16 &- k) : UInt64(x) &>> UInt64(k &- 16)
        var fraction = 0
        for bit in stride(from: 8, through: 0, by: -1) {
            y = (y &* y) &>> 16
            if y >= 131_072 {
                y &>>= 1
                fraction |= 1 &<< bit
            }
        }
        return (k &<< 8) &+ ((fraction &+ 1) &>> 1)
    }

    /// `log2(x) * 256` for any x >= 1: exact below 1024, else from the top 10 bits (error
    /// below 0.002 bit).
    @inline(__always)
    static func of(_ x: Int) -> Int {
        if x < 1024 { return Int(table[x]) }
        let shift = (Int.bitWidth &- 1 &- x.leadingZeroBitCount) &- 9
        return (shift &<< 8) &+ Int(table[x &>> shift])
    }

    /// A private copy of ``table`` for hot loops (reading a `static let` there costs a lazy
    /// initialization check per access).
    final class Lookup {
        private let table: UnsafeMutablePointer<Int32>

        init() {
            table = .allocate(capacity: 1024)
            FixedLog2.table.withUnsafeBufferPointer { t in
                if let b = t.baseAddress { table.initialize(from: b, count: 1024) }
            }
        }

        deinit { table.deallocate() }

        /// `log2(x) * 256` for any x >= 1, as ``FixedLog2/of(_:)``.
        @inline(__always)
        func of(_ x: Int) -> Int {
            if x < 1024 { return Int(table[x]) }
            let shift = (Int.bitWidth &- 1 &- x.leadingZeroBitCount) &- 9
            return (shift &<< 8) &+ Int(table[x &>> shift])
        }
    }
}
