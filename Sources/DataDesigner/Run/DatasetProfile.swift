import Foundation
import Parquet

/// The `column_statistics` of metadata.json, computed as the real tool's profiler computes
/// them, from the batch files (one pass, column by column state):
///
/// - every kept column: `column_name`, `column_type`, `num_records`, `num_null`, `num_unique`
///   (distinct non-null values), `pyarrow_dtype`, `simple_dtype`;
/// - sampler columns also `sampler_type`, `distribution_type` and `distribution`: for category
///   and subcategory the value counts (`histogram`, `most_common_value`,
///   `least_common_value`), for numeric samplers `min`, `max`, `mean`, `stddev` (sample),
///   `median`, rounded to 2 decimals; `"--"` (`unknown`) when the values are text; `null`
///   (`other`) for uuid and datetime samplers.
///
/// Memory stays bounded: distinct values are counted exactly up to 2^20 per column, then
/// estimated (HyperLogLog, about 1% error); medians are exact up to 2^20 values, then taken
/// from a uniform sample of 2^20 values.
enum DatasetProfile {
    static let exactLimit = 1 << 20

    static func statistics(layout: DatasetLayout, plan: GenerationPlan, batches: [Int]) throws -> ConfigValue {
        var accumulators = plan.kept.map { i in
            Accumulator(type: plan.types[i], kind: i < plan.configColumns.count ? Kind(plan.configColumns[i]) : .seed)
        }
        // Leaves per kept column (a struct column has one per field).
        let leafCounts = plan.kept.map { plan.types[$0].leafCount }
        for index in batches {
            let reader = try ParquetFileReader(path: layout.batchPath(index))
            var iterator = try reader.batches()
            while let batch = try iterator.next() {
                var leaf = 0
                for (k, width) in leafCounts.enumerated() {
                    guard leaf + width <= batch.columns.count else { break }
                    if width == 1 {
                        accumulators[k].add(batch.columns[leaf])
                    } else {
                        accumulators[k].addStruct(batch.columns[leaf ..< leaf + width])
                    }
                    leaf += width
                }
            }
        }
        return .array(zip(plan.kept, accumulators).map { i, a in a.value(name: plan.columnNames[i]) })
    }

    enum Kind {
        case expression
        case sampler(type: String, distribution: String)
        /// A column of the seed dataset.
        case seed

        init(_ c: ColumnConfig) {
            switch c.kind {
            case .expression: self = .expression
            case .sampler(let s):
                let (type, dist): (String, String)
                switch s {
                case .category: (type, dist) = ("category", "categorical")
                case .subcategory: (type, dist) = ("subcategory", "categorical")
                case .uniform: (type, dist) = ("uniform", "numerical")
                case .gaussian: (type, dist) = ("gaussian", "numerical")
                case .bernoulli: (type, dist) = ("bernoulli", "numerical")
                case .binomial: (type, dist) = ("binomial", "numerical")
                case .poisson: (type, dist) = ("poisson", "numerical")
                case .uuid: (type, dist) = ("uuid", "other")
                case .datetime: (type, dist) = ("datetime", "other")
                case .timedelta: (type, dist) = ("timedelta", "other")
                case .scipy: (type, dist) = ("scipy", "numerical")
                case .bernoulliMixture: (type, dist) = ("bernoulli_mixture", "numerical")
                case .personFromFaker: (type, dist) = ("person_from_faker", "other")
                }
                self = .sampler(type: type, distribution: dist)
            }
        }
    }

    /// The running statistics of one column.
    struct Accumulator {
        let type: GeneratedType
        let kind: Kind
        var records = 0
        var nulls = 0
        var distinct = Set<UInt64>()
        var sketch = HyperLogLog()
        var overflowed = false
        // Numbers
        var count = 0
        var mean = 0.0, m2 = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity
        var sample: [Double] = []
        var sampleRNG = Xoshiro256StarStar(seed: 0x5EED)
        // Value counts (categorical)
        var counts: [String: Int] = [:]
        var order: [String] = []
        var slots: [UInt64: Int] = [:]
        var tallies: [Int] = []
        var numberOf: [String: Double] = [:]

        init(type: GeneratedType, kind: Kind) {
            self.type = type
            self.kind = kind
        }

        var wantsCounts: Bool { if case .sampler(_, "categorical") = kind { true } else { false } }
        var wantsNumbers: Bool {
            if case .sampler(_, "numerical") = kind { return type == .int64 || type == .double }
            return false
        }

        mutating func add(_ column: ColumnData) {
            let levels = column.definitionLevels
            let rows = column.levelCount
            records += rows
            var v = 0
            func isValid(_ r: Int) -> Bool { levels.isEmpty || levels[r] > 0 }
            switch column.values {
            case .byteArray(let values):
                values.bytes.withUnsafeBufferPointer { bytes in
                    for r in 0..<rows {
                        guard isValid(r) else { nulls += 1; continue }
                        let slice = bytes[values.range(v)]
                        v += 1
                        let h = fnv(slice)
                        insert(h)
                        if wantsCounts { tally(h, nil) { String(decoding: slice, as: UTF8.self) } }
                    }
                }
            case .int64(let values):
                for r in 0..<rows {
                    guard isValid(r) else { nulls += 1; continue }
                    let x = values[v]
                    v += 1
                    insert(UInt64(bitPattern: x) &* 0x9E37_79B9_7F4A_7C15)
                    number(Double(x))
                    if wantsCounts { tally(UInt64(bitPattern: x), Double(x)) { String(x) } }
                }
            case .double(let values):
                for r in 0..<rows {
                    guard isValid(r) else { nulls += 1; continue }
                    let x = values[v]
                    v += 1
                    insert((x == 0 ? 0 : x.bitPattern) &* 0x9E37_79B9_7F4A_7C15)
                    number(x)
                    if wantsCounts { tally(x.bitPattern, x) { PythonText.floatRepr(x) } }
                }
            case .boolean(let values):
                for r in 0..<rows {
                    guard isValid(r) else { nulls += 1; continue }
                    insert(values[v] ? 1 : 2)
                    v += 1
                }
            case .int32(let values):
                for r in 0..<rows {
                    guard isValid(r) else { nulls += 1; continue }
                    insert(UInt64(bitPattern: Int64(values[v])) &* 0x9E37_79B9_7F4A_7C15)
                    v += 1
                }
            default:
                nulls += levels.filter { $0 == 0 }.count
            }
        }

        /// A struct column (its leaves): a row counts once, its fields' values hashed together;
        /// it is null where the struct itself is.
        mutating func addStruct(_ leaves: ArraySlice<ColumnData>) {
            guard let first = leaves.first else { return }
            let rows = first.levelCount
            records += rows
            var hashes = [UInt64](repeating: 0xCBF2_9CE4_8422_2325, count: rows)
            for leaf in leaves {
                let levels = leaf.definitionLevels
                let maxDef = UInt32(leaf.descriptor.maxDefinitionLevel)
                var v = 0
                for r in 0..<rows {
                    var h: UInt64 = 0x51_7CC1_B727_220A  // null
                    if levels.isEmpty || levels[r] == maxDef {
                        switch leaf.values {
                        case .byteArray(let values): h = values.bytes.withUnsafeBufferPointer { fnv($0[values.range(v)]) }
                        case .int64(let values): h = SplitMix64.mix(UInt64(bitPattern: values[v]))
                        case .int32(let values): h = SplitMix64.mix(UInt64(bitPattern: Int64(values[v])))
                        case .double(let values): h = SplitMix64.mix(values[v].bitPattern)
                        case .boolean(let values): h = values[v] ? 1 : 2
                        default: h = 3
                        }
                        v += 1
                    }
                    hashes[r] = SplitMix64.mix(hashes[r] ^ h)
                }
            }
            let levels = first.definitionLevels
            for r in 0..<rows {
                if !levels.isEmpty, levels[r] == 0 { nulls += 1 } else { insert(hashes[r]) }
            }
        }

        private func fnv(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return SplitMix64.mix(h)
        }

        private mutating func insert(_ hash: UInt64) {
            sketch.add(hash)
            guard !overflowed else { return }
            distinct.insert(hash)
            if distinct.count > DatasetProfile.exactLimit {
                overflowed = true
                distinct = []
            }
        }

        private mutating func number(_ x: Double) {
            guard wantsNumbers, !x.isNaN else { return }
            count += 1
            let delta = x - mean
            mean += delta / Double(count)
            m2 += delta * (x - mean)
            minimum = min(minimum, x)
            maximum = max(maximum, x)
            if sample.count < DatasetProfile.exactLimit {
                sample.append(x)
            } else {
                let j = Int(sampleRNG.nextBelow(UInt64(count)))
                if j < sample.count { sample[j] = x }
            }
        }

        /// Counts a value by its hash; its text is made once, the first time it is seen.
        private mutating func tally(_ hash: UInt64, _ number: Double?, _ text: () -> String) {
            if let i = slots[hash] {
                tallies[i] += 1
                return
            }
            slots[hash] = tallies.count
            tallies.append(1)
            let key = text()
            order.append(key)
            counts[key] = 0
            if let number { numberOf[key] = number }
        }

        func value(name: String) -> ConfigValue {
            var m: [(key: String, value: ConfigValue)] = [
                ("column_name", .string(name)),
                ("num_records", .int(Int64(records))),
                ("num_null", .int(Int64(nulls))),
                ("num_unique", .int(Int64(overflowed ? sketch.estimate : distinct.count))),
                ("pyarrow_dtype", .string(type.pyarrowName)),
                ("simple_dtype", .string(type.simpleName)),
            ]
            switch kind {
            case .expression:
                m.append(("column_type", .string("expression")))
            case .seed:
                m.append(("column_type", .string("seed-dataset")))
            case let .sampler(samplerType, distribution):
                m.append(("column_type", .string("sampler")))
                m.append(("sampler_type", .string(samplerType)))
                switch distribution {
                case "categorical":
                    m.append(("distribution_type", .string("categorical")))
                    m.append(("distribution", categorical()))
                case "numerical" where wantsNumbers:
                    m.append(("distribution_type", .string("numerical")))
                    m.append(("distribution", numerical()))
                case "numerical":
                    m.append(("distribution_type", .string("unknown")))
                    m.append(("distribution", .string("--")))
                default:
                    m.append(("distribution_type", .string("other")))
                    m.append(("distribution", .null))
                }
            }
            return .object(m)
        }

        private func categorical() -> ConfigValue {
            guard !order.isEmpty else { return .string("--") }
            var counts = counts
            for (i, key) in order.enumerated() { counts[key] = tallies[i] }
            let sorted = order.enumerated().sorted { a, b in
                let ca = counts[a.element] ?? 0, cb = counts[b.element] ?? 0
                return ca != cb ? ca > cb : a.offset < b.offset
            }.map(\.element)
            func category(_ key: String) -> ConfigValue {
                switch type {
                case .int64: return Int64(key).map { .int($0) } ?? .string(key)
                case .double: return numberOf[key].map { .double($0) } ?? .string(key)
                default: return .string(key)
                }
            }
            func reported(_ key: String) -> ConfigValue {
                if type == .int64, let i = Int64(key) { return .int(i) }
                return .string(key)
            }
            return .object([
                ("histogram", .object([("categories", .array(sorted.map(category))),
                                       ("counts", .array(sorted.map { .int(Int64(counts[$0] ?? 0)) }))])),
                ("least_common_value", reported(sorted[sorted.count - 1])),
                ("most_common_value", reported(sorted[0])),
            ])
        }

        private func numerical() -> ConfigValue {
            guard count > 0 else { return .string("--") }
            func report(_ d: Double) -> ConfigValue { .double(PythonRound.round(d, 2)) }
            let isInt = type == .int64
            var sorted = sample
            sorted.sort()
            let n = sorted.count
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            let stddev = count > 1 ? (m2 / Double(count - 1)).squareRoot() : .nan
            return .object([
                ("max", isInt ? .int(Int64(maximum)) : report(maximum)),
                ("mean", report(mean)),
                ("median", report(median)),
                ("min", isInt ? .int(Int64(minimum)) : report(minimum)),
                ("stddev", report(stddev)),
            ])
        }
    }
}

/// A HyperLogLog distinct counter (2^14 registers, about 0.8% standard error).
struct HyperLogLog {
    private static let p = 14
    private var registers = [UInt8](repeating: 0, count: 1 << 14)

    mutating func add(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.p))
        let rest = (hash << UInt64(Self.p)) | (1 << UInt64(Self.p - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    var estimate: Int {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += pow(2, -Double(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var e = alpha * m * m / sum
        if e <= 2.5 * m, zeros > 0 { e = m * log(m / Double(zeros)) }
        return Int(e.rounded())
    }
}
