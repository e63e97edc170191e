import Parquet

/// Draws one sampler column's values for a set of rows, each row with its params variant.
struct SamplerDraw {
    let plan: SamplerPlan
    /// The date person_from_faker birth dates count back from.
    let reference: CivilDate
    private(set) var values: SamplerWork.Values
    private var normal = NormalSource()
    /// Short UUIDs drawn in this batch (the real tool never repeats one within a draw).
    private var seenShort: Set<UInt32> = []

    init(plan: SamplerPlan, rows: Int, reference: CivilDate) {
        self.plan = plan
        self.reference = reference
        switch plan.values {
        case .double: values = .doubles([Double](repeating: 0, count: rows))
        case .int: values = .ints([Int64](repeating: 0, count: rows))
        case .table: values = .choices([Int32](repeating: 0, count: rows))
        case .text:
            var v = ByteArrayValues()
            v.offsets = [Int](repeating: 0, count: rows + 1)
            values = .texts(v)
        case .datetime: values = .seconds([Int64](repeating: 0, count: rows))
        case .person: values = .persons([])
        }
    }

    private static let lowerHex = Array("0123456789abcdef".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    mutating func draw(rows: [Int], variants: [Int], rng: inout Xoshiro256StarStar, work: SamplerWork) throws {
        switch values {
        case .doubles(var a):
            values = .doubles([])
            for (i, row) in rows.enumerated() {
                var d: Double
                var places: Int?
                switch plan.variants[variants[i]] {
                case let .uniform(low, high, p):
                    let span = high - low
                    d = span > 0 ? low + span * rng.nextUnit() : low
                    if d >= high && span > 0 { d = low }
                    places = p
                case let .gaussian(mean, sd, p):
                    d = mean + sd * normal.next(&rng)
                    places = p
                case let .scipy(sampler, p):
                    d = sampler.next(&rng, &normal)
                    places = sampler.isDiscrete ? nil : p
                case let .mixture(p, sampler):
                    // bernoulli(p).rvs() * dist.rvs(): 0 (or -0.0, NaN) times the draw.
                    let keep = rng.nextUnit() < p
                    let x = sampler.next(&rng, &normal)
                    d = keep ? x : 0 * x
                default: d = .nan
                }
                if let places {
                    // As the real tool: convert_to int rounds first, then decimal places (numpy).
                    if plan.convert == .int { d = d.rounded(.toNearestOrEven) }
                    d = PythonRound.numpy(d, places)
                }
                a[row] = d
            }
            values = .doubles(a)
        case .ints(var a):
            values = .ints([])
            for (i, row) in rows.enumerated() {
                switch plan.variants[variants[i]] {
                case let .bernoulli(p): a[row] = rng.nextUnit() < p ? 1 : 0
                case let .binomial(n, p): a[row] = Distributions.binomial(n: n, p: p, &rng, &normal)
                case let .poisson(mean): a[row] = Distributions.poisson(mean: mean, &rng, &normal)
                case let .scipy(sampler, _): a[row] = Distributions.clampToInt64(sampler.next(&rng, &normal))
                case let .mixture(p, sampler):
                    let keep = rng.nextUnit() < p
                    let x = sampler.next(&rng, &normal)
                    a[row] = keep ? Distributions.clampToInt64(x) : 0
                default: a[row] = 0
                }
            }
            values = .ints(a)
        case .choices(var a):
            values = .choices([])
            let parent: [Int32]?
            if let s = plan.source, case .choices(let p)? = work.values[s] { parent = p } else { parent = nil }
            for (i, row) in rows.enumerated() {
                switch plan.variants[variants[i]] {
                case let .category(offset, count, cumulative):
                    a[row] = Int32(offset + Self.pick(count, cumulative, &rng))
                case .subcategory(let choices):
                    guard let parent else { throw CreateError("column '\(plan.name)': its parent column has no values") }
                    let list = choices[Int(parent[row])]
                    a[row] = list[Int(rng.nextBelow(UInt64(list.count)))]
                default: a[row] = 0
                }
            }
            values = .choices(a)
        case .texts(let existing):
            // UUIDs: rebuild the column, replacing the drawn rows.
            var fresh: [Int: [UInt8]] = [:]
            for (i, row) in rows.enumerated() {
                guard case let .uuid(prefix, short, upper) = plan.variants[variants[i]] else { continue }
                fresh[row] = uuid(prefix: prefix, short: short, upper: upper, &rng)
            }
            var out = ByteArrayValues()
            let n = existing.count
            out.reserveCapacity(values: n, bytes: n * 40)
            existing.bytes.withUnsafeBufferPointer { bytes in
                for row in 0..<n {
                    if let f = fresh[row] { out.append(f) } else { out.append(bytes[existing.range(row)]) }
                }
            }
            values = .texts(out)
        case .seconds(var a):
            values = .seconds([])
            let reference: [Int64]?
            if let s = plan.source, case .seconds(let r)? = work.values[s] { reference = r } else { reference = nil }
            for (i, row) in rows.enumerated() {
                switch plan.variants[variants[i]] {
                case let .datetime(start, end, unit):
                    let s = start &+ Int64(bitPattern: rng.nextBelow(UInt64(bitPattern: end &- start)))
                    a[row] = DateTimeMath.floor(s, to: unit)
                case let .timedelta(low, high, unitSeconds):
                    guard let reference else { throw CreateError("column '\(plan.name)': its reference column has no datetimes") }
                    a[row] = reference[row] &+ rng.nextInt(low, high - 1) &* unitSeconds
                default: a[row] = 0
                }
            }
            values = .seconds(a)
        case .persons(var chunks):
            values = .persons([])
            // One chunk of people per params set, for the rows that use it.
            var byVariant: [Int: [Int]] = [:]
            for (i, row) in rows.enumerated() { byVariant[variants[i], default: []].append(row) }
            for v in byVariant.keys.sorted() {
                guard case .person(let generator) = plan.variants[v], let picked = byVariant[v] else { continue }
                chunks.append(PersonChunk(rows: picked, people: generator.generate(picked.count, reference: reference, &rng)))
            }
            values = .persons(chunks)
        }
    }

    /// An index below `n`, by normalized cumulative weights when given (numpy's choice).
    private static func pick(_ n: Int, _ cumulative: [Double]?, _ rng: inout Xoshiro256StarStar) -> Int {
        guard n > 1 else { return 0 }
        guard let cumulative, cumulative.count == n else { return Int(rng.nextBelow(UInt64(n))) }
        let u = rng.nextUnit() * cumulative[n - 1]
        var lo = 0, hi = n - 1  // first index whose cumulative weight exceeds u
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// `prefix` + `uuid4().hex` (32 hex digits; the first 8 with `short`), upper-cased hex
    /// with `upper`. Short ones do not repeat within a batch.
    private mutating func uuid(prefix: [UInt8], short: Bool, upper: Bool, _ rng: inout Xoshiro256StarStar) -> [UInt8] {
        var high = rng.next(), low = rng.next()
        if short {
            var guardCount = 0
            while !seenShort.insert(UInt32(truncatingIfNeeded: high >> 32)).inserted && guardCount < 1000 {
                high = rng.next()
                guardCount += 1
            }
        }
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
        let digits = upper ? Self.upperHex : Self.lowerHex
        var out = prefix
        let nibbles = short ? 8 : 32
        for i in 0..<nibbles {
            let word = i < 16 ? high : low
            out.append(digits[Int((word >> UInt64(60 - (i % 16) * 4)) & 0xF)])
        }
        return out
    }
}
