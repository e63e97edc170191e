import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TemplateRuntime {
    /// A keyword or positional argument `index` named `name`.
    func arg(_ args: [TemplateValue], _ kwargs: [(String, TemplateValue)], _ index: Int, _ name: String) -> TemplateValue? {
        if let kw = kwargs.first(where: { $0.0 == name }) { return kw.1 }
        return index < args.count ? args[index] : nil
    }

    func intArg(_ v: TemplateValue?, _ name: String, default d: Int) throws -> Int {
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
    func checkWidth(_ width: Int) throws {
        guard width <= limits.maxCellBytes else {
            throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
        }
    }

    /// Refuses a replacement whose result would pass the cell limit, before building it.
    func checkReplaceSize(_ s: String, _ old: String, _ new: String, _ count: Int) throws {
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
}
