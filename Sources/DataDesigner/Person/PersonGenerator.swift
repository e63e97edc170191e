/// Makes `person_from_faker` values: one struct per record with the fields, names, types and
/// value rules of Data Designer's Faker-based person generator (`PeopleGenFaker`):
///
/// | field | value |
/// |---|---|
/// | `uuid` | a random version-4 UUID, 36 characters with hyphens |
/// | `locale` | the `locale` param |
/// | `first_name` | Faker's first names of the record's sex, by frequency weight |
/// | `last_name` | Faker's last names, by frequency weight |
/// | `middle_name` | always null (a NULL-typed field, as pyarrow writes a column of `None`) |
/// | `sex` | `Male` or `Female`, equally likely, or the `sex` param |
/// | `street_number` | Faker's building number: 3 to 5 digits |
/// | `street_name` | a first or last name and a street suffix (`Jamie Island`) |
/// | `city` | Faker's city formats (`East Christineshire`), or one of the `city` param |
/// | `state` | one of the 50 state names |
/// | `postcode` | five digits, 00501 ... 99950 |
/// | `age` | uniform in `age_range` (INT64) |
/// | `birth_date` | `YYYY-MM-DD` between `age + 1` and `age` years before the reference date |
/// | `country` | one of Faker's country names |
/// | `marital_status`, `education_level` | one of Data Designer's lists, equally likely |
/// | `unit` | always the empty string |
/// | `occupation` | one of Faker's jobs |
/// | `phone_number` | one of Faker's en_US phone formats, digits filled in; null below age 18 |
/// | `bachelors_field` | one of Data Designer's fields for college levels, else `no_degree` |
struct PersonGenerator {
    /// The struct's field names, in Data Designer's order.
    static let fieldNames = [
        "uuid", "locale", "first_name", "last_name", "middle_name", "sex", "street_number", "street_name",
        "city", "state", "postcode", "age", "birth_date", "country", "marital_status", "education_level",
        "unit", "occupation", "phone_number", "bachelors_field",
    ]

    /// The age from which records have a phone number.
    static let adultAge = 18

    let params: PersonParams
    let tables: FakerTables
    private let locale: [UInt8]
    private let cities: TextTable?
    private let fixedSex: Int?

    /// Nil when the locale has no tables (the config check refuses such locales first).
    init?(_ params: PersonParams) {
        guard let tables = FakerTables.forLocale(params.locale) else { return nil }
        self.params = params
        self.tables = tables
        locale = Array(params.locale.utf8)
        cities = params.cities.flatMap { $0.isEmpty ? nil : TextTable(entries: $0) }
        fixedSex = params.sex.flatMap { tables.sexes.index(of: $0) }
    }

    /// The Parquet type of the column: a struct of OPTIONAL fields, as pyarrow writes the
    /// dicts Data Designer produces (`phone_number` is NULL-typed when no age reaches 18).
    var type: GeneratedType { Self.type(maxAge: params.maxAge) }

    static func type(maxAge: Int) -> GeneratedType {
        .structure(fieldNames.map { name in
            let type: GeneratedType
            switch name {
            case "age": type = .int64
            case "middle_name": type = .null
            case "phone_number": type = maxAge < adultAge ? .null : .string
            default: type = .string
            }
            return GeneratedField(name: name, type: type)
        })
    }

    /// `count` records; birth dates count back from `reference` (the run's date).
    func generate(_ count: Int, reference: CivilDate, _ rng: inout Xoshiro256StarStar) -> StructBuffer {
        let t = tables
        let uuids = Self.uuids(count, &rng)
        var localeColumn = ByteArrayValues()
        localeColumn.reserveCapacity(values: count, bytes: count * locale.count)
        for _ in 0..<count { localeColumn.append(locale) }

        var sex = [Int](repeating: 0, count: count)
        var sexColumn = ByteArrayValues(), first = ByteArrayValues(), last = ByteArrayValues()
        for row in 0..<count {
            sex[row] = fixedSex ?? t.sexes.pick(&rng)
            t.sexes.append(sex[row], to: &sexColumn.bytes)
            sexColumn.offsets.append(sexColumn.bytes.count)
            let names = t.sexes.string(sex[row]) == "Female" ? t.firstNamesFemale : t.firstNamesMale
            names.append(names.pick(&rng), to: &first.bytes)
            first.offsets.append(first.bytes.count)
            t.lastNames.append(t.lastNames.pick(&rng), to: &last.bytes)
            last.offsets.append(last.bytes.count)
        }

        var streetNumber = ByteArrayValues(), streetName = ByteArrayValues(), city = ByteArrayValues()
        var state = ByteArrayValues(), postcode = ByteArrayValues()
        streetNumber.reserveCapacity(values: count, bytes: count * 5)
        postcode.reserveCapacity(values: count, bytes: count * 5)
        for _ in 0..<count {
            Self.numerify(t.buildingNumberFormats[Int(rng.nextBelow(UInt64(t.buildingNumberFormats.count)))], &rng,
                          to: &streetNumber.bytes)
            streetNumber.offsets.append(streetNumber.bytes.count)
            t.streetNameFormats[Int(rng.nextBelow(UInt64(t.streetNameFormats.count)))]
                .append(using: t.formatTables, &rng, to: &streetName.bytes)
            streetName.offsets.append(streetName.bytes.count)
            if let cities {
                cities.append(cities.pick(&rng), to: &city.bytes)
            } else {
                t.cityFormats[Int(rng.nextBelow(UInt64(t.cityFormats.count)))].append(using: t.formatTables, &rng, to: &city.bytes)
            }
            city.offsets.append(city.bytes.count)
            t.states.append(t.states.pick(&rng), to: &state.bytes)
            state.offsets.append(state.bytes.count)
            let code = rng.nextInt(Int64(t.postcodeRange.lowerBound), Int64(t.postcodeRange.upperBound))
            DateTimeMath.appendPadded(code, 5, to: &postcode.bytes)
            postcode.offsets.append(postcode.bytes.count)
        }

        var ages = [Int64](repeating: 0, count: count)
        var birth = ByteArrayValues()
        birth.reserveCapacity(values: count, bytes: count * 10)
        for row in 0..<count {
            let age = rng.nextInt(Int64(params.minAge), Int64(params.maxAge))
            ages[row] = age
            Self.appendBirthDate(age: age, reference: reference, &rng, to: &birth.bytes)
            birth.offsets.append(birth.bytes.count)
        }

        var country = ByteArrayValues(), marital = ByteArrayValues(), education = ByteArrayValues()
        var unit = ByteArrayValues(), occupation = ByteArrayValues(), phone = ByteArrayValues()
        var bachelors = ByteArrayValues()
        var hasPhone = [Bool](repeating: false, count: count)
        unit.offsets = [Int](repeating: 0, count: count + 1)
        let noDegree = Array("no_degree".utf8)
        for row in 0..<count {
            t.countries.append(t.countries.pick(&rng), to: &country.bytes)
            country.offsets.append(country.bytes.count)
            t.maritalStatuses.append(t.maritalStatuses.pick(&rng), to: &marital.bytes)
            marital.offsets.append(marital.bytes.count)
            let level = t.educationLevels.pick(&rng)
            t.educationLevels.append(level, to: &education.bytes)
            education.offsets.append(education.bytes.count)
            t.jobs.append(t.jobs.pick(&rng), to: &occupation.bytes)
            occupation.offsets.append(occupation.bytes.count)
            if ages[row] >= Int64(Self.adultAge) {
                hasPhone[row] = true
                Self.numerify(t.phoneFormats[Int(rng.nextBelow(UInt64(t.phoneFormats.count)))], &rng, to: &phone.bytes)
            }
            phone.offsets.append(phone.bytes.count)
            if t.isCollege[level] {
                t.bachelorsFields.append(t.bachelorsFields.pick(&rng), to: &bachelors.bytes)
            } else {
                bachelors.bytes.append(contentsOf: noDegree)
            }
            bachelors.offsets.append(bachelors.bytes.count)
        }
        let phoneColumn = params.maxAge < Self.adultAge
            ? GeneratedColumn(buffer: .null(count: count))
            : GeneratedColumn(buffer: .string(phone), valid: hasPhone.contains(false) ? hasPhone : nil)
        func c(_ b: ColumnBuffer) -> GeneratedColumn { GeneratedColumn(buffer: b) }
        let fields: [GeneratedColumn] = [
            c(.string(uuids)), c(.string(localeColumn)), c(.string(first)), c(.string(last)), c(.null(count: count)),
            c(.string(sexColumn)), c(.string(streetNumber)), c(.string(streetName)), c(.string(city)), c(.string(state)),
            c(.string(postcode)), c(.int64(ages)), c(.string(birth)), c(.string(country)), c(.string(marital)), c(.string(education)),
            c(.string(unit)), c(.string(occupation)), phoneColumn, c(.string(bachelors)),
        ]
        return StructBuffer(names: Self.fieldNames, fields: fields, count: count)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `str(uuid.uuid4())`: random version-4 UUIDs, 36 characters with hyphens.
    static func uuids(_ count: Int, _ rng: inout Xoshiro256StarStar) -> ByteArrayValues {
        var out = ByteArrayValues()
        out.reserveCapacity(values: count, bytes: count * 36)
        for _ in 0..<count {
            var high = rng.next(), low = rng.next()
            high = (high & ~0xF000) | 0x4000                             // version 4
            low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 { out.bytes.append(UInt8(ascii: "-")) }
                let word = i < 16 ? high : low
                out.bytes.append(hex[Int((word >> UInt64(60 - (i % 16) * 4)) & 0xF)])
            }
            out.offsets.append(out.bytes.count)
        }
        return out
    }

    /// Faker's `numerify`: `#` a digit, `%` a digit 1-9, `$` a digit 2-9, `!` a digit or
    /// nothing, `@` a digit 1-9 or nothing; other characters copied.
    @inline(__always)
    static func numerify(_ format: [UInt8], _ rng: inout Xoshiro256StarStar, to out: inout [UInt8]) {
        let zero = UInt8(ascii: "0")
        for c in format {
            switch c {
            case UInt8(ascii: "#"): out.append(zero + UInt8(rng.nextBelow(10)))
            case UInt8(ascii: "%"): out.append(zero + 1 + UInt8(rng.nextBelow(9)))
            case UInt8(ascii: "$"): out.append(zero + 2 + UInt8(rng.nextBelow(8)))
            case UInt8(ascii: "!"): if rng.nextBelow(2) == 1 { out.append(zero + UInt8(rng.nextBelow(10))) }
            case UInt8(ascii: "@"): if rng.nextBelow(2) == 1 { out.append(zero + 1 + UInt8(rng.nextBelow(9))) }
            default: out.append(c)
            }
        }
    }

    /// Data Designer's `convert_age_to_birth_date`: a uniform day from the reference date
    /// `age + 1` years back to `age` years back, both inclusive (February 29 becomes
    /// February 28 in a year without it, where Python would fail).
    static func appendBirthDate(age: Int64, reference: CivilDate, _ rng: inout Xoshiro256StarStar, to out: inout [UInt8]) {
        func shifted(_ years: Int64) -> Int64 {
            let year = reference.year - years
            let day = min(reference.day, DateTimeMath.daysInMonth(year, reference.month))
            return DateTimeMath.days(year: year, month: reference.month, day: day)
        }
        let start = shifted(age + 1), end = shifted(age)
        let day = start + rng.nextInt(0, end - start)
        TextFormat.appendDate(day, to: &out)
    }
}

/// A calendar date (proleptic Gregorian).
public struct CivilDate: Sendable, Equatable, CustomStringConvertible {
    public var year: Int64
    public var month: Int
    public var day: Int

    public init(year: Int64, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` (with the year zero-padded to four digits).
    public var description: String {
        var out: [UInt8] = []
        TextFormat.appendDate(DateTimeMath.days(year: year, month: month, day: day), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int64(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= DateTimeMath.daysInMonth(y, m) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

import Foundation

extension CivilDate {
    /// Today's date in the local time zone.
    public static func today() -> CivilDate { local(Date()) }

    /// The local calendar date of `date`.
    public static func local(_ date: Date) -> CivilDate {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: Int64(c.year ?? 1970), month: c.month ?? 1, day: c.day ?? 1)
    }
}

/// person_from_faker records drawn for some rows of a batch (one params set).
struct PersonChunk {
    let rows: [Int]
    let people: StructBuffer

    /// The batch's records in row order: each row takes its record from the last chunk that
    /// drew it (conditional params override earlier draws).
    static func assemble(_ chunks: [PersonChunk], rows: Int, column: String) throws -> StructBuffer {
        // One draw for every row in order (no conditional params): the chunk is the column.
        if chunks.count == 1, chunks[0].people.count == rows, chunks[0].rows.elementsEqual(0 ..< rows) {
            return chunks[0].people
        }
        guard let all = StructBuffer.concatenated(chunks.map(\.people)) else {
            throw CreateError("column '\(column)': no records were drawn")
        }
        var source = [Int32](repeating: -1, count: rows)
        var offset: Int32 = 0
        for chunk in chunks {
            for (k, row) in chunk.rows.enumerated() where row < rows { source[row] = offset + Int32(k) }
            offset += Int32(chunk.people.count)
        }
        guard !source.contains(-1) else { throw CreateError("column '\(column)': a row has no record") }
        return StructBuffer(names: all.names, fields: all.fields.map { $0.gathered(source) }, count: rows)
    }
}
