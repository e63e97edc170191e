/// Which of the real tool's template sandboxes a template runs in (RunConfig
/// `jinja_rendering_engine`).
public enum TemplateEngine: String, Sendable {
    /// Data Designer's hardened sandbox (the default): a filter whitelist, no `{% set %}`, no
    /// nested loops, at most 600 AST nodes and depth 10, renders of at most 512,000 characters.
    case secure
    /// Jinja2's own sandbox: every supported filter, `{% set %}`, nested loops.
    case native
}

/// What a template does with the value of each `{{ expression }}` before it is written
/// (Jinja2's `finalize` hook).
public enum TemplateFinalize: Sendable {
    /// Python's `str()` of the value (expression columns).
    case text
    /// The value escaped for the inside of a JSON string, as the real schema_transform
    /// processor's `_escape_value_for_json` writes it: booleans `true`/`false`, `None` `null`,
    /// text JSON-escaped, lists and dicts as their `json.dumps` text JSON-escaped, anything
    /// else `str()`.
    case jsonString
}

/// Limits on one render that end the run when exceeded (hostile templates).
public struct TemplateLimits: Sendable, Equatable {
    /// The largest rendered cell, in bytes.
    public var maxCellBytes: Int
    /// The most loop iterations (and `range()` items) of one render.
    public var maxLoopIterations: Int

    public init(maxCellBytes: Int = 1 << 20, maxLoopIterations: Int = 1_000_000) {
        self.maxCellBytes = maxCellBytes
        self.maxLoopIterations = maxLoopIterations
    }
}

/// Why a render did not produce a value.
public enum TemplateFailure: Error, Sendable, Equatable {
    /// The row's render failed the way it fails in the real tool (an undefined attribute in
    /// arithmetic, a division by zero, a type error, a render over the secure sandbox's
    /// 512,000 characters, ...): the real tool drops the row.
    case render(String)
    /// A hard limit of ours (``TemplateLimits``): the run ends.
    case limit(String)
}

/// The values a template reads: one per column reference of ``CompiledTemplate/references``.
public protocol TemplateVariables {
    /// The value of reference `index` (an index into ``CompiledTemplate/references``).
    mutating func value(of index: Int) -> TemplateValue
}

/// A template compiled once: parsed, names resolved, checked against the engine's rules.
public struct CompiledTemplate: Sendable {
    /// The column names the template reads (Jinja2's undeclared variables), in order of
    /// first appearance.
    public let references: [String]
    let nodes: [TemplateNode]
    let slotCount: Int
    public let engine: TemplateEngine
    /// Set when the whole template is one `{{ expression }}` (native results keep its type).
    let singleExpression: TemplateExpr?
    /// How expression values are written.
    public let finalize: TemplateFinalize

    /// The secure sandbox's render limit, in characters (`MAX_RENDERED_LEN`).
    public static let secureMaxRenderedCharacters = 512_000
    /// The sandbox's `range()` limit (`MAX_RANGE`).
    public static let maxRange = 100_000

    /// Filters the secure sandbox allows (its `ALLOWED_JINJA_FILTERS` present in Jinja2 3.1).
    static let secureFilters: Set<String> = [
        "abs", "capitalize", "escape", "first", "float", "forceescape", "int", "items", "last", "length",
        "list", "lower", "max", "min", "random", "replace", "reverse", "round", "sort", "string", "title",
        "trim", "truncate", "unique", "upper", "urlencode",
    ]
    /// Every filter implemented here.
    static let supportedFilters: Set<String> = secureFilters.union([
        "default", "d", "join", "count", "e", "sum", "center", "wordcount", "tojson",
    ])
    static let supportedTests: Set<String> = [
        "defined", "undefined", "none", "boolean", "false", "true", "integer", "float", "number", "string",
        "mapping", "iterable", "sequence", "callable", "sameas", "escaped", "even", "odd", "divisibleby",
        "lower", "upper", "in", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt",
        "greaterthan", ">", "ge", ">=",
    ]
    static let supportedMethods: Set<String> = [
        "upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "split", "rsplit", "replace",
        "startswith", "endswith", "join", "find", "count", "zfill", "isdigit", "isalpha", "isalnum", "isspace",
        "islower", "isupper", "isnumeric", "isdecimal", "swapcase", "ljust", "rjust", "center", "get", "keys",
        "values", "items", "index",
    ]

    /// Parses and checks `source`. Throws ``TemplateSyntaxError`` naming the construct for a
    /// syntax error, a construct outside the subset, or one the engine refuses.
    public init(_ source: String, engine: TemplateEngine = .secure, finalize: TemplateFinalize = .text) throws {
        self.finalize = finalize
        let tokens = try TemplateLexer.tokenize(source)
        var parser = TemplateParser(tokens: tokens)
        nodes = try parser.parseTemplate()
        references = parser.references
        slotCount = parser.slotCount
        self.engine = engine
        if nodes.count == 1, case .output(let parts) = nodes[0], parts.count == 1, case .expr(let e) = parts[0] {
            singleExpression = e
        } else {
            singleExpression = nil
        }
        for f in parser.filters where !Self.supportedFilters.contains(f) {
            if f == "jsonpath" { throw TemplateSyntaxError("the filter 'jsonpath' is not supported") }
            throw TemplateSyntaxError("unknown or unsupported filter '\(f)'")
        }
        for t in parser.tests where !Self.supportedTests.contains(t) {
            throw TemplateSyntaxError("unknown or unsupported test 'is \(t)'")
        }
        for f in parser.functions where f != "range" && f != "dict" {
            throw TemplateSyntaxError("the function '\(f)()' is not supported (only range() and dict() are)")
        }
        for m in parser.methods where !Self.supportedMethods.contains(m) {
            throw TemplateSyntaxError("the method '.\(m)()' is not supported")
        }
        guard engine == .secure else { return }
        // The real tool's secure sandbox refuses these (validate_template / missing filters).
        if let f = parser.filters.first(where: { !Self.secureFilters.contains($0) }) {
            throw TemplateSyntaxError("the filter '\(f)' is not permitted by the secure template engine (the real tool refuses it too; set jinja_rendering_engine: native in the run config to use it)")
        }
        if parser.usesSet {
            throw TemplateSyntaxError("'{% set %}' is not permitted by the secure template engine (set jinja_rendering_engine: native in the run config to use it)")
        }
        if parser.usesNestedFor {
            throw TemplateSyntaxError("nested '{% for %}' loops are not permitted by the secure template engine (set jinja_rendering_engine: native in the run config to use them)")
        }
        if parser.usesRecursiveFor { throw TemplateSyntaxError("recursive '{% for %}' loops are not permitted") }
        if parser.usesSelf { throw TemplateSyntaxError("references to 'self' are not permitted") }
        var count = 0, depth = 0
        for n in nodes {
            let s = n.jinjaShape
            count += s.count
            depth = max(depth, s.depth)
        }
        depth += 1  // the Template root
        if count > 600 || depth > 10 {
            throw TemplateSyntaxError("the template is too complex for the secure template engine (\(count) nodes, depth \(depth); at most 600 and 10)")
        }
    }

    /// Renders the template as text into `out` (cleared first). Throws ``TemplateFailure``.
    public func render<V: TemplateVariables>(_ variables: inout V, limits: TemplateLimits,
                                             random: inout Xoshiro256StarStar, into out: inout [UInt8]) throws {
        out.removeAll(keepingCapacity: true)
        var runtime = TemplateRuntime(template: self, limits: limits, variables: variables, random: random, output: out)
        defer {
            variables = runtime.variables
            random = runtime.random
            out = runtime.output
        }
        runtime.output = []
        try runtime.run(nodes)
        if engine == .secure {
            // Characters are counted only when the bytes could exceed the limit.
            if runtime.output.count > Self.secureMaxRenderedCharacters,
               runtime.output.reduce(0, { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }) > Self.secureMaxRenderedCharacters {
                throw TemplateFailure.render("the render is longer than \(Self.secureMaxRenderedCharacters) characters")
            }
            if runtime.printedMethod {
                throw TemplateFailure.render("the template prints an uncalled method")
            }
        }
    }

    /// Evaluates the template as Jinja2's native environment does (for `skip.when`): a single
    /// `{{ expression }}` gives its value; anything else renders to text read as a Python
    /// literal when it is one.
    public func evaluateNative<V: TemplateVariables>(_ variables: inout V, limits: TemplateLimits,
                                                     random: inout Xoshiro256StarStar) throws -> TemplateValue {
        var runtime = TemplateRuntime(template: self, limits: limits, variables: variables, random: random, output: [])
        defer {
            variables = runtime.variables
            random = runtime.random
        }
        if let e = singleExpression {
            let v = try runtime.eval(e)
            if case .string(let s) = v { return PythonLiteral.parse(s) ?? v }
            return v
        }
        try runtime.run(nodes)
        let text = String(decoding: runtime.output, as: UTF8.self)
        return PythonLiteral.parse(text) ?? .string(text)
    }
}

/// Reads the Python literals `ast.literal_eval` would accept in native results: `True`,
/// `False`, `None`, integers, floats, quoted strings (simple ones).
enum PythonLiteral {
    static func parse(_ text: String) -> TemplateValue? {
        let t = PythonText.strip(text, chars: nil)
        switch t {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return TemplateValue.none
        default: break
        }
        if let i = Int64(t.replacingOccurrences(of: "_", with: "")), !t.hasPrefix("_"), !t.hasSuffix("_") { return .int(i) }
        if t.contains(where: { $0.isNumber }), let d = Double(t), !t.lowercased().contains("n") { return .float(d) }
        if t.count >= 2, let f = t.first, f == t.last, f == "'" || f == "\"" {
            let inner = t.dropFirst().dropLast()
            if !inner.contains(f), !inner.contains("\\") { return .string(String(inner)) }
        }
        if t == "[]" { return .list([]) }
        return nil
    }
}
