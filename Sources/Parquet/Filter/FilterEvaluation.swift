import Foundation

// Deciding what a RowGroupFilter can be for a set of rows (a row group, a page, a chunk's
// dictionary): the possible outcomes of the predicate on those rows. A set of rows is skipped
// only when `true` is not a possible outcome, so no matching row is ever dropped.

/// The outcomes a predicate may have on some rows: true, false and null (unknown).
struct FilterOutcomes: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let yes = FilterOutcomes(rawValue: 1)
    static let no = FilterOutcomes(rawValue: 2)
    static let null = FilterOutcomes(rawValue: 4)
    static let any: FilterOutcomes = [.yes, .no, .null]

    var negated: FilterOutcomes {
        var out: FilterOutcomes = []
        if contains(.yes) { out.insert(.no) }
        if contains(.no) { out.insert(.yes) }
        if contains(.null) { out.insert(.null) }
        return out
    }

    /// Kleene logic over every pair of outcomes.
    static func and(_ a: FilterOutcomes, _ b: FilterOutcomes) -> FilterOutcomes {
        var out: FilterOutcomes = []
        if a.contains(.no) || b.contains(.no) { if !a.isEmpty && !b.isEmpty { out.insert(.no) } }
        if a.contains(.yes) && b.contains(.yes) { out.insert(.yes) }
        if (a.contains(.null) && !b.subtracting(.no).isEmpty) || (b.contains(.null) && !a.subtracting(.no).isEmpty) { out.insert(.null) }
        return out
    }

    static func or(_ a: FilterOutcomes, _ b: FilterOutcomes) -> FilterOutcomes {
        and(a.negated, b.negated).negated
    }
}

/// What is known about the values of one column in some rows.
struct ValueFacts {
    /// Lower and upper bounds of the non-null non-NaN values (nil: unknown).
    var min: FilterScalar?
    var max: FilterScalar?
    /// Whether some value may be null.
    var mayHaveNulls = true
    /// Whether some value may be non-null.
    var mayHaveValues = true
    /// Whether some value may be NaN (float columns).
    var mayHaveNaN = false
    /// Every distinct non-null value, when known (a dictionary-encoded chunk).
    var distinct: [FilterScalar]?
    /// Answers "may this literal be present?" for `==` / `in` (a bloom filter).
    var mayContain: ((Int) -> Bool)?
}

/// One leaf of a bound filter: a column and what is asked of it.
struct FilterLeaf: Sendable {
    enum Test: Sendable {
        case compare(FilterComparison, FilterScalar)
        case isIn([FilterScalar])
        case isNull, isNotNull
    }
    let column: ColumnDescriptor
    let domain: FilterDomain
    let test: Test
    /// The literals as the plain bytes a bloom filter hashes (nil where no exact physical form).
    let bloomKeys: [[UInt8]?]

    /// The outcome on one value (nil = null).
    func outcome(_ value: FilterScalar?) -> FilterOutcomes {
        switch test {
        case .isNull: return value == nil ? .yes : .no
        case .isNotNull: return value == nil ? .no : .yes
        case .isIn(let literals):
            guard let value else { return .no }
            return literals.contains { FilterScalar.compare(value, $0) == 0 } ? .yes : .no
        case .compare(let op, let literal):
            guard let value else { return .null }
            guard let c = FilterScalar.compare(value, literal) else { return op == .notEqual ? .yes : .no }
            let result: Bool
            switch op {
            case .equal: result = c == 0
            case .notEqual: result = c != 0
            case .less: result = c < 0
            case .lessOrEqual: result = c <= 0
            case .greater: result = c > 0
            case .greaterOrEqual: result = c >= 0
            }
            return result ? .yes : .no
        }
    }

    /// The possible outcomes on rows whose values `facts` describes.
    /// Whether `facts` leave this leaf at most one possible outcome on the rows: then no
    /// bloom filter, dictionary or column index can narrow it, and none is read for it.
    func isDecided(_ facts: ValueFacts) -> Bool {
        let outcomes = self.outcomes(facts)
        return [FilterOutcomes.yes, .no, .null].filter { outcomes.contains($0) }.count <= 1
    }

    func outcomes(_ facts: ValueFacts) -> FilterOutcomes {
        var out: FilterOutcomes = []
        switch test {
        case .isNull:
            if facts.mayHaveNulls { out.insert(.yes) }
            if facts.mayHaveValues { out.insert(.no) }
            return out
        case .isNotNull:
            if facts.mayHaveNulls { out.insert(.no) }
            if facts.mayHaveValues { out.insert(.yes) }
            return out
        case .isIn:
            if facts.mayHaveNulls { out.insert(.no) }
        case .compare:
            if facts.mayHaveNulls { out.insert(.null) }
        }
        guard facts.mayHaveValues else { return out }
        if let distinct = facts.distinct {
            for value in distinct { out.formUnion(outcome(value)) }
            return out
        }
        if facts.mayHaveNaN { out.formUnion(outcome(.double(.nan))) }
        return out.union(rangeOutcomes(facts))
    }

    /// Outcomes over non-null, non-NaN values within `[min, max]`.
    private func rangeOutcomes(_ facts: ValueFacts) -> FilterOutcomes {
        func possible(_ literal: FilterScalar, _ index: Int, _ op: FilterComparison) -> FilterOutcomes {
            if op == .equal || op == .notEqual, let mayContain = facts.mayContain, !mayContain(index) {
                return op == .equal ? .no : .yes
            }
            guard let lo = facts.min.flatMap({ FilterScalar.compare($0, literal) }),
                  let hi = facts.max.flatMap({ FilterScalar.compare($0, literal) }) else { return [.yes, .no] }
            var out: FilterOutcomes = []
            let inside = lo <= 0 && hi >= 0
            let allEqual = lo == 0 && hi == 0
            switch op {
            case .equal:
                if inside { out.insert(.yes) }
                if !allEqual { out.insert(.no) }
            case .notEqual:
                if !allEqual { out.insert(.yes) }
                if inside { out.insert(.no) }
            case .less:
                if lo < 0 { out.insert(.yes) }
                if hi >= 0 { out.insert(.no) }
            case .lessOrEqual:
                if lo <= 0 { out.insert(.yes) }
                if hi > 0 { out.insert(.no) }
            case .greater:
                if hi > 0 { out.insert(.yes) }
                if lo <= 0 { out.insert(.no) }
            case .greaterOrEqual:
                if hi >= 0 { out.insert(.yes) }
                if lo < 0 { out.insert(.no) }
            }
            return out
        }
        switch test {
        case .compare(let op, let literal):
            return possible(literal, 0, op)
        case .isIn(let literals):
            var out: FilterOutcomes = []
            var allInOne = false
            for (i, literal) in literals.enumerated() {
                let o = possible(literal, i, .equal)
                if o.contains(.yes) { out.insert(.yes) }
                if !o.contains(.no) { allInOne = true }
            }
            if !allInOne { out.insert(.no) }
            return out
        case .isNull, .isNotNull:
            return .any
        }
    }
}

/// A filter bound to one file's schema: leaves resolved to columns, literals converted.
struct BoundFilter: Sendable {
    indirect enum Node: Sendable {
        case leaf(Int)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
    }
    let root: Node
    let leaves: [FilterLeaf]

    /// The integer a DATE, TIME or TIMESTAMP column stores for the text literal `text`
    /// ('2024-01-01', '12:30:00.5', '2024-01-01T12:30:00Z' or with '±HH:MM'; a date alone
    /// is its midnight); nil for other columns.
    ///
    /// - Throws: `.invalidArgument` naming the column when the text is not such a literal,
    ///   is more precise than the column's unit, lies outside its range, or gives a
    ///   time-zone offset for a timestamp that is not adjusted to UTC.
    static func temporal(_ text: String, _ column: ColumnDescriptor) throws -> Int64? {
        let name = column.dottedPath
        switch column.kind {
        case .date:
            guard let days = TemporalLiteral.days(text[...]), let value = Int32(exactly: days) else {
                throw ParquetError(.invalidArgument, "a DATE column cannot be compared with '\(text)' (write a date as 'YYYY-MM-DD')", column: name)
            }
            return Int64(value)
        case .time(let unit, _):
            guard let units = TemporalLiteral.timeOfDay(text[...], unit: unit) else {
                throw ParquetError(.invalidArgument, "a TIME(\(unit)) column cannot be compared with '\(text)' (write a time as 'HH:MM[:SS[.fraction]]', at most the unit's precision)", column: name)
            }
            return units
        case .timestamp(let unit, let utc):
            guard let (units, hasOffset) = TemporalLiteral.instant(text[...], unit: unit) else {
                throw ParquetError(.invalidArgument, "a TIMESTAMP(\(unit)) column cannot be compared with '\(text)' (write 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS[.fraction]]' and optionally 'Z' or '±HH:MM', at most the unit's precision)", column: name)
            }
            if hasOffset && !utc {
                throw ParquetError(.invalidArgument, "the TIMESTAMP column holds local times (not adjusted to UTC): compare it with '\(text)' without a time-zone offset", column: name)
            }
            return units
        default:
            return nil
        }
    }

    /// Binds `filter` to `schema`.
    /// - Throws: `.invalidArgument` naming the column when it does not exist, is a group or
    ///   lies inside a list or map, has a type filters do not compare, or is compared with a
    ///   literal of another kind.
    init(_ filter: RowGroupFilter, schema: Schema) throws {
        var leaves: [FilterLeaf] = []
        func column(_ name: String) throws -> (ColumnDescriptor, FilterDomain) {
            guard let column = schema.columns.first(where: { $0.dottedPath == name }) else {
                let isGroup = schema.columns.contains { $0.dottedPath.hasPrefix(name + ".") }
                throw ParquetError(.invalidArgument, isGroup ? "'\(name)' is a group; filter on one of its leaves (\(name).…)" : "no column named '\(name)'", column: name)
            }
            guard column.maxRepetitionLevel == 0 else {
                throw ParquetError(.invalidArgument, "filters on columns inside a list or map are not supported", column: name)
            }
            guard let domain = FilterDomain(column) else {
                throw ParquetError(.invalidArgument, "filters do not compare \(column.kind) columns", column: name)
            }
            return (column, domain)
        }
        func literal(_ value: FilterValue, _ column: ColumnDescriptor, _ domain: FilterDomain, _ name: String) throws -> FilterScalar {
            var value = value
            if case .string(let text) = value, let stored = try Self.temporal(text, column) { value = .int(stored) }
            guard let scalar = domain.literal(value) else {
                throw ParquetError(.invalidArgument, "a \(domain.name) column cannot be compared with \(value)", column: name)
            }
            return scalar
        }
        func bind(_ f: RowGroupFilter) throws -> Node {
            switch f {
            case .compare(let name, let op, let value):
                let (c, d) = try column(name)
                let l = try literal(value, c, d, name)
                leaves.append(FilterLeaf(column: c, domain: d, test: .compare(op, l), bloomKeys: [Self.plainBytes(l, c)]))
            case .isIn(let name, let values):
                let (c, d) = try column(name)
                let ls = try values.map { try literal($0, c, d, name) }
                leaves.append(FilterLeaf(column: c, domain: d, test: .isIn(ls), bloomKeys: ls.map { Self.plainBytes($0, c) }))
            case .isNull(let name):
                let (c, d) = try column(name)
                leaves.append(FilterLeaf(column: c, domain: d, test: .isNull, bloomKeys: []))
            case .isNotNull(let name):
                let (c, d) = try column(name)
                leaves.append(FilterLeaf(column: c, domain: d, test: .isNotNull, bloomKeys: []))
            case .and(let a, let b): return .and(try bind(a), try bind(b))
            case .or(let a, let b): return .or(try bind(a), try bind(b))
            case .not(let a): return .not(try bind(a))
            }
            return .leaf(leaves.count - 1)
        }
        root = try bind(filter)
        self.leaves = leaves
    }

    /// The outcomes of the whole filter given each leaf's.
    func evaluate(_ leafOutcomes: (Int) throws -> FilterOutcomes) rethrows -> FilterOutcomes {
        func visit(_ node: Node) throws -> FilterOutcomes {
            switch node {
            case .leaf(let i): return try leafOutcomes(i)
            case .and(let a, let b): return FilterOutcomes.and(try visit(a), try visit(b))
            case .or(let a, let b): return FilterOutcomes.or(try visit(a), try visit(b))
            case .not(let a): return try visit(a).negated
            }
        }
        return try visit(root)
    }

    /// The PLAIN bytes (no length prefix) of a literal in the column's physical type, as a
    /// bloom filter hashes them; nil when the literal has no exact physical form, or when
    /// equal values may have other bytes (±0 floats).
    static func plainBytes(_ literal: FilterScalar, _ column: ColumnDescriptor) -> [UInt8]? {
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let kind = FilterDomain(column)
        switch (column.physicalType, kind, literal) {
        case (.int32, .signed?, .int(let v)): return Int32(exactly: v).map(le)
        case (.int64, .signed?, .int(let v)): return le(v)
        case (.int32, .signed?, .uint(let v)): return Int32(exactly: v).map(le)
        case (.int64, .signed?, .uint(let v)): return Int64(exactly: v).map(le)
        case (.int32, .unsigned?, .int(let v)): return UInt32(exactly: v).map(le)
        case (.int64, .unsigned?, .int(let v)): return UInt64(exactly: v).map(le)
        case (.int32, .unsigned?, .uint(let v)): return UInt32(exactly: v).map(le)
        case (.int64, .unsigned?, .uint(let v)): return le(v)
        case (.float, .float?, .double(let v)):
            guard v != 0, !v.isNaN, Double(Float(v)) == v else { return nil }
            return le(Float(v).bitPattern)
        case (.float, .float?, .int(let v)):
            guard v != 0, let f = Float(exactly: v) else { return nil }
            return le(f.bitPattern)
        case (.double, .float?, .double(let v)):
            guard v != 0, !v.isNaN else { return nil }
            return le(v.bitPattern)
        case (.double, .float?, .int(let v)):
            guard v != 0, let d = Double(exactly: v) else { return nil }
            return le(d.bitPattern)
        case (.byteArray, .bytes?, .bytes(let v)): return Array(v)
        case (.fixedLenByteArray, .bytes?, .bytes(let v)): return v.count == column.typeLength ? Array(v) : nil
        case (.int32, .decimal(let s)?, .decimal(let v)), (.int64, .decimal(let s)?, .decimal(let v)):
            var scaled = v
            var ten = Decimal(1)
            for _ in 0 ..< max(0, s) { ten *= 10 }
            scaled *= ten
            var rounded = Decimal()
            NSDecimalRound(&rounded, &scaled, 0, .plain)
            guard rounded == scaled, let i = Int64(exactly: NSDecimalNumber(decimal: rounded)) else { return nil }
            return column.physicalType == .int32 ? Int32(exactly: i).map(le) : le(i)
        default: return nil
        }
    }
}
