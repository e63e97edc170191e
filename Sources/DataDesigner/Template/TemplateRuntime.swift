import Foundation

/// Evaluates a compiled template for one row with Jinja2 / Python semantics.
struct TemplateRuntime<V: TemplateVariables> {
    let template: CompiledTemplate
    let limits: TemplateLimits
    var variables: V
    var random: Xoshiro256StarStar
    var output: [UInt8]
    var frame: [TemplateValue]
    var iterations = 0
    /// Whether an uncalled method was printed (the secure sandbox refuses such output).
    var printedMethod = false

    init(template: CompiledTemplate, limits: TemplateLimits, variables: V, random: Xoshiro256StarStar, output: [UInt8]) {
        self.template = template
        self.limits = limits
        self.variables = variables
        self.random = random
        self.output = output
        frame = [TemplateValue](repeating: .undefined, count: template.slotCount)
    }

    static func fail(_ message: String) -> TemplateFailure { .render(message) }

    // MARK: Output

    private mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard output.count + bytes.count <= limits.maxCellBytes else {
            throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
        }
        output.append(contentsOf: bytes)
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try emit($0) }
    }

    private mutating func emit(_ string: String) throws {
        var s = string
        try s.withUTF8 { try emit($0) }
    }

    private mutating func emit(_ value: TemplateValue) throws {
        if template.finalize == .jsonString {
            var bytes: [UInt8] = []
            switch value {
            case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
            case .none: bytes.append(contentsOf: "null".utf8)
            case .string(let s): PythonJSON.appendString(s, ascii: true, quoted: false, to: &bytes)
            case .list, .dict:
                var json: [UInt8] = []
                guard value.appendPythonJSON(to: &json) else {
                    throw Self.fail("Object of type \(value.typeName) is not JSON serializable")
                }
                PythonJSON.appendString(String(decoding: json, as: UTF8.self), ascii: true, quoted: false, to: &bytes)
            case .method: printedMethod = true; value.appendStr(to: &bytes)
            default: value.appendStr(to: &bytes)
            }
            try emit(bytes)
            return
        }
        switch value {
        case .string(let s): try emit(s)
        case .undefined: return
        case .method: printedMethod = true; fallthrough
        default:
            var bytes: [UInt8] = []
            value.appendStr(to: &bytes)
            try emit(bytes)
        }
    }

    // MARK: Statements

    mutating func run(_ nodes: [TemplateNode]) throws {
        for node in nodes {
            switch node {
            case .output(let parts):
                for part in parts {
                    switch part {
                    case .text(let bytes): try emit(bytes)
                    case .expr(let e): try emit(try eval(e))
                    }
                }
            case let .ifBlock(branches, otherwise):
                var taken = false
                for (test, body) in branches where try eval(test).isTruthy {
                    try run(body)
                    taken = true
                    break
                }
                if !taken { try run(otherwise) }
            case .forLoop(let f):
                try runFor(f)
            case let .assign(targets, value):
                let v = try eval(value)
                try bind(targets, unpack: targets.count > 1, v)
            case let .assignBlock(target, body):
                let saved = output
                output = []
                try run(body)
                let text = String(decoding: output, as: UTF8.self)
                output = saved
                frame[target] = .string(text)
            }
        }
    }

    private mutating func bind(_ targets: [Int], unpack: Bool, _ value: TemplateValue) throws {
        guard unpack else {
            frame[targets[0]] = value
            return
        }
        let items = try iterate(value)
        guard items.count == targets.count else {
            throw Self.fail("cannot unpack \(items.count) values into \(targets.count) names")
        }
        for (slot, item) in zip(targets, items) { frame[slot] = item }
    }

    private mutating func countIteration(_ n: Int = 1) throws {
        iterations += n
        guard iterations <= limits.maxLoopIterations else {
            throw TemplateFailure.limit("a render runs more than the limit of \(limits.maxLoopIterations) loop iterations")
        }
    }

    private mutating func runFor(_ f: TemplateNode.ForLoop) throws {
        var items = try iterate(try eval(f.iterable))
        if let filter = f.filter {
            var kept: [TemplateValue] = []
            for item in items {
                try countIteration()
                try bind(f.targets, unpack: f.unpack, item)
                if try eval(filter).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            try run(f.otherwise)
            return
        }
        let n = items.count
        for (k, item) in items.enumerated() {
            try countIteration()
            try bind(f.targets, unpack: f.unpack, item)
            if let slot = f.loopSlot {
                var loop = TemplateDict()
                loop.set(.string("index"), .int(Int64(k + 1)))
                loop.set(.string("index0"), .int(Int64(k)))
                loop.set(.string("revindex"), .int(Int64(n - k)))
                loop.set(.string("revindex0"), .int(Int64(n - k - 1)))
                loop.set(.string("first"), .bool(k == 0))
                loop.set(.string("last"), .bool(k == n - 1))
                loop.set(.string("length"), .int(Int64(n)))
                loop.set(.string("depth"), .int(1))
                loop.set(.string("depth0"), .int(0))
                loop.set(.string("previtem"), k > 0 ? items[k - 1] : .undefined)
                loop.set(.string("nextitem"), k + 1 < n ? items[k + 1] : .undefined)
                frame[slot] = .dict(loop)
            }
            try run(f.body)
        }
    }

    /// The items of an iterable (Python `iter()`): a string's characters, a mapping's keys;
    /// Undefined iterates as empty.
    func iterate(_ v: TemplateValue) throws -> [TemplateValue] {
        switch v {
        case .list(let a), .tuple(let a): return a
        case .dict(let d): return d.keys
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .undefined: return []
        default: throw Self.fail("'\(v.typeName)' object is not iterable")
        }
    }

    // MARK: Expressions

    mutating func eval(_ e: TemplateExpr) throws -> TemplateValue {
        switch e {
        case .const(let v): return v
        case let .name(_, ref):
            switch ref {
            case .column(let i): return variables.value(of: i)
            case .local(let slot): return frame[slot]
            case .global(let name): return .method(.none, name)
            }
        case let .getattr(obj, attr):
            return try Self.getattr(try eval(obj), attr)
        case let .getitem(obj, arg):
            let target = try eval(obj)
            if case let .slice(a, b, c) = arg {
                return try slice(target, a.map { try eval($0) }, b.map { try eval($0) }, c.map { try eval($0) })
            }
            return try Self.getitem(target, try eval(arg))
        case .slice:
            throw Self.fail("a slice outside a subscript")
        case let .filter(value, name, args, kwargs):
            let v = try eval(value)
            let a = try args.map { try eval($0) }
            let kw = try kwargs.map { ($0.0, try eval($0.1)) }
            return try applyFilter(name, v, a, kw)
        case let .test(value, name, args, kwargs):
            let v = try eval(value)
            let a = try args.map { try eval($0) }
            _ = kwargs
            return .bool(try applyTest(name, v, a))
        case let .call(callee, args, kwargs):
            let a = try args.map { try eval($0) }
            let kw = try kwargs.map { ($0.0, try eval($0.1)) }
            switch callee {
            case .name(_, .global("range")): return try range(a)
            case .name(_, .global("dict")):
                var d = TemplateDict()
                for (k, v) in kw { d.set(.string(k), v) }
                return .dict(d)
            case let .getattr(receiver, method):
                return try callMethod(try eval(receiver), method, a, kw)
            default:
                let v = try eval(callee)
                if case let .method(receiver, name) = v { return try callMethod(receiver, name, a, kw) }
                throw Self.fail("'\(v.typeName)' object is not callable")
            }
        case let .condExpr(test, yes, no):
            if try eval(test).isTruthy { return try eval(yes) }
            return try no.map { try eval($0) } ?? .undefined
        case let .and(a, b):
            let l = try eval(a)
            return l.isTruthy ? try eval(b) : l
        case let .or(a, b):
            let l = try eval(a)
            return l.isTruthy ? l : try eval(b)
        case .not(let a): return .bool(!(try eval(a)).isTruthy)
        case .neg(let a):
            let v = try eval(a)
            switch v.numeric {
            case .int(let i)?:
                guard i != Int64.min else { throw Self.fail("integer overflow") }
                return .int(-i)
            case .float(let d)?: return .float(-d)
            case nil: throw Self.undefinedOr(v, "bad operand type for unary -: '\(v.typeName)'")
            }
        case .pos(let a):
            let v = try eval(a)
            switch v.numeric {
            case .int(let i)?: return .int(i)
            case .float(let d)?: return .float(d)
            case nil: throw Self.undefinedOr(v, "bad operand type for unary +: '\(v.typeName)'")
            }
        case let .binary(op, a, b):
            return try binary(op, try eval(a), try eval(b))
        case .concat(let items):
            var bytes: [UInt8] = []
            for item in items {
                try eval(item).appendStr(to: &bytes)
                guard bytes.count <= limits.maxCellBytes else {
                    throw TemplateFailure.limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
                }
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case let .compare(first, ops):
            var left = try eval(first)
            for (op, e) in ops {
                let right = try eval(e)
                guard try Self.compare(op, left, right) else { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .list(let items): return .list(try items.map { try eval($0) })
        case .tuple(let items): return .tuple(try items.map { try eval($0) })
        case .dict(let pairs):
            var d = TemplateDict()
            for (k, v) in pairs { d.set(try eval(k), try eval(v)) }
            return .dict(d)
        }
    }

    static func undefinedOr(_ v: TemplateValue, _ message: String) -> TemplateFailure {
        if v.isUndefined { return fail("an undefined value was used in an operation") }
        return fail(message)
    }

    // MARK: Attribute and item access

    /// Jinja2's `getattr`: an attribute (a method), else the item of that name, else Undefined.
    static func getattr(_ v: TemplateValue, _ attr: String) throws -> TemplateValue {
        switch v {
        case .undefined: throw fail("an attribute '\(attr)' of an undefined value was read")
        case .dict(let d):
            if TemplateMethodNames.dict.contains(attr) { return .method(v, attr) }
            return d.lookup(.string(attr)) ?? .undefined
        case .string:
            return TemplateMethodNames.str.contains(attr) ? .method(v, attr) : .undefined
        case .list:
            return TemplateMethodNames.list.contains(attr) ? .method(v, attr) : .undefined
        case .tuple:
            return attr == "count" || attr == "index" ? .method(v, attr) : .undefined
        default:
            return .undefined
        }
    }

    /// Jinja2's `getitem`: `obj[key]`, falling back to the attribute for string keys.
    static func getitem(_ v: TemplateValue, _ key: TemplateValue) throws -> TemplateValue {
        switch v {
        case .undefined: throw fail("an item of an undefined value was read")
        case .list(let a), .tuple(let a):
            if !key.isFloatValue, case .int(let i)? = key.numeric {
                let n = Int64(a.count)
                let j = i < 0 ? i + n : i
                return j >= 0 && j < n ? a[Int(j)] : .undefined
            }
        case .string(let s):
            if !key.isFloatValue, case .int(let i)? = key.numeric {
                let scalars = Array(s.unicodeScalars)
                let n = Int64(scalars.count)
                let j = i < 0 ? i + n : i
                return j >= 0 && j < n ? .string(String(scalars[Int(j)])) : .undefined
            }
        case .dict(let d):
            if let found = d.lookup(key) { return found }
        default:
            break
        }
        if case .string(let name) = key { return try getattr(v, name) }
        return .undefined
    }

    private func slice(_ v: TemplateValue, _ start: TemplateValue?, _ stop: TemplateValue?, _ step: TemplateValue?) throws -> TemplateValue {
        func index(_ x: TemplateValue?) throws -> Int64? {
            guard let x, !(x.isNone) else { return nil }
            guard case .int(let i)? = x.numeric, !x.isFloatValue else {
                throw Self.fail("slice indices must be integers or None")
            }
            return i
        }
        let st = try index(step) ?? 1
        guard st != 0 else { throw Self.fail("slice step cannot be zero") }
        func pick<T>(_ items: [T]) throws -> [T] {
            let n = Int64(items.count)
            func clamp(_ x: Int64?, _ defaultValue: Int64) -> Int64 {
                guard var i = x else { return defaultValue }
                if i < 0 { i += n; if i < 0 { i = st < 0 ? -1 : 0 } } else if i >= n { i = st < 0 ? n - 1 : n }
                return i
            }
            var lo = clamp(try index(start), st > 0 ? 0 : n - 1)
            let hi = clamp(try index(stop), st > 0 ? n : -1)
            var out: [T] = []
            while st > 0 ? lo < hi : lo > hi {
                out.append(items[Int(lo)])
                let (next, overflow) = lo.addingReportingOverflow(st)
                if overflow { break }
                lo = next
            }
            return out
        }
        switch v {
        case .list(let a): return .list(try pick(a))
        case .tuple(let a): return .tuple(try pick(a))
        case .string(let s):
            var view = String.UnicodeScalarView()
            view.append(contentsOf: try pick(Array(s.unicodeScalars)))
            return .string(String(view))
        case .undefined: throw Self.fail("an item of an undefined value was read")
        default: return .undefined
        }
    }

    // MARK: Arithmetic

    private func binary(_ op: BinaryOp, _ a: TemplateValue, _ b: TemplateValue) throws -> TemplateValue {
        if a.isUndefined || b.isUndefined { throw Self.fail("an undefined value was used in an operation") }
        if let x = a.numeric, let y = b.numeric {
            return try Self.arithmetic(op, x, y)
        }
        switch (op, a, b) {
        case let (.add, .string(x), .string(y)):
            guard x.utf8.count + y.utf8.count <= limits.maxCellBytes else { throw cellLimit() }
            return .string(x + y)
        case let (.add, .list(x), .list(y)): return .list(x + y)
        case let (.add, .tuple(x), .tuple(y)): return .tuple(x + y)
        case (.mul, .string, _), (.mul, _, .string), (.mul, .list, _), (.mul, _, .list), (.mul, .tuple, _), (.mul, _, .tuple):
            let (seq, times) = a.numeric == nil ? (a, b) : (b, a)
            guard case .int(let n)? = times.numeric, !times.isFloatValue else {
                throw Self.fail("can't multiply sequence by non-int of type '\(times.typeName)'")
            }
            let count = Int(max(0, min(n, Int64(Int32.max))))
            switch seq {
            case .string(let s):
                guard s.utf8.count == 0 || count <= limits.maxCellBytes / s.utf8.count else { throw cellLimit() }
                return .string(String(repeating: s, count: count))
            case .list(let items):
                guard items.isEmpty || count <= limits.maxLoopIterations / items.count else {
                    throw TemplateFailure.limit("a list repetition makes more than \(limits.maxLoopIterations) items")
                }
                return .list(Array([[TemplateValue]](repeating: items, count: count).joined()))
            case .tuple(let items):
                guard items.isEmpty || count <= limits.maxLoopIterations / items.count else {
                    throw TemplateFailure.limit("a tuple repetition makes more than \(limits.maxLoopIterations) items")
                }
                return .tuple(Array([[TemplateValue]](repeating: items, count: count).joined()))
            default: break
            }
        case (.mod, .string, _):
            throw Self.fail("'%' string formatting is not supported")
        default: break
        }
        throw Self.fail("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    private func cellLimit() -> TemplateFailure {
        .limit("a rendered value is larger than the cell limit of \(limits.maxCellBytes) bytes")
    }

    static func arithmetic(_ op: BinaryOp, _ x: TemplateValue.Numeric, _ y: TemplateValue.Numeric) throws -> TemplateValue {
        if case let .int(a) = x, case let .int(b) = y {
            switch op {
            case .add:
                let (r, o) = a.addingReportingOverflow(b)
                guard !o else { throw fail("integer overflow") }
                return .int(r)
            case .sub:
                let (r, o) = a.subtractingReportingOverflow(b)
                guard !o else { throw fail("integer overflow") }
                return .int(r)
            case .mul:
                let (r, o) = a.multipliedReportingOverflow(by: b)
                guard !o else { throw fail("integer overflow") }
                return .int(r)
            case .div:
                guard b != 0 else { throw fail("division by zero") }
                return .float(Double(a) / Double(b))
            case .floorDiv:
                guard b != 0 else { throw fail("integer division or modulo by zero") }
                guard !(a == Int64.min && b == -1) else { throw fail("integer overflow") }
                var q = a / b
                if (a % b != 0) && ((a < 0) != (b < 0)) { q -= 1 }
                return .int(q)
            case .mod:
                guard b != 0 else { throw fail("integer division or modulo by zero") }
                guard !(a == Int64.min && b == -1) else { return .int(0) }
                var r = a % b
                if r != 0 && ((r < 0) != (b < 0)) { r += b }
                return .int(r)
            case .pow:
                if b < 0 {
                    guard a != 0 else { throw fail("0.0 cannot be raised to a negative power") }
                    return .float(Foundation.pow(Double(a), Double(b)))
                }
                var result: Int64 = 1, base = a, e = b
                while e > 0 {
                    if e & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        guard !o else { throw fail("integer overflow") }
                        result = r
                    }
                    e >>= 1
                    if e > 0 {
                        let (r, o) = base.multipliedReportingOverflow(by: base)
                        guard !o else { throw fail("integer overflow") }
                        base = r
                    }
                }
                return .int(result)
            }
        }
        let a = x.double, b = y.double
        switch op {
        case .add: return .float(a + b)
        case .sub: return .float(a - b)
        case .mul: return .float(a * b)
        case .div:
            guard b != 0 else { throw fail("float division by zero") }
            return .float(a / b)
        case .floorDiv, .mod:
            guard b != 0 else { throw fail("float modulo") }
            let (div, mod) = floatDivmod(a, b)
            return .float(op == .mod ? mod : div)
        case .pow:
            if a == 0 && b < 0 { throw fail("0.0 cannot be raised to a negative power") }
            if a < 0 && b != b.rounded() { throw fail("a negative number cannot be raised to a fractional power") }
            let r = Foundation.pow(a, b)
            if r.isInfinite && a.isFinite && b.isFinite { throw fail("numerical result out of range") }
            return .float(r)
        }
    }

    /// CPython's `float_divmod`: (floor division, modulo with the divisor's sign).
    static func floatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    static func compare(_ op: CompareOp, _ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        switch op {
        case .eq: return TemplateValue.pyEqual(a, b)
        case .ne: return !TemplateValue.pyEqual(a, b)
        case .isIn: return try contains(b, a)
        case .notIn: return !(try contains(b, a))
        default:
            guard let order = TemplateValue.pyCompare(a, b) else {
                if a.isUndefined || b.isUndefined { throw fail("an undefined value was compared") }
                throw fail("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
            }
            switch (op, order) {
            case (_, .unordered): return false
            case (.lt, .less), (.le, .less), (.le, .equal), (.gt, .greater), (.ge, .greater), (.ge, .equal): return true
            default: return false
            }
        }
    }

    static func contains(_ container: TemplateValue, _ item: TemplateValue) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let sub) = item else {
                throw fail("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || PythonText.find(s, sub) >= 0
        case .list(let a), .tuple(let a): return a.contains { TemplateValue.pyEqual($0, item) }
        case .dict(let d): return d.lookup(item) != nil
        case .undefined: return false
        default: throw fail("argument of type '\(container.typeName)' is not iterable")
        }
    }

    private mutating func range(_ args: [TemplateValue]) throws -> TemplateValue {
        var ints: [Int64] = []
        for a in args {
            guard case .int(let i)? = a.numeric, !a.isFloatValue else {
                throw Self.fail("'\(a.typeName)' object cannot be interpreted as an integer")
            }
            ints.append(i)
        }
        let (start, stop, step): (Int64, Int64, Int64)
        switch ints.count {
        case 1: (start, stop, step) = (0, ints[0], 1)
        case 2: (start, stop, step) = (ints[0], ints[1], 1)
        case 3: (start, stop, step) = (ints[0], ints[1], ints[2])
        default: throw Self.fail("range expected 1 to 3 arguments, got \(ints.count)")
        }
        guard step != 0 else { throw Self.fail("range() arg 3 must not be zero") }
        let span = step > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
        let count = span <= 0 ? 0 : Int64((span / Double(step.magnitude)).rounded(.up))
        guard count <= Int64(CompiledTemplate.maxRange) else {
            throw Self.fail("range too big (the sandbox allows at most \(CompiledTemplate.maxRange) items)")
        }
        try countIteration(Int(count))
        var out: [TemplateValue] = []
        out.reserveCapacity(Int(count))
        var v = start
        for _ in 0..<count {
            out.append(.int(v))
            v &+= step
        }
        return .list(out)
    }
}

extension TemplateValue {
    var isFloatValue: Bool { if case .float = self { true } else { false } }
    var isNone: Bool { if case .none = self { true } else { false } }
}

/// Attribute names that are methods of Python's dict, list and str.
enum TemplateMethodNames {
    static let dict: Set<String> = ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"]
    static let list: Set<String> = ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"]
    static let str: Set<String> = [
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
        "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
        "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
        "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
        "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
    ]

}
