/// A list of UTF-8 strings stored back to back, picked uniformly or by weight.
struct TextTable: Sendable {
    let bytes: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is entry `i`.
    let offsets: [Int]
    /// Normalized cumulative weights (the last is 1); nil for equal weights.
    let cumulative: [Double]?

    var count: Int { offsets.count - 1 }

    /// A table of `entries` (any text, empty included), equally likely.
    init(entries: [String]) {
        var bytes: [UInt8] = []
        var offsets = [0]
        for e in entries {
            bytes.append(contentsOf: e.utf8)
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
        cumulative = nil
    }

    /// Parses one entry per line; with `weighted`, each line is `name<TAB>weight`.
    init(lines text: String, weighted: Bool) {
        var bytes: [UInt8] = []
        var offsets = [0]
        var weights: [Double] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var name = Substring(line)
            if weighted, let tab = line.lastIndex(of: "\t") {
                name = line[..<tab]
                weights.append(Double(line[line.index(after: tab)...]) ?? 0)
            }
            bytes.append(contentsOf: name.utf8)
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
        if weighted, !weights.isEmpty {
            let total = weights.reduce(0, +)
            var running = 0.0
            var cumulative = weights.map { w -> Double in
                running += w
                return running / total
            }
            cumulative[cumulative.count - 1] = 1
            self.cumulative = cumulative
        } else {
            cumulative = nil
        }
    }

    /// An entry index: uniform, or weighted (the first entry whose cumulative weight exceeds
    /// a uniform draw, as Python's `random.choices` picks).
    @inline(__always)
    func pick(_ rng: inout Xoshiro256StarStar) -> Int {
        guard let cumulative else { return Int(rng.nextBelow(UInt64(count))) }
        let u = rng.nextUnit()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    @inline(__always)
    func append(_ i: Int, to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[offsets[i] ..< offsets[i + 1]]) }
    }

    /// Entry `i` as a string.
    func string(_ i: Int) -> String { String(decoding: bytes[offsets[i] ..< offsets[i + 1]], as: UTF8.self) }

    /// The index of `name`, when it is an entry.
    func index(of name: String) -> Int? {
        let target = Array(name.utf8)
        return (0..<count).first { bytes[offsets[$0] ..< offsets[$0 + 1]].elementsEqual(target) }
    }
}

/// A Faker format such as `{{city_prefix}} {{first_name}}{{city_suffix}}`: literal text and
/// tables to pick from.
struct FakerFormat: Sendable {
    enum Piece: Sendable {
        case literal([UInt8])
        case table(Int)
    }

    let pieces: [Piece]

    /// Parses `text`; `table` maps a `{{token}}` name to a table index (unknown tokens stay
    /// literal text, which the generator script rules out).
    init(_ text: String, table: (String) -> Int?) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let token = String(rest[open.upperBound ..< close.lowerBound])
            if open.lowerBound > rest.startIndex { pieces.append(.literal(Array(rest[..<open.lowerBound].utf8))) }
            if let t = table(token) {
                pieces.append(.table(t))
            } else {
                pieces.append(.literal(Array(rest[open.lowerBound ..< close.upperBound].utf8)))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(Array(rest.utf8))) }
        self.pieces = pieces
    }

    func append(using tables: [TextTable], _ rng: inout Xoshiro256StarStar, to out: inout [UInt8]) {
        for piece in pieces {
            switch piece {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .table(let t): tables[t].append(tables[t].pick(&rng), to: &out)
            }
        }
    }
}

/// The tables of one locale of `person_from_faker`, parsed once from generated source
/// (``FakerTablesEnUS``, written by `scripts/faker_tables.py` from Faker and Data Designer).
struct FakerTables: Sendable {
    /// Tables referenced by formats, by index: city_prefix, city_suffix, first_name,
    /// last_name, street_suffix.
    let formatTables: [TextTable]
    let firstNamesMale: TextTable
    let firstNamesFemale: TextTable
    let lastNames: TextTable
    let states: TextTable
    let countries: TextTable
    let jobs: TextTable
    let cityFormats: [FakerFormat]
    let streetNameFormats: [FakerFormat]
    let buildingNumberFormats: [[UInt8]]
    let phoneFormats: [[UInt8]]
    let sexes: TextTable
    let maritalStatuses: TextTable
    let educationLevels: TextTable
    let bachelorsFields: TextTable
    /// `isCollege[i]`: education level `i` is a college level (it gets a bachelors field).
    let isCollege: [Bool]
    let postcodeRange: ClosedRange<Int>

    static let enUS = FakerTables(
        firstNames: merged(FakerTablesEnUS.firstNamesMale, FakerTablesEnUS.firstNamesFemale), firstNamesMale: FakerTablesEnUS.firstNamesMale,
        firstNamesFemale: FakerTablesEnUS.firstNamesFemale, lastNames: FakerTablesEnUS.lastNames,
        cityPrefixes: FakerTablesEnUS.cityPrefixes, citySuffixes: FakerTablesEnUS.citySuffixes,
        streetSuffixes: FakerTablesEnUS.streetSuffixes, states: FakerTablesEnUS.states,
        countries: FakerTablesEnUS.countries, jobs: FakerTablesEnUS.jobs, cityFormats: FakerTablesEnUS.cityFormats,
        streetNameFormats: FakerTablesEnUS.streetNameFormats, buildingNumberFormats: FakerTablesEnUS.buildingNumberFormats,
        phoneFormats: FakerTablesEnUS.phoneFormats, sexes: FakerTablesEnUS.sexes,
        maritalStatuses: FakerTablesEnUS.maritalStatuses, educationLevels: FakerTablesEnUS.educationLevels,
        bachelorsFields: FakerTablesEnUS.bachelorsFields, collegeLevels: FakerTablesEnUS.collegeLevels,
        postcodeRange: FakerTablesEnUS.postcodeRange)

    init(firstNames: String, firstNamesMale: String, firstNamesFemale: String, lastNames: String,
         cityPrefixes: String, citySuffixes: String, streetSuffixes: String, states: String, countries: String,
         jobs: String, cityFormats: String, streetNameFormats: String, buildingNumberFormats: String,
         phoneFormats: String, sexes: String, maritalStatuses: String, educationLevels: String,
         bachelorsFields: String, collegeLevels: String, postcodeRange: ClosedRange<Int>) {
        let lastNames = TextTable(lines: lastNames, weighted: true)
        formatTables = [
            TextTable(lines: cityPrefixes, weighted: false), TextTable(lines: citySuffixes, weighted: false),
            TextTable(lines: firstNames, weighted: true), lastNames, TextTable(lines: streetSuffixes, weighted: false),
        ]
        let tokens = ["city_prefix", "city_suffix", "first_name", "last_name", "street_suffix"]
        func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
        func format(_ text: String) -> FakerFormat { FakerFormat(text, table: { tokens.firstIndex(of: $0) }) }
        self.firstNamesMale = TextTable(lines: firstNamesMale, weighted: true)
        self.firstNamesFemale = TextTable(lines: firstNamesFemale, weighted: true)
        self.lastNames = lastNames
        self.states = TextTable(lines: states, weighted: false)
        self.countries = TextTable(lines: countries, weighted: false)
        self.jobs = TextTable(lines: jobs, weighted: false)
        self.cityFormats = lines(cityFormats).map(format)
        self.streetNameFormats = lines(streetNameFormats).map(format)
        self.buildingNumberFormats = lines(buildingNumberFormats).map { Array($0.utf8) }
        self.phoneFormats = lines(phoneFormats).map { Array($0.utf8) }
        self.sexes = TextTable(lines: sexes, weighted: false)
        self.maritalStatuses = TextTable(lines: maritalStatuses, weighted: false)
        let education = TextTable(lines: educationLevels, weighted: false)
        self.educationLevels = education
        self.bachelorsFields = TextTable(lines: bachelorsFields, weighted: false)
        let college = Set(lines(collegeLevels))
        self.isCollege = (0..<education.count).map { college.contains(education.string($0)) }
        self.postcodeRange = postcodeRange
    }

    /// The weighted table `first` updated with `second`, as Python's `dict.update`: each line
    /// of `second` replaces the line of `first` with the same name where there is one, and is
    /// appended otherwise. Faker's `first_names` is this merge of the male and female names,
    /// so the generated source holds those only once.
    static func merged(_ first: String, _ second: String) -> String {
        func name(_ line: Substring) -> Substring { line.lastIndex(of: "\t").map { line[..<$0] } ?? line }
        var lines = first.split(separator: "\n")
        var position: [Substring: Int] = [:]
        for (i, line) in lines.enumerated() where position[name(line)] == nil { position[name(line)] = i }
        for line in second.split(separator: "\n") {
            if let i = position[name(line)] {
                lines[i] = line
            } else {
                position[name(line)] = lines.count
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The tables of `locale` (nil for a locale without tables).
    static func forLocale(_ locale: String) -> FakerTables? {
        locale == "en_US" ? enUS : nil
    }
}
