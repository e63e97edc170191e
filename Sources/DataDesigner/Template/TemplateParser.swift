/// Parses template tokens into ``TemplateNode``s with Jinja2's grammar and precedence, and
/// resolves every name: locals (`{% for %}` targets, `loop`, `{% set %}`) get frame slots,
/// any other name is a column reference.
///
/// Constructs outside the supported subset (macros, blocks, includes, `{% with %}`, filter
/// blocks, `{% call %}`, ...) are refused with a ``TemplateSyntaxError`` naming them.
struct TemplateParser {
    private var tokens: [TemplateToken]
    private var p = 0
    /// Lexical scopes, innermost last: name → slot.
    private var scopes: [[String: Int]] = [[:]]
    /// Names of the column references, in order of first appearance.
    private(set) var references: [String] = []
    private var referenceIndex: [String: Int] = [:]
    private(set) var slotCount = 0
    /// Constructs seen that the secure sandbox refuses.
    private(set) var usesSet = false
    private(set) var usesNestedFor = false
    private(set) var usesRecursiveFor = false
    private(set) var usesSelf = false
    /// Filter, test and function names used (validated by the compiler).
    private(set) var filters: [String] = []
    private(set) var tests: [String] = []
    private(set) var functions: [String] = []
    private(set) var methods: [String] = []
    private var forDepth = 0
    /// Whether `loop` was read in the current for body.
    private var loopUsed: [Bool] = []

    init(tokens: [TemplateToken]) { self.tokens = tokens }

    /// Jinja2's global names (functions), which are not column references.
    static let globals: Set<String> = ["range", "dict", "lipsum", "cycler", "joiner", "namespace"]

    static let maxNesting = 64
    private var nesting = 0

    // MARK: Token helpers

    private var current: TemplateToken.Kind { tokens[min(p, tokens.count - 1)].kind }

    private mutating func advance() -> TemplateToken.Kind {
        let k = current
        if p < tokens.count - 1 { p += 1 }
        return k
    }

    private func isOp(_ op: String) -> Bool { if case .op(let o) = current { return o == op } else { return false } }
    private func isName(_ n: String) -> Bool { if case .name(let x) = current { return x == n } else { return false } }

    private mutating func expectOp(_ op: String) throws {
        guard isOp(op) else { throw TemplateSyntaxError("expected '\(op)', found \(describe(current))") }
        _ = advance()
    }

    private mutating func expectName() throws -> String {
        guard case .name(let n) = current else { throw TemplateSyntaxError("expected a name, found \(describe(current))") }
        _ = advance()
        return n
    }

    private mutating func expectBlockEnd() throws {
        guard current == .blockEnd else { throw TemplateSyntaxError("expected '%}', found \(describe(current))") }
        _ = advance()
    }

    private func describe(_ k: TemplateToken.Kind) -> String {
        switch k {
        case .data: return "text"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .name(let n): return "'\(n)'"
        case .string: return "a string"
        case .integer(let i): return "'\(i)'"
        case .float(let d): return "'\(d)'"
        case .op(let o): return "'\(o)'"
        case .end: return "the end of the template"
        }
    }

    // MARK: Scopes

    private mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    private mutating func bind(_ name: String) -> Int {
        if let existing = scopes[scopes.count - 1][name] { return existing }
        let slot = newSlot()
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    private mutating func resolve(_ name: String) -> NameRef {
        for scope in scopes.reversed() {
            if let slot = scope[name] {
                if name == "loop", !loopUsed.isEmpty { loopUsed[loopUsed.count - 1] = true }
                return .local(slot)
            }
        }
        if TemplateParser.globals.contains(name) { return .global(name) }
        if let i = referenceIndex[name] { return .column(i) }
        referenceIndex[name] = references.count
        references.append(name)
        return .column(references.count - 1)
    }

    // MARK: Template

    /// Parses the whole template.
    mutating func parseTemplate() throws -> [TemplateNode] {
        let body = try parseBody(until: [])
        guard current == .end else { throw TemplateSyntaxError("unexpected \(describe(current))") }
        return body
    }

    /// Parses nodes until a block tag whose keyword is in `until` (left unconsumed, after
    /// its `{%`), or the end.
    private mutating func parseBody(until: Set<String>) throws -> [TemplateNode] {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else { throw TemplateSyntaxError("blocks are nested too deeply") }
        var nodes: [TemplateNode] = []
        var parts: [TemplateOutputPart] = []
        func flush() {
            if !parts.isEmpty { nodes.append(.output(parts)); parts = [] }
        }
        while true {
            switch current {
            case .end:
                if !until.isEmpty {
                    throw TemplateSyntaxError("missing '{% \(until.sorted().joined(separator: "' or '{% ")) %}'")
                }
                flush()
                return nodes
            case .data(let text):
                _ = advance()
                parts.append(.text(Array(text.utf8)))
            case .variableBegin:
                _ = advance()
                let e = try parseTuple(allowEmpty: false)
                guard current == .variableEnd else { throw TemplateSyntaxError("expected '}}', found \(describe(current))") }
                _ = advance()
                parts.append(.expr(e))
            case .blockBegin:
                let save = p
                _ = advance()
                guard case .name(let keyword) = current else {
                    throw TemplateSyntaxError("expected a statement after '{%', found \(describe(current))")
                }
                if until.contains(keyword) {
                    p = save + 1  // leave the keyword for the caller
                    flush()
                    return nodes
                }
                flush()
                nodes.append(try parseStatement(keyword))
            default:
                throw TemplateSyntaxError("unexpected \(describe(current))")
            }
        }
    }

    private mutating func parseStatement(_ keyword: String) throws -> TemplateNode {
        _ = advance()
        switch keyword {
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "set": return try parseSet()
        case "elif", "else", "endif", "endfor", "endset":
            throw TemplateSyntaxError("'{% \(keyword) %}' without its opening block")
        case "macro", "call", "filter", "with", "block", "extends", "include", "import", "from",
             "autoescape", "do", "break", "continue", "trans", "pluralize", "endmacro", "endcall",
             "endfilter", "endwith", "endblock", "endautoescape", "endtrans":
            throw TemplateSyntaxError("the '{% \(keyword) %}' statement is not supported; supported statements are if/elif/else, for, set and raw")
        default:
            throw TemplateSyntaxError("unknown statement '{% \(keyword) %}'")
        }
    }

    private mutating func parseIf() throws -> TemplateNode {
        var branches: [(TemplateExpr, [TemplateNode])] = []
        var test = try parseTuple(allowEmpty: false)
        try expectBlockEnd()
        var otherwise: [TemplateNode] = []
        while true {
            let body = try parseBody(until: ["elif", "else", "endif"])
            branches.append((test, body))
            let keyword = try expectName()
            if keyword == "elif" {
                test = try parseTuple(allowEmpty: false)
                try expectBlockEnd()
                continue
            }
            if keyword == "else" {
                try expectBlockEnd()
                otherwise = try parseBody(until: ["endif"])
                _ = try expectName()
            }
            try expectBlockEnd()
            break
        }
        return .ifBlock(branches: branches, otherwise: otherwise)
    }

    private mutating func parseFor() throws -> TemplateNode {
        if forDepth > 0 { usesNestedFor = true }
        // Target names (bound in the body scope, after the iterable is parsed).
        var names: [String] = [try expectName()]
        var unpack = false
        while isOp(",") {
            _ = advance()
            unpack = true
            if isName("in") { break }
            names.append(try expectName())
        }
        guard isName("in") else { throw TemplateSyntaxError("expected 'in' in '{% for %}', found \(describe(current))") }
        _ = advance()
        let iterable = try parseTuple(allowEmpty: false, withCondExpr: false)
        scopes.append([:])
        loopUsed.append(false)
        forDepth += 1
        let targets = names.map { bind($0) }
        let loopSlot = bind("loop")
        var filter: TemplateExpr?
        if isName("if") {
            _ = advance()
            filter = try parseExpression()
        }
        if isName("recursive") {
            _ = advance()
            usesRecursiveFor = true
        }
        try expectBlockEnd()
        let body = try parseBody(until: ["endfor", "else"])
        let used = loopUsed.removeLast()
        forDepth -= 1
        scopes.removeLast()
        var otherwise: [TemplateNode] = []
        let keyword = try expectName()
        if keyword == "else" {
            try expectBlockEnd()
            otherwise = try parseBody(until: ["endfor"])
            _ = try expectName()
        }
        try expectBlockEnd()
        return .forLoop(.init(targets: targets, unpack: unpack, iterable: iterable, filter: filter, body: body,
                              otherwise: otherwise, loopSlot: used ? loopSlot : nil))
    }

    private mutating func parseSet() throws -> TemplateNode {
        usesSet = true
        var names = [try expectName()]
        while isOp(",") {
            _ = advance()
            names.append(try expectName())
        }
        if isOp(".") { throw TemplateSyntaxError("'{% set a.b = ... %}' (namespace attributes) is not supported") }
        if current == .blockEnd {
            guard names.count == 1 else { throw TemplateSyntaxError("a '{% set %}' block takes one name") }
            _ = advance()
            let body = try parseBody(until: ["endset"])
            _ = try expectName()
            try expectBlockEnd()
            return .assignBlock(target: bind(names[0]), body: body)
        }
        try expectOp("=")
        let value = try parseTuple(allowEmpty: false)
        try expectBlockEnd()
        return .assign(targets: names.map { bind($0) }, value: value)
    }

    // MARK: Expressions

    /// An expression or an unparenthesized tuple (`a, b`).
    private mutating func parseTuple(allowEmpty: Bool, withCondExpr: Bool = true) throws -> TemplateExpr {
        var items: [TemplateExpr] = []
        var isTuple = false
        while true {
            if !items.isEmpty {
                guard isOp(",") else { break }
                _ = advance()
                isTuple = true
            }
            if isTupleEnd() { break }
            items.append(withCondExpr ? try parseExpression() : try parseOr())
        }
        if !isTuple {
            if let only = items.first { return only }
            if !allowEmpty { throw TemplateSyntaxError("expected an expression, found \(describe(current))") }
        }
        return .tuple(items)
    }

    private func isTupleEnd() -> Bool {
        switch current {
        case .variableEnd, .blockEnd, .end: return true
        case .op(let o): return o == ")" || o == "]" || o == "}" || o == "="
        case .name(let n): return n == "in" || n == "if" || n == "recursive"
        default: return false
        }
    }

    private mutating func nest() throws {
        nesting += 1
        guard nesting <= Self.maxNesting else { throw TemplateSyntaxError("the expression is nested too deeply") }
    }

    mutating func parseExpression() throws -> TemplateExpr {
        try nest()
        defer { nesting -= 1 }
        let e = try parseOr()
        guard isName("if") else { return e }
        _ = advance()
        let test = try parseOr()
        var otherwise: TemplateExpr?
        if isName("else") {
            _ = advance()
            otherwise = try parseExpression()
        }
        return .condExpr(test, e, otherwise)
    }

    private mutating func parseOr() throws -> TemplateExpr {
        var left = try parseAnd()
        while isName("or") {
            _ = advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> TemplateExpr {
        var left = try parseNot()
        while isName("and") {
            _ = advance()
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws -> TemplateExpr {
        if isName("not") {
            _ = advance()
            try nest()
            defer { nesting -= 1 }
            return .not(try parseNot())
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> TemplateExpr {
        let first = try parseMath1()
        var ops: [(CompareOp, TemplateExpr)] = []
        while true {
            if case .op(let o) = current, let op = CompareOp(rawValue: o), op != .isIn, op != .notIn {
                _ = advance()
                ops.append((op, try parseMath1()))
            } else if isName("in") {
                _ = advance()
                ops.append((.isIn, try parseMath1()))
            } else if isName("not"), case .name("in") = tokens[min(p + 1, tokens.count - 1)].kind {
                _ = advance(); _ = advance()
                ops.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        return ops.isEmpty ? first : .compare(first, ops)
    }

    private mutating func parseMath1() throws -> TemplateExpr {
        var left = try parseConcat()
        while isOp("+") || isOp("-") {
            let op: BinaryOp = isOp("+") ? .add : .sub
            _ = advance()
            left = .binary(op, left, try parseConcat())
        }
        return left
    }

    private mutating func parseConcat() throws -> TemplateExpr {
        var items = [try parseMath2()]
        while isOp("~") {
            _ = advance()
            items.append(try parseMath2())
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseMath2() throws -> TemplateExpr {
        var left = try parsePow()
        while true {
            let op: BinaryOp
            if isOp("*") { op = .mul } else if isOp("/") { op = .div } else if isOp("//") { op = .floorDiv } else if isOp("%") { op = .mod } else { break }
            _ = advance()
            left = .binary(op, left, try parsePow())
        }
        return left
    }

    private mutating func parsePow() throws -> TemplateExpr {
        var left = try parseUnary(withFilter: true)
        while isOp("**") {
            _ = advance()
            left = .binary(.pow, left, try parseUnary(withFilter: true))
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool) throws -> TemplateExpr {
        try nest()
        defer { nesting -= 1 }
        var node: TemplateExpr
        if isOp("-") {
            _ = advance()
            node = .neg(try parseUnary(withFilter: false))
        } else if isOp("+") {
            _ = advance()
            node = .pos(try parseUnary(withFilter: false))
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpr(node) }
        return node
    }

    private mutating func parsePrimary() throws -> TemplateExpr {
        switch advance() {
        case .name(let n):
            switch n {
            case "true", "True": return .const(.bool(true))
            case "false", "False": return .const(.bool(false))
            case "none", "None": return .const(.none)
            default:
                if n == "self" { usesSelf = true }
                return .name(n, resolve(n))
            }
        case .string(var s):
            while case .string(let more) = current {  // adjacent literals concatenate
                s += more
                _ = advance()
            }
            return .const(.string(s))
        case .integer(let i): return .const(.int(i))
        case .float(let d): return .const(.float(d))
        case .op("("):
            let e = try parseTuple(allowEmpty: true)
            try expectOp(")")
            return e
        case .op("["):
            var items: [TemplateExpr] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("]") { break }
                items.append(try parseExpression())
            }
            try expectOp("]")
            return .list(items)
        case .op("{"):
            var pairs: [(TemplateExpr, TemplateExpr)] = []
            while !isOp("}") {
                if !pairs.isEmpty { try expectOp(",") }
                if isOp("}") { break }
                let k = try parseExpression()
                try expectOp(":")
                pairs.append((k, try parseExpression()))
            }
            try expectOp("}")
            return .dict(pairs)
        case let other:
            p -= 1
            throw TemplateSyntaxError("unexpected \(describe(other))")
        }
    }

    private mutating func parsePostfix(_ start: TemplateExpr) throws -> TemplateExpr {
        var node = start
        while true {
            if isOp(".") {
                _ = advance()
                switch advance() {
                case .name(let attr): node = .getattr(node, attr)
                case .integer(let i): node = .getitem(node, .const(.int(i)))
                case let other: throw TemplateSyntaxError("expected an attribute name after '.', found \(describe(other))")
                }
            } else if isOp("[") {
                _ = advance()
                var args: [TemplateExpr] = []
                while !isOp("]") {
                    if !args.isEmpty { try expectOp(",") }
                    args.append(try parseSubscribed())
                }
                try expectOp("]")
                guard !args.isEmpty else { throw TemplateSyntaxError("empty subscript '[]'") }
                node = .getitem(node, args.count == 1 ? args[0] : .tuple(args))
            } else if isOp("(") {
                let (args, kwargs) = try parseCallArgs()
                switch node {
                case .name(let n, .global): functions.append(n)
                case .name(let n, .column): functions.append(n)
                case .getattr(_, let m): methods.append(m)
                default: throw TemplateSyntaxError("only functions and methods can be called")
                }
                node = .call(node, args, kwargs)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscribed() throws -> TemplateExpr {
        var parts: [TemplateExpr?] = []
        if isOp(":") {
            parts.append(nil)
        } else {
            let e = try parseExpression()
            guard isOp(":") else { return e }
            parts.append(e)
        }
        _ = advance()  // ':'
        parts.append(isOp("]") || isOp(",") || isOp(":") ? nil : try parseExpression())
        if isOp(":") {
            _ = advance()
            parts.append(isOp("]") || isOp(",") ? nil : try parseExpression())
        } else {
            parts.append(nil)
        }
        return .slice(parts[0], parts[1], parts[2])
    }

    private mutating func parseCallArgs() throws -> ([TemplateExpr], [(String, TemplateExpr)]) {
        try expectOp("(")
        var args: [TemplateExpr] = []
        var kwargs: [(String, TemplateExpr)] = []
        while !isOp(")") {
            if !args.isEmpty || !kwargs.isEmpty { try expectOp(",") }
            if isOp(")") { break }
            if isOp("*") || isOp("**") { throw TemplateSyntaxError("'*args' and '**kwargs' in calls are not supported") }
            if case .name(let n) = current, case .op("=") = tokens[min(p + 1, tokens.count - 1)].kind {
                _ = advance(); _ = advance()
                kwargs.append((n, try parseExpression()))
            } else {
                guard kwargs.isEmpty else { throw TemplateSyntaxError("a positional argument follows a keyword argument") }
                args.append(try parseExpression())
            }
        }
        try expectOp(")")
        return (args, kwargs)
    }

    private mutating func parseFilterExpr(_ start: TemplateExpr) throws -> TemplateExpr {
        var node = start
        while true {
            if isOp("|") {
                _ = advance()
                var name = try expectName()
                while isOp(".") { _ = advance(); name += "." + (try expectName()) }
                var args: [TemplateExpr] = [], kwargs: [(String, TemplateExpr)] = []
                if isOp("(") { (args, kwargs) = try parseCallArgs() }
                filters.append(name)
                node = .filter(node, name, args, kwargs)
            } else if isName("is") {
                _ = advance()
                var negated = false
                if isName("not") { _ = advance(); negated = true }
                var name: String
                switch advance() {
                case .name(let n): name = n
                case .op(let o) where ["==", "!=", "<", "<=", ">", ">="].contains(o): name = o
                case let other: throw TemplateSyntaxError("expected a test name after 'is', found \(describe(other))")
                }
                while isOp(".") { _ = advance(); name += "." + (try expectName()) }
                var args: [TemplateExpr] = [], kwargs: [(String, TemplateExpr)] = []
                if isOp("(") {
                    (args, kwargs) = try parseCallArgs()
                } else if startsTestArgument() {
                    var arg = try parsePrimary()
                    arg = try parsePostfix(arg)
                    args = [arg]
                }
                tests.append(name)
                node = .test(node, name, args, kwargs)
                if negated { node = .not(node) }
            } else {
                return node
            }
        }
    }

    /// Whether a test's single unparenthesized argument follows (`x is divisibleby 3`).
    private func startsTestArgument() -> Bool {
        switch current {
        case .string, .integer, .float: return true
        case .name(let n): return !["else", "or", "and", "if", "in", "not", "is", "recursive"].contains(n)
        case .op(let o): return o == "[" || o == "{"
        default: return false
        }
    }
}
