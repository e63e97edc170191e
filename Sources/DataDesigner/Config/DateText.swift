/// Date and time text the way the real tool's parser (`pandas.to_datetime`, dateutil rules)
/// reads it, for the forms configs use:
///
/// - ISO: `2024-01-31`, `2024-01-31T09:30`, `2024-01-31 09:30:15.25`, with `Z`, `UTC` or an
///   offset (`+02:00`, `-0500`; converted to UTC); `/` or `.` as the date separator;
/// - compact `20240131` (and `20240131T093000`), a year `2024`, a month `2024-01`;
/// - month names: `Jan 31 2024`, `January 31, 2024`, `31 January 2024`, `Jan 2024`, weekday
///   names, 12-hour times with `AM`/`PM`; `%c` text (`Fri Dec 21 00:00:00 2012`);
/// - numeric dates `12/21/2012`, `21/12/2012`, `12/21/12` (month first unless impossible);
/// - a time alone (`13:05`, `13:05:09`), which pandas puts on today's date.
///
/// Anything else is refused, as pandas refuses it; so is a plain number below 1000 (pandas
/// says such text is "not likely a datetime").
public struct DateText: Sendable, Equatable {
    public var year: Int?
    public var month: Int?
    public var day: Int?
    public var hour = 0, minute = 0, second = 0
    public var nanosecond = 0
    /// The UTC offset in seconds when the text had one.
    public var offsetSeconds: Int?

    /// Seconds since 1970-01-01T00:00:00 UTC, floored (as `Timestamp.value // 10**9`); nil
    /// without a year. A missing month or day is 1.
    public var epochSeconds: Int64? {
        guard let year else { return nil }
        let days = DateTimeMath.days(year: Int64(year), month: month ?? 1, day: day ?? 1)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds ?? 0)
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
                           "thursday", "friday", "saturday", "sunday", "tues", "thur", "thurs", "wednes"]
    static let skipWords: Set<String> = ["at", "on", "and", "ad", "of", "st", "nd", "rd", "th", "t"]

    private enum Token: Equatable {
        case number(String)
        case word(String)
        case sep(Character)
    }

    /// Parses `text`; nil when pandas would refuse it.
    public static func parse(_ text: String) -> DateText? {
        let t = PythonText.strip(text, chars: nil)
        if let d = Double(t), d < 1000, !t.contains(where: { $0 == "-" || $0 == "/" || $0 == ":" }) || d.isNaN {
            return nil
        }
        guard !t.isEmpty, t.utf8.count <= 200 else { return nil }
        var tokens: [Token] = []
        var i = t.startIndex
        while i < t.endIndex {
            let c = t[i]
            if c.isASCII && c.isNumber {
                var j = i
                while j < t.endIndex, t[j].isASCII, t[j].isNumber { j = t.index(after: j) }
                tokens.append(.number(String(t[i..<j])))
                i = j
            } else if c.isLetter {
                var j = i
                while j < t.endIndex, t[j].isLetter { j = t.index(after: j) }
                tokens.append(.word(t[i..<j].lowercased()))
                i = j
            } else if " -/.,:+T'".contains(c) || c == "\t" {
                tokens.append(.sep(c))
                i = t.index(after: i)
            } else {
                return nil
            }
        }
        return resolve(tokens)
    }

    private static func resolve(_ tokens: [Token]) -> DateText? {
        var r = DateText()
        var dateNumbers: [(String, Character?)] = []  // value and the separator before it
        var monthFromName: Int?
        var ampm: String?
        var k = 0
        var sawTime = false
        var previousSep: Character?
        func num(_ s: String) -> Int? { s.count <= 9 ? Int(s) : nil }
        while k < tokens.count {
            switch tokens[k] {
            case .sep(let c):
                previousSep = c
                // An offset: + or - followed by digits after a time.
                if (c == "+" || c == "-"), sawTime, k + 1 < tokens.count, case .number(let h) = tokens[k + 1] {
                    var minutes = 0
                    var hours = 0
                    if h.count == 4, let v = num(h) { hours = v / 100; minutes = v % 100; k += 2 }
                    else if h.count <= 2, let v = num(h) {
                        hours = v
                        k += 2
                        if k + 1 < tokens.count, tokens[k] == .sep(":"), case .number(let m) = tokens[k + 1], let mv = num(m) {
                            minutes = mv
                            k += 2
                        }
                    } else { return nil }
                    guard hours < 24, minutes < 60 else { return nil }
                    r.offsetSeconds = (c == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
                    previousSep = nil
                    continue
                }
                k += 1
            case .word(let w):
                if let m = months.firstIndex(of: w) ?? monthNames.firstIndex(of: w) ?? (w == "sept" ? 8 : nil) {
                    guard monthFromName == nil else { return nil }
                    monthFromName = m + 1
                } else if weekdays.contains(w) {
                    // ignored, as dateutil does
                } else if w == "am" || w == "pm" || w == "a" || w == "p" {
                    guard sawTime || (k > 0 && { if case .number = tokens[k - 1] { return true } else { return false } }()) else { return nil }
                    if !sawTime, case .number(let h) = tokens[k - 1], let hv = num(h), hv <= 12 {
                        // "9 PM": the hour is the last date number
                        if let last = dateNumbers.last, last.0 == h { dateNumbers.removeLast() }
                        r.hour = hv
                        sawTime = true
                    }
                    ampm = w.hasPrefix("a") ? "am" : "pm"
                } else if w == "z" || w == "utc" || w == "gmt" {
                    r.offsetSeconds = 0
                } else if w == "t" || skipWords.contains(w) {
                    // a separator word
                } else {
                    return nil
                }
                k += 1
            case .number(let s):
                // A time: number ':' number [':' number ['.' number]]
                if k + 2 < tokens.count, tokens[k + 1] == .sep(":"), case .number(let m) = tokens[k + 2] {
                    guard !sawTime, s.count <= 2, m.count <= 2, let h = num(s), let mi = num(m), h < 24, mi < 60 else { return nil }
                    r.hour = h
                    r.minute = mi
                    k += 3
                    if k + 1 < tokens.count, tokens[k] == .sep(":"), case .number(let sec) = tokens[k + 1] {
                        guard sec.count <= 2, let sv = num(sec), sv < 60 else { return nil }
                        r.second = sv
                        k += 2
                        if k + 1 < tokens.count, tokens[k] == .sep("."), case .number(let frac) = tokens[k + 1] {
                            var digits = String(frac.prefix(9))
                            while digits.count < 9 { digits += "0" }
                            r.nanosecond = Int(digits) ?? 0
                            k += 2
                        }
                    }
                    sawTime = true
                    continue
                }
                // Compact forms.
                if dateNumbers.isEmpty, monthFromName == nil, s.count == 8 || s.count == 6 || s.count == 14 {
                    let digits = Array(s)
                    func part(_ a: Int, _ b: Int) -> Int { Int(String(digits[a..<b])) ?? -1 }
                    if s.count == 6 {
                        // YYMMDD (dateutil), or HHMMSS right after 'T'
                        if previousSep == "T" || (k > 0 && tokens[k - 1] == .word("t")) {
                            r.hour = part(0, 2); r.minute = part(2, 4); r.second = part(4, 6)
                            guard r.hour < 24, r.minute < 60, r.second < 60 else { return nil }
                            sawTime = true
                        } else {
                            let yy = part(0, 2)
                            r.year = yy < 69 ? 2000 + yy : 1900 + yy  // two-digit years as Python's %y
                            r.month = part(2, 4); r.day = part(4, 6)
                        }
                    } else {
                        r.year = part(0, 4); r.month = part(4, 6); r.day = part(6, 8)
                        if s.count == 14 {
                            r.hour = part(8, 10); r.minute = part(10, 12); r.second = part(12, 14)
                            guard r.hour < 24, r.minute < 60, r.second < 60 else { return nil }
                            sawTime = true
                        }
                    }
                    k += 1
                    if k + 1 < tokens.count, tokens[k] == .word("t") || tokens[k] == .sep("T"), case .number(let hms) = tokens[k + 1], hms.count == 6 {
                        let d = Array(hms)
                        r.hour = Int(String(d[0..<2])) ?? 99; r.minute = Int(String(d[2..<4])) ?? 99; r.second = Int(String(d[4..<6])) ?? 99
                        guard r.hour < 24, r.minute < 60, r.second < 60 else { return nil }
                        sawTime = true
                        k += 2
                    }
                    continue
                }
                // A number right after the time's seconds ('.' fraction) was handled; others are date parts.
                guard s.count <= 4 || s.count == 8 else { return nil }
                dateNumbers.append((s, previousSep))
                k += 1
            }
        }
        if let ampm {
            guard r.hour >= 1 || sawTime, r.hour <= 12 else { return nil }
            if ampm == "pm" && r.hour < 12 { r.hour += 12 }
            if ampm == "am" && r.hour == 12 { r.hour = 0 }
        }
        // Assign year / month / day.
        if r.year == nil {
            let values = dateNumbers.map { $0.0 }
            guard values.count <= 3 else { return nil }
            var ints = values.compactMap { Int($0) }
            guard ints.count == values.count else { return nil }
            if let m = monthFromName {
                r.month = m
                switch ints.count {
                case 0: break
                case 1:
                    if values[0].count == 4 || ints[0] > 31 { r.year = ints[0] } else { r.day = ints[0] }
                case 2:
                    if values[0].count == 4 || ints[0] > 31 { r.year = ints[0]; r.day = ints[1] } else { r.day = ints[0]; r.year = ints[1] }
                default: return nil
                }
                if let y = r.year, values.count == 2 || values.count == 1, let idx = ints.firstIndex(of: y), values[idx].count == 2 {
                    r.year = y < 69 ? 2000 + y : 1900 + y
                }
            } else {
                switch ints.count {
                case 0:
                    guard sawTime else { return nil }
                case 1:
                    guard values[0].count == 4 else { return nil }
                    r.year = ints[0]
                case 2:
                    if values[0].count == 4 { r.year = ints[0]; r.month = ints[1] } else if values[1].count == 4 { r.month = ints[0]; r.year = ints[1] } else { return nil }
                default:
                    if values[0].count == 4 {
                        r.year = ints[0]; r.month = ints[1]; r.day = ints[2]
                    } else {
                        var (m, d, y) = (ints[0], ints[1], ints[2])
                        if m > 12 && d <= 12 { swap(&m, &d) }
                        if values[2].count <= 2 { y = y < 69 ? 2000 + y : 1900 + y }
                        r.month = m; r.day = d; r.year = y
                    }
                }
                ints.removeAll()
            }
        } else if !dateNumbers.isEmpty || monthFromName != nil {
            return nil
        }
        if let m = r.month, !(1...12).contains(m) { return nil }
        if let d = r.day {
            guard d >= 1, d <= (r.month.map { DateTimeMath.daysInMonth(Int64(r.year ?? 2000), $0) } ?? 31) else { return nil }
        }
        if let y = r.year, !(1...9999).contains(y) { return nil }
        return r
    }
}
