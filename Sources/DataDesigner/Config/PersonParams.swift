/// The params of a `person_from_faker` sampler, validated as Data Designer validates them.
///
/// - `locale` (default `en_US`): one of Data Designer's locales; only `en_US` is supported
///   here (the name and place tables are extracted for it), any other is refused by name.
/// - `sex`: `Male`, `Female` or null (both, equally likely).
/// - `city`: null, a city name, or a non-empty list of names (one picked per record,
///   equally likely), replacing the generated city.
/// - `age_range` (default `[18, 114]`): two integers `[min, max]`, `0 <= min < max <= 114`;
///   ages are uniform in `min ... max` (both inclusive).
public struct PersonParams: Sendable, Equatable {
    public var locale: String
    public var sex: String?
    public var cities: [String]?
    public var minAge: Int
    public var maxAge: Int

    public static let defaultAgeRange = (18, 114)
    public static let ageLimits = 0 ... 114
    /// The locales with name and place tables.
    public static let supportedLocales: Set<String> = ["en_US"]

    public init(locale: String = "en_US", sex: String? = nil, cities: [String]? = nil,
                minAge: Int = defaultAgeRange.0, maxAge: Int = defaultAgeRange.1) {
        self.locale = locale
        self.sex = sex
        self.cities = cities
        self.minAge = minAge
        self.maxAge = maxAge
    }

    /// Reads the params as the real model reads them (pydantic, lax mode).
    init(_ p: Fields) throws {
        self.init()
        locale = try p.optionalString("locale") ?? "en_US"
        if !Self.dataDesignerLocales.contains(locale) {
            throw p.error("locale", "Locale '\(locale)' is not a supported locale")
        }
        if !Self.supportedLocales.contains(locale) {
            throw p.error("locale", "locale '\(locale)' is not supported here (supported: en_US): its name and place tables are not extracted")
        }
        if let v = p.present("sex") {
            guard case .string(let s) = v, s == "Male" || s == "Female" else {
                throw p.error("sex", "sex must be 'Male', 'Female' or null, not \(v.describedForMessage)")
            }
            sex = s
        }
        switch p.present("city") {
        case nil: break
        case .string(let s)?: cities = [s]
        case .array(let items)?:
            if items.isEmpty { throw p.error("city", "city is an empty list (no city could be picked)") }
            cities = try items.map { item in
                guard case .string(let s) = item else { throw p.error("city", "city must hold only strings, found \(item.kindName)") }
                return s
            }
        case let other?:
            throw p.error("city", "city must be a string or a list of strings, not \(other.kindName)")
        }
        if let v = p.present("age_range") {
            guard case .array(let items) = v, items.count == 2 else {
                throw p.error("age_range", "'age_range' must be a list of two integers, representing the min and max age.")
            }
            let ages = try items.map { item -> Int in
                guard let i = Fields.int(item), let n = Int(exactly: i) else {
                    throw p.error("age_range", "'age_range' must be a list of two integers, not \(item.describedForMessage)")
                }
                return n
            }
            minAge = ages[0]
            maxAge = ages[1]
            let prefix = "'age_range' must be a list of two integers, representing the min and max age."
            if minAge < Self.ageLimits.lowerBound {
                throw p.error("age_range", "\(prefix) The first integer (min age) must be greater than or equal to \(Self.ageLimits.lowerBound), but the first integer provided was \(minAge).")
            }
            if maxAge > Self.ageLimits.upperBound {
                throw p.error("age_range", "\(prefix) The second integer (max age) must be less than or equal to \(Self.ageLimits.upperBound), but the second integer provided was \(maxAge).")
            }
            if minAge >= maxAge {
                throw p.error("age_range", "\(prefix) The first integer (min age) must be less than the second integer (max age), but the first integer provided was \(minAge) and the second integer provided was \(maxAge).")
            }
        }
    }

    /// The params in the real model's serialized shape (field order, defaults filled in).
    func normalized(_ p: Fields) -> [(key: String, value: ConfigValue)] {
        let city: ConfigValue
        switch p.present("city") {
        case .string(let s)?: city = .string(s)
        case .array?: city = .array((cities ?? []).map { .string($0) })
        default: city = .null
        }
        return [("locale", .string(locale)), ("sex", sex.map { .string($0) } ?? .null), ("city", city),
                ("age_range", .array([.int(Int64(minAge)), .int(Int64(maxAge))]))]
    }

    /// The locales Data Designer accepts for `person_from_faker` (its `AVAILABLE_LOCALES`).
    static let dataDesignerLocales: Set<String> = [
        "ar_AA", "ar_AE", "ar_BH", "ar_EG", "ar_JO", "ar_PS", "ar_SA", "az_AZ", "bg_BG", "bn_BD", "bs_BA",
        "cs_CZ", "da_DK", "de", "de_AT", "de_CH", "de_DE", "dk_DK", "el_CY", "el_GR", "en", "en_AU", "en_BD",
        "en_CA", "en_GB", "en_IE", "en_IN", "en_NZ", "en_PH", "en_TH", "en_US", "es", "es_AR", "es_CA",
        "es_CL", "es_CO", "es_ES", "es_MX", "et_EE", "fa_IR", "fi_FI", "fil_PH", "fr_BE", "fr_CA", "fr_CH",
        "fr_FR", "ga_IE", "he_IL", "hi_IN", "hr_HR", "hu_HU", "hy_AM", "id_ID", "it_CH", "it_IT", "ja_JP",
        "ka_GE", "ko_KR", "la", "lb_LU", "lt_LT", "lv_LV", "mt_MT", "ne_NP", "nl_BE", "nl_NL", "no_NO",
        "or_IN", "pl_PL", "pt_BR", "pt_PT", "ro_RO", "ru_RU", "sk_SK", "sl_SI", "sq_AL", "sv_SE", "ta_IN",
        "th", "th_TH", "tl_PH", "tr_TR", "tw_GH", "uk_UA", "vi_VN", "zh_CN", "zh_TW", "zu_ZA",
    ]
}
