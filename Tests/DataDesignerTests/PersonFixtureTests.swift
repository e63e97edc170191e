import Foundation
import XCTest
import Parquet
@testable import DataDesigner

/// `person_from_faker` against the real tool: the struct's fields and Parquet types exactly,
/// every real sample value producible from our tables, and field frequencies within
/// sampling error (Fixtures/datadesigner/expected/person_faker).
final class PersonFixtureTests: XCTestCase {
    private static let rows = 20_000
    private static let reference = CivilDate(year: 2026, month: 12, day: 2)

    private struct Fixture {
        let plan: GenerationPlan
        let batch: RecordBatch
        let summary: [String: Any]
    }

    nonisolated(unsafe) private static let fixture: Result<Fixture, Error> = Result {
        let plan = try GenerationPlan(config: DDFixtures.load("person_faker"))
        let batch = try BatchGenerator(plan: plan, seed: 77, referenceDate: reference).generate(batch: 0, rows: rows).records
        let summary = try XCTUnwrap(DDFixtures.json("person_faker", "summary.json") as? [String: Any])
        return Fixture(plan: plan, batch: batch, summary: summary)
    }

    private func load() throws -> Fixture { try Self.fixture.get() }

    private func columns(_ f: Fixture) throws -> [String: [String: Any]] {
        try XCTUnwrap(f.summary["columns"] as? [String: [String: Any]])
    }

    /// Our records of struct column `column`, as dictionaries of field → value.
    private func records(_ f: Fixture, _ column: String) throws -> [[String: Any?]] {
        var fields: [String: [Any?]] = [:]
        for name in PersonGenerator.fieldNames { fields[name] = try DDFixtures.values(f.batch, "\(column).\(name)") }
        return (0..<f.batch.numRows).map { r in
            var d: [String: Any?] = [:]
            for name in PersonGenerator.fieldNames { d[name] = fields[name]?[r] ?? nil }
            return d
        }
    }

    func testSchemaIsTheRealToolsStruct() throws {
        let f = try load()
        let expected = try DDFixtures.schema("person_faker")
        let ours = DDFixtures.describe(f.plan.schema)
        XCTAssertEqual(ours.map(\.0), expected.map(\.0))
        for (a, b) in zip(ours, expected) {
            XCTAssertEqual(a.1, b.1, a.0)
            XCTAssertEqual(a.2, b.2, a.0)
            XCTAssertEqual(a.3, b.3, a.0)
        }
        // Fields in Data Designer's order; phone_number is NULL-typed where no age reaches 18.
        let fieldsOfReal = try XCTUnwrap(try columns(f)["person"]?["fields"] as? [String])
        XCTAssertEqual(fieldsOfReal, PersonGenerator.fieldNames)
        XCTAssertEqual(ours.first { $0.0 == "child.phone_number" }?.2, "Null")
        XCTAssertEqual(ours.first { $0.0 == "person.phone_number" }?.2, "String")
        XCTAssertEqual(f.plan.schema.fields.map(\.repetition), [.optional, .optional, .optional])
    }

    /// Each table's entries as a set (membership checks).
    private static let sets: [String: Set<String>] = {
        let t = FakerTables.enUS
        func set(_ table: TextTable) -> Set<String> { Set((0..<table.count).map(table.string)) }
        var out: [String: Set<String>] = [
            "Male": set(t.firstNamesMale), "Female": set(t.firstNamesFemale), "last_name": set(t.lastNames),
            "state": set(t.states), "country": set(t.countries), "marital_status": set(t.maritalStatuses),
            "education_level": set(t.educationLevels), "occupation": set(t.jobs), "bachelors_field": set(t.bachelorsFields),
        ]
        for (k, table) in t.formatTables.enumerated() { out["format\(k)"] = set(table) }
        return out
    }()

    /// Checks one record (ours or the real tool's) against the sampler's rules and tables.
    private func validate(_ p: [String: Any?], params: PersonParams, reference: CivilDate, who: String) {
        let t = FakerTables.enUS
        func text(_ k: String) -> String? { p[k] as? String }
        func has(_ set: String, _ k: String) -> Bool { text(k).map { Self.sets[set]?.contains($0) == true } ?? false }
        let sex = text("sex") ?? ""
        XCTAssertTrue(params.sex.map { $0 == sex } ?? ["Male", "Female"].contains(sex), "\(who): sex \(sex)")
        XCTAssertTrue(has(sex, "first_name"), "\(who): first_name \(text("first_name") ?? "nil")")
        XCTAssertTrue(has("last_name", "last_name"), "\(who): last_name")
        XCTAssertNil(p["middle_name"] ?? nil, "\(who): middle_name")
        XCTAssertEqual(text("locale"), "en_US")
        XCTAssertEqual(text("unit"), "")
        let uuid = text("uuid") ?? ""
        XCTAssertNotNil(uuid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression), "\(who): uuid \(uuid)")
        let number = text("street_number") ?? ""
        XCTAssertTrue((3...5).contains(number.count) && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber), "\(who): street_number")
        XCTAssertTrue(matches(text("street_name") ?? "", t.streetNameFormats), "\(who): street_name \(text("street_name") ?? "")")
        if let cities = params.cities {
            XCTAssertTrue(cities.contains(text("city") ?? ""), "\(who): city")
        } else {
            XCTAssertTrue(matches(text("city") ?? "", t.cityFormats), "\(who): city \(text("city") ?? "")")
        }
        XCTAssertTrue(has("state", "state"), "\(who): state")
        let postcode = text("postcode") ?? ""
        XCTAssertTrue(postcode.utf8.count == 5 && Int(postcode).map { t.postcodeRange.contains($0) } == true, "\(who): postcode \(postcode)")
        XCTAssertTrue(has("country", "country"), "\(who): country \(text("country") ?? "")")
        XCTAssertTrue(has("marital_status", "marital_status"), "\(who): marital_status")
        XCTAssertTrue(has("education_level", "education_level"), "\(who): education_level")
        XCTAssertTrue(has("occupation", "occupation"), "\(who): occupation \(text("occupation") ?? "")")
        let college = ["bachelors", "graduate", "doctorate"].contains(text("education_level") ?? "")
        if college {
            XCTAssertTrue(has("bachelors_field", "bachelors_field"), "\(who): bachelors_field")
        } else {
            XCTAssertEqual(text("bachelors_field"), "no_degree", who)
        }
        let age = (p["age"] as? Int64).map(Int.init) ?? (p["age"] as? Int) ?? -1
        XCTAssertTrue((params.minAge ... params.maxAge).contains(age), "\(who): age \(age)")
        if age >= 18 {
            let phone = text("phone_number") ?? ""
            XCTAssertTrue(t.phoneFormats.contains { Self.fits(phone, $0) }, "\(who): phone_number \(phone)")
        } else {
            XCTAssertNil(p["phone_number"] ?? nil, "\(who): a minor's phone_number")
        }
        // birth_date: between age + 1 and age years before the reference date.
        guard let birth = text("birth_date").flatMap(CivilDate.init) else { return XCTFail("\(who): birth_date") }
        func days(_ d: CivilDate) -> Int64 { DateTimeMath.days(year: d.year, month: d.month, day: d.day) }
        func back(_ years: Int) -> Int64 {
            let y = reference.year - Int64(years)
            return DateTimeMath.days(year: y, month: reference.month, day: min(reference.day, DateTimeMath.daysInMonth(y, reference.month)))
        }
        XCTAssertTrue(days(birth) >= back(age + 1) && days(birth) <= back(age), "\(who): born \(birth) at age \(age)")
    }

    private static func fits(_ value: String, _ format: [UInt8]) -> Bool {
        let v = Array(value.utf8)
        guard v.count == format.count else { return false }
        for (c, f) in zip(v, format) {
            switch f {
            case UInt8(ascii: "#"): if !(c >= 0x30 && c <= 0x39) { return false }
            case UInt8(ascii: "$"): if !(c >= 0x32 && c <= 0x39) { return false }
            default: if c != f { return false }
            }
        }
        return true
    }

    /// Whether `value` is producible by one of `formats` from the tables.
    private func matches(_ value: String, _ formats: [FakerFormat]) -> Bool {
        let chars = Array(value)
        func fits(_ at: Int, _ pieces: ArraySlice<FakerFormat.Piece>) -> Bool {
            guard let piece = pieces.first else { return at == chars.count }
            switch piece {
            case .literal(let lit):
                let l = Array(String(decoding: lit, as: UTF8.self))
                guard at + l.count <= chars.count, Array(chars[at ..< at + l.count]) == l else { return false }
                return fits(at + l.count, pieces.dropFirst())
            case .table(let k):
                guard let set = Self.sets["format\(k)"], at < chars.count else { return false }
                for end in (at + 1) ... chars.count where set.contains(String(chars[at ..< end])) {
                    if fits(end, pieces.dropFirst()) { return true }
                }
                return false
            }
        }
        return formats.contains { fits(0, $0.pieces[...]) }
    }

    private static let params: [String: PersonParams] = [
        "person": PersonParams(),
        "young_woman": PersonParams(sex: "Female", cities: ["Springfield", "Shelbyville"], minAge: 10, maxAge: 30),
        "child": PersonParams(sex: "Male", cities: ["Ogdenville"], minAge: 0, maxAge: 12),
    ]

    func testConfigParamsAreReadAsWritten() throws {
        let config = try DDFixtures.load("person_faker")
        for column in config.columns {
            guard case .sampler(.personFromFaker(let p)) = column.kind else { return XCTFail(column.name) }
            XCTAssertEqual(p, Self.params[column.name], column.name)
        }
    }

    func testRealSampleValuesComeFromOurTables() throws {
        let f = try load()
        let generatedOn = try XCTUnwrap((f.summary["generated_on"] as? String).flatMap(CivilDate.init))
        for (column, stats) in try columns(f) {
            let sample = try XCTUnwrap(stats["sample"] as? [[String: Any]])
            XCTAssertGreaterThan(sample.count, 100)
            for (i, person) in sample.enumerated() {
                var p: [String: Any?] = [:]
                for (k, v) in person { p.updateValue(v is NSNull ? nil : Optional(v), forKey: k) }
                validate(p, params: try XCTUnwrap(Self.params[column]), reference: generatedOn, who: "real \(column)[\(i)]")
            }
        }
    }

    func testOurValuesFollowTheRules() throws {
        let f = try load()
        for (column, params) in Self.params {
            for (i, p) in try records(f, column).prefix(1500).enumerated() {
                validate(p, params: params, reference: Self.reference, who: "\(column)[\(i)]")
            }
        }
    }

    func testFrequenciesMatchTheRealTool() throws {
        let f = try load()
        for (column, stats) in try columns(f) {
            let n1 = try XCTUnwrap(stats["n"] as? Int)
            let frequencies = try XCTUnwrap(stats["frequencies"] as? [String: [String: Double]])
            let ours = try records(f, column)
            func key(_ p: [String: Any?], _ feature: String) -> String? {
                func s(_ k: String) -> String? { p[k] as? String }
                switch feature {
                case "age": return (p["age"] as? Int64).map { String($0) }
                case "phone_number/shape":
                    return s("phone_number").map { String($0.map { $0.isNumber ? "#" : $0 }) }
                case "phone_number/null": return (p["phone_number"] ?? nil) == nil ? "true" : "false"
                case "street_number/length": return s("street_number").map { String($0.count) }
                case "postcode/first": return s("postcode").map { String($0.prefix(1)) }
                case "city/words": return s("city").map { String($0.split(separator: " ", omittingEmptySubsequences: false).count) }
                case "first_name/Male": return s("sex") == "Male" ? s("first_name") : nil
                case "first_name/Female": return s("sex") == "Female" ? s("first_name") : nil
                default: return s(feature)
                }
            }
            for (feature, expected) in frequencies {
                var counts: [String: Int] = [:]
                var total = 0
                for p in ours {
                    guard let k = key(p, feature) else { continue }
                    counts[k, default: 0] += 1
                    total += 1
                }
                if expected.isEmpty { continue }
                let n2 = feature.hasPrefix("first_name/") ? total : ours.count
                let sexShare = frequencies["sex"]?[String(feature.dropFirst("first_name/".count))] ?? 0
                let realTotal = feature.hasPrefix("first_name/") ? max(1, Int(Double(n1) * sexShare)) : n1
                for (value, p1) in expected {
                    let denominator = feature == "phone_number/shape" ? max(total, 1) : max(n2, 1)
                    let mine = Double(counts[value] ?? 0) / Double(denominator)
                    XCTAssertTrue(DDFixtures.agree(mine, denominator, p1, realTotal),
                                  "\(column) \(feature)=\(value): \(mine) here, \(p1) in the real tool")
                }
            }
        }
    }

    func testTablesAreTheGeneratedOnesByHash() {
        let tables: [String: String] = [
            "firstNames": FakerTables.merged(FakerTablesEnUS.firstNamesMale, FakerTablesEnUS.firstNamesFemale), "firstNamesMale": FakerTablesEnUS.firstNamesMale,
            "firstNamesFemale": FakerTablesEnUS.firstNamesFemale, "lastNames": FakerTablesEnUS.lastNames,
            "cityPrefixes": FakerTablesEnUS.cityPrefixes, "citySuffixes": FakerTablesEnUS.citySuffixes,
            "streetSuffixes": FakerTablesEnUS.streetSuffixes, "states": FakerTablesEnUS.states,
            "countries": FakerTablesEnUS.countries, "jobs": FakerTablesEnUS.jobs, "cityFormats": FakerTablesEnUS.cityFormats,
            "streetNameFormats": FakerTablesEnUS.streetNameFormats, "buildingNumberFormats": FakerTablesEnUS.buildingNumberFormats,
            "phoneFormats": FakerTablesEnUS.phoneFormats, "sexes": FakerTablesEnUS.sexes,
            "maritalStatuses": FakerTablesEnUS.maritalStatuses, "educationLevels": FakerTablesEnUS.educationLevels,
            "bachelorsFields": FakerTablesEnUS.bachelorsFields, "collegeLevels": FakerTablesEnUS.collegeLevels,
        ]
        XCTAssertEqual(Set(tables.keys), Set(FakerTablesEnUS.sha256.keys))
        for (name, text) in tables {
            XCTAssertEqual(SHA256.hexDigest(of: text), FakerTablesEnUS.sha256[name], name)
        }
        let t = FakerTables.enUS
        XCTAssertEqual(t.states.count, 50)
        XCTAssertEqual(t.phoneFormats.count, 25)
        XCTAssertEqual(t.firstNamesMale.count + t.firstNamesFemale.count, 703)
    }

    func testBirthDateOnFebruary29() {
        var rng = Xoshiro256StarStar(seed: 1)
        var out: [UInt8] = []
        let leapDay = CivilDate(year: 2024, month: 2, day: 29)
        for _ in 0..<200 {
            out.removeAll()
            PersonGenerator.appendBirthDate(age: 1, reference: leapDay, &rng, to: &out)
            let birth = String(decoding: out, as: UTF8.self)
            XCTAssertTrue(birth >= "2022-02-28" && birth <= "2023-02-28", birth)
        }
    }

    func testStructReachesTemplatesAsADict() throws {
        func text(_ s: String) -> ColumnBuffer { .string(ByteArrayValues(offsets: [0, s.utf8.count], bytes: Array(s.utf8))) }
        let s = StructBuffer(names: ["name", "middle", "age", "ok", "q"],
                             fields: [GeneratedColumn(buffer: text("Ann")), GeneratedColumn(buffer: .null(count: 1)),
                                      GeneratedColumn(buffer: .int64([31])), GeneratedColumn(buffer: .boolean([true])),
                                      GeneratedColumn(buffer: text("it's"))],
                             count: 1)
        let column = GeneratedColumn(buffer: .structure(s))
        XCTAssertEqual(RowVariables.cell(column, row: 0, json: true).str,
                       #"{'name': 'Ann', 'middle': None, 'age': 31, 'ok': True, 'q': "it's"}"#)
        let template = try CompiledTemplate("{{ p.name }} ({{ p['age'] + 1 }}){{ ' ' ~ p.middle if p.middle }}", engine: .secure)
        var vars = RowVariables(columns: [column], references: template.references.map { _ in 0 }, json: true)
        var rng = Xoshiro256StarStar(seed: 0)
        var out: [UInt8] = []
        try template.render(&vars, limits: TemplateLimits(maxCellBytes: 1 << 20, maxLoopIterations: 1000), random: &rng, into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "Ann (32)")
    }
}
