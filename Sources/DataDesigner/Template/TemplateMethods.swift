import Foundation

/// The tests (`is defined`, `is lt`) and the methods of values (`'a'.upper()`) templates call.
extension TemplateRuntime {
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
