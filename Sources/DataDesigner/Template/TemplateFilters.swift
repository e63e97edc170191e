import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's and numpy's rounding.
enum PythonRound {
    /// Python `round(x, ndigits)`: the double nearest to `x` rounded to `ndigits` decimals,
    /// ties to even on the exact binary value (CPython rounds through correctly rounded
    /// decimal text; so does C's `printf`, used here).
    static func round(_ x: Double, _ ndigits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        if ndigits > 320 { return x }
        if ndigits >= 0 {
            return Double(formatFixed(x, ndigits)) ?? x
        }
        // Negative digits: round the exact decimal expansion at 10^-ndigits, ties to even.
        let k = -ndigits
        if k > 308 { return copysign(0, x) }
        let text = formatFixed(abs(x), 60)
        let parts = text.split(separator: ".", maxSplits: 1)
        var intDigits = Array(parts[0].utf8).map { Int($0) - 48 }
        let frac = parts.count > 1 ? Array(parts[1].utf8) : []
        let fracNonZero = frac.contains { $0 != UInt8(ascii: "0") }
        if intDigits.count < k {
            // |x| < 10^k: the result is 0 unless |x| > half of 10^k (then 10^k).
            intDigits = [Int](repeating: 0, count: k - intDigits.count) + intDigits
        }
        let cut = intDigits.count - k
        let kept = Array(intDigits[0..<cut])
        let dropped = Array(intDigits[cut...])
        var roundUp = false
        if let first = dropped.first {
            if first > 5 {
                roundUp = true
            } else if first == 5 {
                let restNonZero = dropped.dropFirst().contains { $0 != 0 } || fracNonZero
                roundUp = restNonZero || ((kept.last ?? 0) % 2 == 1)
            }
        }
        var value = 0.0
        for d in kept { value = value * 10 + Double(d) }
        if roundUp { value += 1 }
        let result = value * Foundation.pow(10, Double(k))
        return x < 0 ? -result : result
    }

    /// `"%.*f"` of `x`.
    static func formatFixed(_ x: Double, _ digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 400 + digits)
        let n = withVaList([Int32(digits), x]) { args in
            vsnprintf(&buffer, buffer.count, "%.*f", args)
        }
        guard n >= 0, Int(n) < buffer.count else { return String(x) }
        return String(decoding: buffer[0 ..< Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// numpy's `round(x, decimals)` (pandas `Series.round`): `rint(x * 10^d) / 10^d`
    /// (`rint(x / 10^-d) * 10^-d` for negative `d`), ties to even after the scaling.
    static func numpy(_ x: Double, _ decimals: Int) -> Double {
        if decimals >= 0 {
            let f = Foundation.pow(10, Double(min(decimals, 400)))
            let y = (x * f).rounded(.toNearestOrEven) / f
            return y.isNaN && !x.isNaN ? x : y
        }
        let f = Foundation.pow(10, Double(min(-decimals, 400)))
        return (x / f).rounded(.toNearestOrEven) * f
    }
}

extension TemplateRuntime {
    /// A keyword or positional argument `index` named `name`.
    private func arg(_ args: [TemplateValue], _ kwargs: [(String, TemplateValue)], _ index: Int, _ name: String) -> TemplateValue? {
        if let kw = kwargs.first(where: { $0.0 == name }) { return kw.1 }
        return index < args.count ? args[index] : nil
    }

    private func intArg(_ v: TemplateValue?, _ name: String, default d: Int) throws -> Int {
        guard let v else { return d }
        guard case .int(let i)? = v.numeric, !v.isFloatValue else { throw Self.fail("'\(name)' must be an integer") }
        return Int(clamping: i)
    }

    private func sortKey(_ v: TemplateValue, caseSensitive: Bool) -> TemplateValue {
        if !caseSensitive, case .string(let s) = v { return .string(s.lowercased()) }
        return v
    }

    private func attribute(_ v: TemplateValue, _ attr: TemplateValue?) throws -> TemplateValue {
        guard let attr, case .string(let path) = attr else { return v }
        var cur = v
        for part in path.split(separator: ".") {
            if let i = Int64(part) { cur = try Self.getitem(cur, .int(i)) } else { cur = try Self.getattr(cur, String(part)) }
        }
        return cur
    }

    /// Applies filter `name` (Jinja2 semantics).
    mutating func applyFilter(_ name: String, _ v: TemplateValue, _ args: [TemplateValue],
                              _ kwargs: [(String, TemplateValue)]) throws -> TemplateValue {
        switch name {
        case "abs":
            switch v.numeric {
            case .int(let i)?:
                guard i != Int64.min else { throw Self.fail("integer overflow") }
                return .int(abs(i))
            case .float(let d)?: return .float(abs(d))
            case nil: throw Self.undefinedOr(v, "bad operand type for abs(): '\(v.typeName)'")
            }
        case "capitalize": return .string(PythonText.capitalize(v.str))
        case "lower": return .string(PythonText.lower(v.str))
        case "upper": return .string(PythonText.upper(v.str))
        case "title": return .string(PythonText.jinjaTitle(v.str))
        case "trim":
            let chars = arg(args, kwargs, 0, "chars")
            return .string(PythonText.strip(v.str, chars: chars.flatMap { $0.isNone ? nil : $0.str }))
        case "string": return .string(v.str)
        case "escape", "e", "forceescape":
            var out = ""
            for c in v.str.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&#34;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(c)
                }
            }
            return .string(out)
        case "replace":
            guard let old = arg(args, kwargs, 0, "old"), let new = arg(args, kwargs, 1, "new") else {
                throw Self.fail("replace() needs the old and the new text")
            }
            let count = try intArg(arg(args, kwargs, 2, "count").flatMap { $0.isNone ? nil : $0 }, "count", default: -1)
            try checkReplaceSize(v.str, old.str, new.str, count)
            return .string(PythonText.replace(v.str, old.str, new.str, count: count))
        case "length", "count":
            switch v {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .list(let a), .tuple(let a): return .int(Int64(a.count))
            case .dict(let d): return .int(Int64(d.count))
            case .undefined: return .int(0)
            default: throw Self.fail("object of type '\(v.typeName)' has no len()")
            }
        case "first":
            return try iterate(v).first ?? .undefined
        case "last":
            if case .undefined = v { return .undefined }
            return try iterate(v).last ?? .undefined
        case "list":
            return .list(try iterate(v))
        case "int":
            let fallback = arg(args, kwargs, 0, "default") ?? .int(0)
            let base = try intArg(arg(args, kwargs, 1, "base"), "base", default: 10)
            return try Self.toInt(v, base: base) ?? fallback
        case "float":
            let fallback = arg(args, kwargs, 0, "default") ?? .float(0)
            return Self.toFloat(v).map { .float($0) } ?? fallback
        case "round":
            let precision = try intArg(arg(args, kwargs, 0, "precision"), "precision", default: 0)
            let method = arg(args, kwargs, 1, "method")?.str ?? "common"
            guard let n = v.numeric else { throw Self.undefinedOr(v, "type \(v.typeName) doesn't define __round__ method") }
            switch method {
            case "common":
                if case .int(let i) = n {
                    if precision >= 0 { return .int(i) }
                    return .int(Int64(PythonRound.round(Double(i), precision)))
                }
                return .float(PythonRound.round(n.double, precision))
            case "floor", "ceil":
                let f = Foundation.pow(10, Double(precision))
                let scaled = n.double * f
                return .float((method == "floor" ? scaled.rounded(.down) : scaled.rounded(.up)) / f)
            default:
                throw Self.fail("method must be common, ceil or floor")
            }
        case "reverse":
            if case .string(let s) = v {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s.unicodeScalars.reversed())
                return .string(String(view))
            }
            return .list(try iterate(v).reversed())
        case "sort":
            let reverse = arg(args, kwargs, 0, "reverse")?.isTruthy ?? false
            let caseSensitive = arg(args, kwargs, 1, "case_sensitive")?.isTruthy ?? false
            let attr = arg(args, kwargs, 2, "attribute")
            let items = try iterate(v)
            let keys = try items.map { sortKey(try attribute($0, attr), caseSensitive: caseSensitive) }
            var failure: TemplateFailure?
            let order = Array(items.indices).sorted { i, j in
                guard let o = TemplateValue.pyCompare(keys[i], keys[j]) else {
                    failure = Self.fail("'<' not supported between instances of '\(keys[i].typeName)' and '\(keys[j].typeName)'")
                    return i < j
                }
                switch o {
                case .less: return !reverse
                case .greater: return reverse
                default: return i < j
                }
            }
            if let failure { throw failure }
            return .list(order.map { items[$0] })
        case "unique":
            let caseSensitive = arg(args, kwargs, 0, "case_sensitive")?.isTruthy ?? false
            let attr = arg(args, kwargs, 1, "attribute")
            var seen: [TemplateValue] = []
            var out: [TemplateValue] = []
            for item in try iterate(v) {
                let key = sortKey(try attribute(item, attr), caseSensitive: caseSensitive)
                if !seen.contains(where: { TemplateValue.pyEqual($0, key) }) {
                    seen.append(key)
                    out.append(item)
                }
            }
            return .list(out)
        case "max", "min":
            let caseSensitive = arg(args, kwargs, 0, "case_sensitive")?.isTruthy ?? false
            let attr = arg(args, kwargs, 1, "attribute")
            let items = try iterate(v)
            guard var best = items.first else { return .undefined }
            var bestKey = sortKey(try attribute(best, attr), caseSensitive: caseSensitive)
            for item in items.dropFirst() {
                let key = sortKey(try attribute(item, attr), caseSensitive: caseSensitive)
                guard let o = TemplateValue.pyCompare(key, bestKey) else {
                    throw Self.fail("'<' not supported between instances of '\(key.typeName)' and '\(bestKey.typeName)'")
                }
                if (name == "max" && o == .greater) || (name == "min" && o == .less) {
                    best = item
                    bestKey = key
                }
            }
            return best
        case "random":
            let items = try iterate(v)
            guard !items.isEmpty else { throw Self.fail("cannot choose from an empty sequence") }
            return items[Int(random.nextBelow(UInt64(items.count)))]
        case "items":
            switch v {
            case .undefined: return .list([])
            case .dict(let d): return .list((0..<d.count).map { .tuple([d.keys[$0], d.values[$0]]) })
            default: throw Self.fail("can only get item pairs from a mapping")
            }
        case "truncate":
            let s = Array(v.str.unicodeScalars)
            let length = try intArg(arg(args, kwargs, 0, "length"), "length", default: 255)
            let killwords = arg(args, kwargs, 1, "killwords")?.isTruthy ?? false
            let end = Array((arg(args, kwargs, 2, "end")?.str ?? "...").unicodeScalars)
            let leeway = try intArg(arg(args, kwargs, 3, "leeway").flatMap { $0.isNone ? nil : $0 }, "leeway", default: 5)
            guard length >= end.count else { throw Self.fail("expected length >= \(end.count), got \(length)") }
            guard leeway >= 0 else { throw Self.fail("expected leeway >= 0, got \(leeway)") }
            func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return String(view)
            }
            if s.count <= length + leeway { return .string(text(s[...])) }
            let head = s[0 ..< max(0, length - end.count)]
            if killwords { return .string(text(head) + text(end[...])) }
            var result = head
            if let space = head.lastIndex(of: " ") { result = head[head.startIndex ..< space] }
            return .string(text(result) + text(end[...]))
        case "urlencode":
            if case .dict(let d) = v {
                let pairs = (0..<d.count).map { Self.urlQuote(d.keys[$0].str, forQuery: true) + "=" + Self.urlQuote(d.values[$0].str, forQuery: true) }
                return .string(pairs.joined(separator: "&"))
            }
            return .string(Self.urlQuote(v.str, forQuery: false))
        case "default", "d":
            let fallback = arg(args, kwargs, 0, "default_value") ?? .string("")
            let boolean = arg(args, kwargs, 1, "boolean")?.isTruthy ?? false
            if v.isUndefined || (boolean && !v.isTruthy) { return fallback }
            return v
        case "join":
            let sep = arg(args, kwargs, 0, "d")?.str ?? ""
            let attr = arg(args, kwargs, 1, "attribute")
            var bytes: [UInt8] = []
            for (k, item) in try iterate(v).enumerated() {
                if k > 0 { bytes.append(contentsOf: sep.utf8) }
                try attribute(item, attr).appendStr(to: &bytes)
                guard bytes.count <= limits.maxCellBytes else {
                    throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
                }
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case "tojson":
            // Jinja2's htmlsafe_json_dumps: json.dumps(sort_keys=True), then <, >, & and '
            // as \u escapes.
            guard args.isEmpty, kwargs.isEmpty else { throw Self.fail("tojson(indent) is not supported") }
            var json: [UInt8] = []
            guard v.appendPythonJSON(to: &json, sortKeys: true) else {
                throw Self.fail("Object of type \(v.typeName) is not JSON serializable")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(json.count)
            for b in json {
                switch b {
                case UInt8(ascii: "<"): bytes.append(contentsOf: "\\u003c".utf8)
                case UInt8(ascii: ">"): bytes.append(contentsOf: "\\u003e".utf8)
                case UInt8(ascii: "&"): bytes.append(contentsOf: "\\u0026".utf8)
                case UInt8(ascii: "'"): bytes.append(contentsOf: "\\u0027".utf8)
                default: bytes.append(b)
                }
            }
            guard bytes.count <= limits.maxCellBytes else {
                throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case "sum":
            let attr = arg(args, kwargs, 0, "attribute")
            var total = arg(args, kwargs, 1, "start") ?? .int(0)
            for item in try iterate(v) {
                let x = try attribute(item, attr)
                guard let a = total.numeric, let b = x.numeric else {
                    throw Self.fail("unsupported operand type(s) for +: '\(total.typeName)' and '\(x.typeName)'")
                }
                total = try Self.arithmetic(.add, a, b)
            }
            return total
        case "center":
            let width = try intArg(arg(args, kwargs, 0, "width"), "width", default: 80)
            try checkWidth(width)
            return .string(Self.pad(v.str, width: width, fill: " ", mode: .center))
        case "wordcount":
            var n = 0, inWord = false
            for c in v.str.unicodeScalars {
                let w = c.properties.isAlphabetic || c.properties.numericType != nil || c == "_"
                if w && !inWord { n += 1 }
                inWord = w
            }
            return .int(Int64(n))
        default:
            throw Self.fail("unknown filter '\(name)'")
        }
    }

    /// Refuses a padding width beyond the cell limit before padding.
    private func checkWidth(_ width: Int) throws {
        guard width <= limits.maxCellBytes else {
            throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
        }
    }

    /// Refuses a replacement whose result would pass the cell limit, before building it.
    private func checkReplaceSize(_ s: String, _ old: String, _ new: String, _ count: Int) throws {
        guard !new.isEmpty else { return }
        var n = old.isEmpty ? s.unicodeScalars.count + 1 : PythonText.count(s, old)
        if count >= 0 { n = min(n, count) }
        let (grow, overflow) = n.multipliedReportingOverflow(by: new.utf8.count)
        guard !overflow, s.utf8.count + grow <= limits.maxCellBytes else {
            throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
        }
    }

    /// Jinja2's `int` filter: `int(value)` (strings in `base`), else `int(float(value))`;
    /// nil when neither works (the filter's default is used).
    static func toInt(_ v: TemplateValue, base: Int) throws -> TemplateValue? {
        switch v {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int: return v
        case .float(let d):
            guard d.isFinite else {
                if d.isNaN { return nil }
                throw fail("cannot convert float infinity to integer")
            }
            guard let i = TextFormat.int(truncating: d) else { throw fail("integer overflow") }
            return .int(i)
        case .string(let s):
            if let i = parseInt(s, base: base) { return .int(i) }
            guard let d = toFloat(v) else { return nil }
            return try toInt(.float(d), base: 10)
        default:
            return nil
        }
    }

    /// Python `int(text, base)`: surrounding whitespace, a sign, `_` between digits; base 0
    /// reads prefixes.
    static func parseInt(_ text: String, base: Int) -> Int64? {
        var t = Substring(PythonText.strip(text, chars: nil))
        var negative = false
        if t.first == "+" || t.first == "-" { negative = t.first == "-"; t = t.dropFirst() }
        var b = base
        let lower = t.lowercased()
        if (b == 16 || b == 0) && lower.hasPrefix("0x") { b = 16; t = t.dropFirst(2) }
        else if (b == 8 || b == 0) && lower.hasPrefix("0o") { b = 8; t = t.dropFirst(2) }
        else if (b == 2 || b == 0) && lower.hasPrefix("0b") { b = 2; t = t.dropFirst(2) }
        if b == 0 { b = 10 }
        guard (2...36).contains(b), !t.isEmpty, t.first != "_", t.last != "_", !t.contains("__") else { return nil }
        let digits = t.replacingOccurrences(of: "_", with: "")
        guard let magnitude = UInt64(digits, radix: b) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Python `float(value)` (nil where it raises): numbers, booleans, and text such as
    /// ` 1.5 `, `1_000`, `1e3`, `inf`, `-Infinity`, `nan`.
    static func toFloat(_ v: TemplateValue) -> Double? {
        switch v {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .string(let s): return PythonFloat.parse(s)
        default: return nil
        }
    }

    static func urlQuote(_ s: String, forQuery: Bool) -> String {
        var out = ""
        for b in s.utf8 {
            let c = UnicodeScalar(b)
            let safe = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || c == "_" || c == "." || c == "-" || c == "~" || (!forQuery && c == "/")
            if safe {
                out.unicodeScalars.append(c)
            } else if forQuery && c == " " {
                out += "+"
            } else {
                out += "%" + String(format: "%02X", b)
            }
        }
        return out
    }

    enum PadMode { case left, right, center }

    /// `str.ljust` / `rjust` / `center` (CPython's centering puts the extra space on the right
    /// when the padding is odd and the width is even... as `str.center` does).
    static func pad(_ s: String, width: Int, fill: String, mode: PadMode) -> String {
        let n = s.unicodeScalars.count
        guard width > n else { return s }
        let total = width - n
        switch mode {
        case .left: return s + String(repeating: fill, count: total)
        case .right: return String(repeating: fill, count: total) + s
        case .center:
            let left = total / 2 + (total & width & 1)
            return String(repeating: fill, count: left) + s + String(repeating: fill, count: total - left)
        }
    }

    // MARK: Tests

    mutating func applyTest(_ name: String, _ v: TemplateValue, _ args: [TemplateValue]) throws -> Bool {
        let other = args.first
        switch name {
        case "defined": return !v.isUndefined
        case "undefined": return v.isUndefined
        case "none": return v.isNone
        case "boolean": if case .bool = v { return true } else { return false }
        case "true": if case .bool(true) = v { return true } else { return false }
        case "false": if case .bool(false) = v { return true } else { return false }
        case "integer": if case .int = v { return true } else { return false }
        case "float": return v.isFloatValue
        case "number": return v.numeric != nil
        case "string": if case .string = v { return true } else { return false }
        case "mapping": if case .dict = v { return true } else { return false }
        case "iterable":
            switch v {
            case .list, .tuple, .dict, .string, .undefined: return true
            default: return false
            }
        case "sequence":
            switch v {
            case .list, .tuple, .dict, .string, .undefined: return true
            default: return false
            }
        case "callable": if case .method = v { return true } else { return false }
        case "escaped": return false
        case "sameas":
            guard let other else { throw Self.fail("sameas needs an argument") }
            switch (v, other) {
            case (.none, .none), (.undefined, .undefined): return true
            case let (.bool(a), .bool(b)): return a == b
            case let (.int(a), .int(b)): return a == b && a >= -5 && a <= 256  // CPython's small-int cache
            default: return false
            }
        case "even", "odd", "divisibleby":
            let divisor: TemplateValue = name == "divisibleby" ? (other ?? .undefined) : .int(2)
            guard let a = v.numeric, let b = divisor.numeric else {
                throw Self.undefinedOr(v.numeric == nil ? v : divisor, "unsupported operand type(s) for %")
            }
            let r = try Self.arithmetic(.mod, a, b)
            let isZero = TemplateValue.pyEqual(r, .int(0))
            return name == "odd" ? TemplateValue.pyEqual(r, .int(1)) : isZero
        case "lower":
            let s = v.str
            return s.unicodeScalars.contains { $0.properties.isLowercase } && s == s.lowercased() && s.unicodeScalars.contains { $0.properties.isCased }
        case "upper":
            let s = v.str
            return s.unicodeScalars.contains { $0.properties.isUppercase } && s == s.uppercased() && s.unicodeScalars.contains { $0.properties.isCased }
        case "in":
            guard let other else { throw Self.fail("in needs an argument") }
            return try Self.contains(other, v)
        case "eq", "equalto", "==": return TemplateValue.pyEqual(v, other ?? .undefined)
        case "ne", "!=": return !TemplateValue.pyEqual(v, other ?? .undefined)
        case "lt", "lessthan", "<": return try Self.compare(.lt, v, other ?? .undefined)
        case "le", "<=": return try Self.compare(.le, v, other ?? .undefined)
        case "gt", "greaterthan", ">": return try Self.compare(.gt, v, other ?? .undefined)
        case "ge", ">=": return try Self.compare(.ge, v, other ?? .undefined)
        default: throw Self.fail("unknown test '\(name)'")
        }
    }

    // MARK: Methods

    mutating func callMethod(_ receiver: TemplateValue, _ name: String, _ args: [TemplateValue],
                             _ kwargs: [(String, TemplateValue)]) throws -> TemplateValue {
        func sarg(_ i: Int, _ n: String) throws -> String? {
            guard let v = arg(args, kwargs, i, n), !v.isNone else { return nil }
            guard case .string(let s) = v else { throw Self.fail("\(name)() argument must be str, not \(v.typeName)") }
            return s
        }
        switch receiver {
        case .string(let s):
            switch name {
            case "upper": return .string(PythonText.upper(s))
            case "lower": return .string(PythonText.lower(s))
            case "title": return .string(PythonText.pythonTitle(s))
            case "capitalize": return .string(PythonText.capitalize(s))
            case "swapcase":
                return .string(String(s.unicodeScalars.map { c -> String in
                    c.properties.isUppercase ? String(c).lowercased() : (c.properties.isLowercase ? String(c).uppercased() : String(c))
                }.joined()))
            case "strip": return .string(PythonText.strip(s, chars: try sarg(0, "chars")))
            case "lstrip": return .string(PythonText.strip(s, chars: try sarg(0, "chars"), trailing: false))
            case "rstrip": return .string(PythonText.strip(s, chars: try sarg(0, "chars"), leading: false))
            case "split", "rsplit":
                let sep = try sarg(0, "sep")
                let maxsplit = try intArg(arg(args, kwargs, 1, "maxsplit"), "maxsplit", default: -1)
                if name == "rsplit" && maxsplit >= 0 {
                    // Split from the right: reverse, split, reverse back.
                    let rev = String(String.UnicodeScalarView(s.unicodeScalars.reversed()))
                    let revSep = sep.map { String(String.UnicodeScalarView($0.unicodeScalars.reversed())) }
                    guard let parts = PythonText.split(rev, sep: revSep, maxsplit: maxsplit) else { throw Self.fail("empty separator") }
                    return .list(parts.reversed().map { .string(String(String.UnicodeScalarView($0.unicodeScalars.reversed()))) })
                }
                guard let parts = PythonText.split(s, sep: sep, maxsplit: maxsplit) else { throw Self.fail("empty separator") }
                return .list(parts.map { .string($0) })
            case "replace":
                guard let old = try sarg(0, "old"), let new = try sarg(1, "new") else { throw Self.fail("replace() needs two arguments") }
                let count = try intArg(arg(args, kwargs, 2, "count"), "count", default: -1)
                try checkReplaceSize(s, old, new, count)
                return .string(PythonText.replace(s, old, new, count: count))
            case "startswith", "endswith":
                guard let p = arg(args, kwargs, 0, "prefix") else { throw Self.fail("\(name)() needs an argument") }
                let candidates: [TemplateValue]
                if case .tuple(let items) = p { candidates = items } else { candidates = [p] }
                for c in candidates {
                    guard case .string(let t) = c else { throw Self.fail("\(name) first arg must be str or a tuple of str") }
                    let a = Array(s.unicodeScalars), b = Array(t.unicodeScalars)
                    if b.count <= a.count, name == "startswith" ? Array(a[0..<b.count]) == b : Array(a[(a.count - b.count)...]) == b {
                        return .bool(true)
                    }
                }
                return .bool(false)
            case "join":
                guard let items = arg(args, kwargs, 0, "iterable") else { throw Self.fail("join() needs an argument") }
                var pieces: [String] = []
                for item in try iterate(items) {
                    guard case .string(let t) = item else { throw Self.fail("sequence item: expected str instance, \(item.typeName) found") }
                    pieces.append(t)
                }
                return .string(pieces.joined(separator: s))
            case "find":
                guard let sub = try sarg(0, "sub") else { throw Self.fail("find() needs an argument") }
                return .int(Int64(PythonText.find(s, sub)))
            case "count":
                guard let sub = try sarg(0, "sub") else { throw Self.fail("count() needs an argument") }
                return .int(Int64(PythonText.count(s, sub)))
            case "index":
                guard let sub = try sarg(0, "sub") else { throw Self.fail("index() needs an argument") }
                let i = PythonText.find(s, sub)
                guard i >= 0 else { throw Self.fail("substring not found") }
                return .int(Int64(i))
            case "zfill":
                let width = try intArg(arg(args, kwargs, 0, "width"), "width", default: 0)
                try checkWidth(width)
                var body = s
                var sign = ""
                if let f = body.first, f == "+" || f == "-" { sign = String(f); body.removeFirst() }
                let n = s.unicodeScalars.count
                return .string(width > n ? sign + String(repeating: "0", count: width - n) + body : s)
            case "ljust", "rjust", "center":
                let width = try intArg(arg(args, kwargs, 0, "width"), "width", default: 0)
                try checkWidth(width)
                let fill = try sarg(1, "fillchar") ?? " "
                guard fill.unicodeScalars.count == 1 else { throw Self.fail("The fill character must be exactly one character long") }
                return .string(Self.pad(s, width: width, fill: fill, mode: name == "ljust" ? .left : (name == "rjust" ? .right : .center)))
            case "isdigit", "isdecimal", "isnumeric":
                return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
            case "isalpha": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
            case "isalnum":
                return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            case "isspace": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { PythonText.isSpace($0) })
            case "islower": return try .bool(applyTest("lower", receiver, []))
            case "isupper": return try .bool(applyTest("upper", receiver, []))
            default: break
            }
        case .dict(let d):
            switch name {
            case "get":
                guard let key = arg(args, kwargs, 0, "key") else { throw Self.fail("get() needs a key") }
                return d.lookup(key) ?? (arg(args, kwargs, 1, "default") ?? TemplateValue.none)
            case "keys": return .list(d.keys)
            case "values": return .list(d.values)
            case "items": return .list((0..<d.count).map { .tuple([d.keys[$0], d.values[$0]]) })
            default: break
            }
        case .list(let a), .tuple(let a):
            switch name {
            case "count":
                guard let x = args.first else { throw Self.fail("count() needs an argument") }
                return .int(Int64(a.filter { TemplateValue.pyEqual($0, x) }.count))
            case "index":
                guard let x = args.first else { throw Self.fail("index() needs an argument") }
                guard let i = a.firstIndex(where: { TemplateValue.pyEqual($0, x) }) else { throw Self.fail("value is not in list") }
                return .int(Int64(i))
            default: break
            }
        case .undefined:
            throw Self.fail("an undefined value was called")
        default:
            break
        }
        throw Self.fail("'\(receiver.typeName)' object has no usable method '\(name)'")
    }
}

/// Python's `float()` on text.
enum PythonFloat {
    /// `float(text)`: surrounding whitespace, `_` between digits, `inf`/`infinity`/`nan` in
    /// any case with a sign; nil where Python raises ValueError.
    static func parse(_ text: String) -> Double? {
        // Fast path: plain ASCII number text reads the same in Swift and Python.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.count <= 40, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }),
           utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            return Double(text)
        }
        let t = PythonText.strip(text, chars: nil)
        guard !t.isEmpty else { return nil }
        let lower = t.lowercased()
        var body = Substring(lower)
        var sign = 1.0
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? -1 : 1; body = body.dropFirst() }
        if body == "inf" || body == "infinity" { return sign * .infinity }
        if body == "nan" { return .nan }
        // Digits (any Unicode decimal digit, as Python reads them) with single underscores
        // between digits, an optional fraction and exponent.
        var cleaned = ""
        var previous: Character = " "
        for c in body {
            var ch = c
            if !c.isASCII, c.unicodeScalars.count == 1, let u = c.unicodeScalars.first,
               u.properties.numericType == .decimal, let v = u.properties.numericValue {
                ch = Character(String(Int(v)))
            }
            if ch == "_" {
                guard previous.isASCII, previous.isNumber else { return nil }
                previous = ch
                continue
            }
            if previous == "_" && !(ch.isASCII && ch.isNumber) { return nil }
            guard ch.isASCII, ch.isNumber || ch == "." || ch == "e" || ch == "+" || ch == "-" else { return nil }
            cleaned.append(ch)
            previous = ch
        }
        if previous == "_" { return nil }
        guard cleaned.contains(where: { $0.isNumber }), let d = Double(cleaned) else { return nil }
        return sign * d
    }
}

extension PythonText {
    /// Python `str.title()`: each run of cased characters starts upper (title) case, the rest
    /// lower case; any uncased character (an apostrophe, a digit) starts a new word.
    static func pythonTitle(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            let cased = c.properties.isCased
            if cased {
                out += previousCased ? String(c).lowercased() : c.properties.titlecaseMapping
            } else {
                out.unicodeScalars.append(c)
            }
            previousCased = cased
        }
        return out
    }
}
