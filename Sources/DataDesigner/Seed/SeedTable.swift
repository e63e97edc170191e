import Foundation

/// Limits on seed files, which are input like any file: a seed beyond them ends the run
/// before anything is generated, with an error naming the file (and the column or line).
public struct SeedLimits: Sendable, Equatable {
    /// The largest seed file read (all files of a `*.ext` pattern together), in bytes.
    public var maxFileBytes: Int = 512 << 20
    /// The largest seed held in memory (its decoded values), in bytes.
    public var maxDecodedBytes: Int = 1 << 30
    /// The most rows read.
    public var maxRows: Int = 50_000_000
    /// The most columns.
    public var maxColumns: Int = 10_000
    /// The largest single value (a CSV field, a JSON string, a Parquet string), in bytes.
    public var maxCellBytes: Int = 1 << 20

    public init() {}

    /// The limits of reading only a seed's column names when the config loads (the run's
    /// own limits apply when it reads the seed): a prefix of the file is read, any cell size.
    static var forNames: SeedLimits {
        var l = SeedLimits()
        l.maxCellBytes = CSVSeedReader.namesPrefixBytes
        return l
    }
}

/// One column of a loaded seed: its values for the selected rows (OPTIONAL, as pandas writes
/// every seed column).
struct SeedColumn {
    let name: String
    let type: GeneratedType
    let values: GeneratedColumn

    /// A column of `buffer`, null where `valid` is false (nil: no nulls). A null in a float
    /// or string column reads as NaN in templates, as pandas holds it.
    init(name: String, type: GeneratedType, buffer: ColumnBuffer, valid: [Bool]? = nil) {
        self.name = name
        self.type = type
        let nulls = valid.map { $0.contains(false) } ?? false
        values = GeneratedColumn(buffer: buffer, valid: nulls ? valid : nil, nullIsNaN: type == .double || type == .string)
    }

    /// A column of `rows` nulls (DOUBLE, as pandas types a column without values).
    static func allNull(_ name: String, rows: Int) -> SeedColumn {
        SeedColumn(name: name, type: .double, buffer: .double([Double](repeating: 0, count: rows)),
                   valid: [Bool](repeating: false, count: rows))
    }

    func gathered(_ rows: [Int32]) -> SeedColumn {
        SeedColumn(name: name, type: type, buffer: values.buffer.gather(rows), valid: values.valid.map { v in rows.map { v[Int($0)] } })
    }
}

/// The selected rows of a seed dataset, in memory, typed the way Data Designer's DuckDB and
/// pandas round trip types them (see docs/create.md).
struct SeedTable {
    let settings: SeedSettings
    let columns: [SeedColumn]
    /// Rows after the selection strategy.
    let rowCount: Int
    /// `sha256:<hex>` of the seed files' bytes (in order): a resumed run refuses a changed seed.
    let fingerprint: String

    /// Reads the seed files of `settings` within `limits` and applies the selection.
    static func load(_ settings: SeedSettings, limits: SeedLimits) throws -> SeedTable {
        var total = 0
        for file in settings.files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
            if total > limits.maxFileBytes {
                throw CreateError("seed file \(file): the seed is larger than the limit of \(limits.maxFileBytes) bytes")
            }
        }
        var budget = SeedBudget(limits: limits)
        var columns: [SeedColumn]
        switch settings.format {
        case .csv: columns = try CSVSeedReader.read(settings.files, budget: &budget)
        case .json: columns = try JSONSeedReader.read(settings.files, budget: &budget)
        case .parquet: columns = try ParquetSeedReader.read(settings.files, budget: &budget)
        }
        let rows = columns.first?.values.buffer.count ?? 0
        let range: Range<Int>
        switch settings.selectedRange(rows: rows) {
        case .success(let r): range = r
        case .failure(let e): throw e
        }
        if range.count != rows {
            let picked = range.map { Int32(truncatingIfNeeded: $0) }
            columns = columns.map { $0.gathered(picked) }
        }
        return SeedTable(settings: settings, columns: columns, rowCount: range.count,
                         fingerprint: try fingerprint(settings.files))
    }

    /// SHA-256 of the files' bytes, read in 1 MiB chunks.
    static func fingerprint(_ files: [String]) throws -> String {
        var hash = SHA256()
        for file in files {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CreateError("seed file \(file): cannot read") }
            defer { try? handle.close() }
            while true {
                let chunk: Data
                do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                    throw CreateError("seed file \(file): cannot read (\(error.localizedDescription))")
                }
                if chunk.isEmpty { break }
                chunk.withUnsafeBytes { hash.update($0) }
            }
        }
        return "sha256:" + hash.hexDigest()
    }

    /// The column names of the seed, read cheaply when the config loads: a Parquet footer, or
    /// a CSV header / JSON keys sniffed from the first rows (at most 64 MiB are read).
    static func columnNames(_ settings: SeedSettings, limits: SeedLimits) throws -> [String] {
        switch settings.format {
        case .parquet: return try ParquetSeedReader.columnNames(settings.files)
        case .csv: return try CSVSeedReader.columnNames(settings.files, limits: limits)
        case .json: return try JSONSeedReader.columnNames(settings.files, limits: limits)
        }
    }

    /// The selected rows each record of a batch takes: record `first + i` takes row
    /// `(first + i) mod S` (ordered) or row `P_c((first + i) mod S)` where `P_c` is the
    /// random permutation of cycle `c = (first + i) / S`, keyed by the run's seed (shuffle).
    func rows(first: Int64, count: Int, seed: UInt64) -> [Int32] {
        guard rowCount > 0 else { return [] }
        let s = Int64(rowCount)
        var out = [Int32](repeating: 0, count: count)
        switch settings.sampling {
        case .ordered:
            var r = first % s
            for i in 0..<count {
                out[i] = Int32(truncatingIfNeeded: r)
                r += 1
                if r == s { r = 0 }
            }
        case .shuffle:
            var cycle = first / s
            var r = first % s
            var permutation = Permutation(size: UInt64(s), key: Self.cycleKey(seed: seed, cycle: cycle))
            for i in 0..<count {
                out[i] = Int32(truncatingIfNeeded: permutation.apply(UInt64(r)))
                r += 1
                if r == s {
                    r = 0
                    cycle += 1
                    permutation = Permutation(size: UInt64(s), key: Self.cycleKey(seed: seed, cycle: cycle))
                }
            }
        }
        return out
    }

    static func cycleKey(seed: UInt64, cycle: Int64) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(RandomStreams.fnv1a("seed-dataset shuffle") &+ UInt64(bitPattern: cycle)))
    }
}

/// Accounting of a seed's decoded size against ``SeedLimits``.
struct SeedBudget {
    let limits: SeedLimits
    private(set) var bytes = 0

    init(limits: SeedLimits) { self.limits = limits }

    mutating func add(_ n: Int, file: String) throws {
        bytes += n
        if bytes > limits.maxDecodedBytes {
            throw CreateError("seed file \(file): the decoded seed exceeds the limit of \(limits.maxDecodedBytes) bytes")
        }
    }

    /// Rows are indexed with 32 bits, so at most Int32.max whatever the limit says.
    func checkRows(_ rows: Int, file: String) throws {
        let limit = min(limits.maxRows, Int(Int32.max))
        if rows > limit { throw CreateError("seed file \(file): more than \(limit) rows (the limit)") }
    }

    func checkColumns(_ n: Int, file: String) throws {
        if n > limits.maxColumns { throw CreateError("seed file \(file): more than \(limits.maxColumns) columns (the limit)") }
    }

    func checkCell(_ n: Int, file: String, column: String, row: Int) throws {
        if n > limits.maxCellBytes {
            throw CreateError("seed file \(file): column '\(column)', row \(row): a value of \(n) bytes exceeds the limit of \(limits.maxCellBytes) bytes")
        }
    }
}

/// A keyed pseudo-random permutation of `0 ..< size`: a balanced Feistel network on the
/// smallest even number of bits covering `size`, walking the cycle until the value falls
/// below `size`. Stateless, so any record's row can be computed alone (resume).
struct Permutation {
    let size: UInt64
    private let halfBits: UInt64
    private let mask: UInt64
    private let keys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    init(size: UInt64, key: UInt64) {
        self.size = size
        var bits: UInt64 = 2
        while bits < 64, (UInt64(1) << bits) < size { bits += 2 }
        halfBits = bits / 2
        mask = (UInt64(1) << halfBits) - 1
        var k = SplitMix64(seed: key)
        keys = (k.next(), k.next(), k.next(), k.next(), k.next(), k.next())
    }

    @inline(__always)
    private func round(_ x: UInt64, _ key: UInt64) -> UInt64 { SplitMix64.mix(x ^ key) & mask }

    func apply(_ value: UInt64) -> UInt64 {
        guard size > 1 else { return 0 }
        var x = value
        repeat {
            var left = x >> halfBits, right = x & mask
            (left, right) = (right, left ^ round(right, keys.0))
            (left, right) = (right, left ^ round(right, keys.1))
            (left, right) = (right, left ^ round(right, keys.2))
            (left, right) = (right, left ^ round(right, keys.3))
            (left, right) = (right, left ^ round(right, keys.4))
            (left, right) = (right, left ^ round(right, keys.5))
            x = (left << halfBits) | right
        } while x >= size
        return x
    }
}
