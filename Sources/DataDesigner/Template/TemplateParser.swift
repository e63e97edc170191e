/// Parses template tokens into ``TemplateNode``s with Jinja2's grammar and precedence, and
/// resolves every name: locals (`{% for %}` targets, `loop`, `{% set %}`) get frame slots,
/// any other name is a column reference.
///
/// Constructs outside the supported subset (macros, blocks, includes, `{% with %}`, filter
/// blocks, `{% call %}`, ...) are refused with a ``TemplateSyntaxError`` naming them.
struct TemplateParser {
    var tokens: [TemplateToken]
    var p = 0
    /// Lexical scopes, innermost last: name → slot.
    var scopes: [[String: Int]] = [[:]]
    /// Names of the column references, in order of first appearance.
    var references: [String] = []
    var referenceIndex: [String: Int] = [:]
    var slotCount = 0
    /// Constructs seen that the secure sandbox refuses.
    var usesSet = false
    var usesNestedFor = false
    var usesRecursiveFor = false
    var usesSelf = false
    /// Filter, test and function names used (validated by the compiler).
    var filters: [String] = []
    var tests: [String] = []
    var functions: [String] = []
    var methods: [String] = []
    var forDepth = 0
    /// Whether `loop` was read in the current for body.
    var loopUsed: [Bool] = []

    init(tokens: [TemplateToken]) { self.tokens = tokens }

    /// Jinja2's global names (functions), which are not column references.
    static let globals: Set<String> = ["range", "dict", "lipsum", "cycler", "joiner", "namespace"]

    static let maxNesting = 64
    var nesting = 0

    // MARK: Token helpers

    var current: TemplateToken.Kind { tokens[min(p, tokens.count - 1)].kind }

    mutating func advance() -> TemplateToken.Kind {
        let k = current
        if p < tokens.count - 1 { p += 1 }
        return k
    }

    func isOp(_ op: String) -> Bool { if case .op(let o) = current { return o == op } else { return false } }
    func isName(_ n: String) -> Bool { if case .name(let x) = current { return x == n } else { return false } }

    mutating func expectOp(_ op: String) throws {
        guard isOp(op) else { throw TemplateSyntaxError("expected '\(op)', found \(describe(current))") }
        _ = advance()
    }

    mutating func expectName() throws -> String {
        guard case .name(let n) = current else { throw TemplateSyntaxError("expected a name, found \(describe(current))") }
        _ = advance()
        return n
    }

    mutating func expectBlockEnd() throws {
        guard current == .blockEnd else { throw TemplateSyntaxError("expected '%}', found \(describe(current))") }
        _ = advance()
    }

    func describe(_ k: TemplateToken.Kind) -> String {
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

    mutating func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    mutating func bind(_ name: String) -> Int {
        if let existing = scopes[scopes.count - 1][name] { return existing }
        let slot = newSlot()
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    mutating func resolve(_ name: String) -> NameRef {
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
    mutating func parseBody(until: Set<String>) throws -> [TemplateNode] {
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

    mutating func parseStatement(_ keyword: String) throws -> TemplateNode {
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

    mutating func parseIf() throws -> TemplateNode {
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

    mutating func parseFor() throws -> TemplateNode {
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

    mutating func parseSet() throws -> TemplateNode {
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
}
