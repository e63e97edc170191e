/// Where a column sits in the config, for messages.
struct ColumnContext {
    let file: String
    /// This column's name.
    let name: String

    /// A validation error naming this column and `param`.
    func error(_ message: String, param: String?) -> ConfigError {
        ConfigError(message, file: file, column: name, param: param)
    }
}

/// A parsed column and its serialized form.
struct ParsedColumn {
    var config: ColumnConfig
    /// The column in the real tool's serialized shape.
    var value: ConfigValue
    /// Columns its values are computed from (template references, parents, conditions).
    var requires: [String]
}

/// Parses the `columns` list.
enum ColumnParser {
    static let commonKeys = ["name", "drop", "column_type", "skip", "propagate_skip"]
    static let samplerKeys = commonKeys + ["sampler_type", "params", "conditional_params", "convert_to"]
    static let expressionKeys = commonKeys + ["expr", "dtype"]
    /// Column types of the real tool that need models, code or seed data.
    static let unsupportedTypes: [String: String] = [
        "llm-text": "it calls a language model", "llm-code": "it calls a language model",
        "llm-structured": "it calls a language model", "llm-judge": "it calls a language model",
        "embedding": "it calls an embedding model", "image": "it calls an image model",
        "validation": "it runs validators (code or remote endpoints)", "custom": "it runs Python code",
        "seed-dataset": "seed columns come from seed_config",
    ]

    static func parseAll(_ items: [ConfigValue], file: String, engine: TemplateEngine) throws -> [ParsedColumn] {
        var declared: [(name: String, drop: Bool)] = []
        return try parseAll(items, file: file, engine: engine, hasSeed: false, seedColumns: &declared)
    }

    /// As ``parseAll(_:file:engine:)``; with a seed config (`hasSeed`), `seed-dataset` columns
    /// (which the real tool's builder_config.json lists after the config's) are collected in
    /// `seedColumns` (name and `drop`) instead of being refused.
    static func parseAll(_ items: [ConfigValue], file: String, engine: TemplateEngine, hasSeed: Bool,
                         seedColumns: inout [(name: String, drop: Bool)]) throws -> [ParsedColumn] {
        var seen: Set<String> = []
        var out: [ParsedColumn] = []
        for (i, item) in items.enumerated() {
            guard case .object = item else {
                throw ConfigError("columns[\(i)] must be a mapping, not \(item.kindName)", file: file)
            }
            guard let nameValue = item["name"] else { throw ConfigError("columns[\(i)] has no 'name'", file: file) }
            guard case .string(let name) = nameValue, !name.isEmpty else {
                throw ConfigError("columns[\(i)]: 'name' must be a non-empty string", file: file)
            }
            guard seen.insert(name).inserted else {
                throw ConfigError("duplicate column name", file: file, column: name, param: "name")
            }
            if hasSeed, item["column_type"] == .string("seed-dataset") {
                let c = ColumnContext(file: file, name: name)
                let f = try Fields(item, what: "column '\(name)'") { m, k in c.error(m, param: k) }
                try f.forbidExtra(commonKeys)
                seedColumns.append((name, try f.bool("drop", default: false)))
                continue
            }
            out.append(try parse(item, ColumnContext(file: file, name: name), engine: engine))
        }
        return out
    }

    private static func parse(_ item: ConfigValue, _ c: ColumnContext, engine: TemplateEngine) throws -> ParsedColumn {
        let f = try Fields(item, what: "column '\(c.name)'") { m, k in c.error(m, param: k) }
        guard let typeValue = f["column_type"] else {
            throw c.error("missing 'column_type' (expected sampler or expression)", param: "column_type")
        }
        guard case .string(let type) = typeValue else {
            throw c.error("'column_type' must be a string, not \(typeValue.kindName)", param: "column_type")
        }
        if let why = unsupportedTypes[type] {
            throw c.error("column type '\(type)' is not supported: \(why); create generates sampler and expression columns", param: "column_type")
        }
        let drop = try f.bool("drop", default: false)
        let propagate = try f.bool("propagate_skip", default: true)
        switch type {
        case "sampler":
            try f.forbidExtra(samplerKeys)
            if f.present("skip") != nil {
                throw c.error("skip is not supported on sampler columns. Sampler/seed columns are collapsed into shared multi-column generators and cannot be skipped individually.", param: "skip")
            }
            return try sampler(f, c, drop: drop, propagate: propagate)
        case "expression":
            try f.forbidExtra(expressionKeys)
            return try expression(f, c, drop: drop, propagate: propagate, engine: engine)
        default:
            let known = (["sampler", "expression"] + unsupportedTypes.keys.sorted()).joined(separator: ", ")
            throw c.error("unknown column type '\(type)' (expected one of \(known))", param: "column_type")
        }
    }

    private static func sampler(_ f: Fields, _ c: ColumnContext, drop: Bool, propagate: Bool) throws -> ParsedColumn {
        guard let typeValue = f["sampler_type"] else { throw c.error("missing 'sampler_type'", param: "sampler_type") }
        guard case .string(let type) = typeValue else {
            throw c.error("'sampler_type' must be a string, not \(typeValue.kindName)", param: "sampler_type")
        }
        if SamplerParser.fields[type] == nil {
            _ = try SamplerParser.parse(type: type, params: .object([]), param: "params", c)  // refuses the type
        }
        guard let paramsValue = f.present("params") else { throw c.error("missing 'params'", param: "params") }
        let (sampler, params) = try SamplerParser.parse(type: type, params: paramsValue, param: "params", c)
        var conditional: [ConditionalSampler] = []
        var conditionalValue: [(key: String, value: ConfigValue)] = []
        var requires = samplerRequires(sampler)
        if let cp = f.present("conditional_params") {
            guard case .object(let entries) = cp else {
                throw c.error("conditional_params must be a mapping from a condition to params, not \(cp.kindName)", param: "conditional_params")
            }
            for entry in entries {
                let key = "conditional_params.\(entry.key)"
                let template: CompiledTemplate
                do {
                    template = try CompiledTemplate("{{ " + entry.key + " }}", engine: .native)
                } catch let e as TemplateSyntaxError {
                    throw c.error("condition '\(entry.key)' is not a valid expression: \(e.message)", param: key)
                }
                let (s, v) = try SamplerParser.parse(type: type, params: entry.value, param: key, c)
                conditional.append(ConditionalSampler(condition: entry.key, sampler: s))
                conditionalValue.append((entry.key, v))
                requires += template.references + samplerRequires(s)
            }
        }
        let (convert, convertValue) = try SamplerParser.convertTo(f["convert_to"], sampler: sampler, type: type, c)
        let config = ColumnConfig(name: c.name, kind: .sampler(sampler), convertTo: convert, drop: drop,
                                  propagateSkip: propagate, conditionalParams: conditional)
        let value = ConfigValue.object([
            ("name", .string(c.name)), ("drop", .bool(drop)), ("column_type", .string("sampler")), ("skip", .null),
            ("propagate_skip", .bool(propagate)), ("sampler_type", .string(type)), ("params", params),
            ("conditional_params", .object(conditionalValue)), ("convert_to", convertValue),
        ])
        return ParsedColumn(config: config, value: value, requires: requires)
    }

    static func samplerRequires(_ s: Sampler) -> [String] {
        switch s {
        case .subcategory(let parent, _): [parent]
        case .timedelta(_, _, let ref, _): [ref]
        default: []
        }
    }

    private static func expression(_ f: Fields, _ c: ColumnContext, drop: Bool, propagate: Bool,
                                   engine: TemplateEngine) throws -> ParsedColumn {
        let expr = try f.string("expr")
        if PythonText.strip(expr, chars: nil).isEmpty {
            throw c.error("Expression column '\(c.name)' has an empty or whitespace-only expression", param: "expr")
        }
        let dtypeText = try f.choice("dtype", ["int", "float", "str", "bool"], default: "str")
        let dtype = ExpressionType(rawValue: dtypeText) ?? .str
        let template: CompiledTemplate
        do {
            template = try CompiledTemplate(expr, engine: engine)
        } catch let e as TemplateSyntaxError {
            throw c.error("expr is outside the supported Jinja2 subset: \(e.message)", param: "expr")
        }
        var skip: SkipRule?
        var skipValue = ConfigValue.null
        var requires = template.references
        if let s = f.present("skip") {
            let sf = try Fields(s, what: "skip") { m, k in c.error(m, param: k.map { "skip.\($0)" } ?? "skip") }
            try sf.forbidExtra(["when", "value"])
            let when = try sf.string("when")
            let whenTemplate: CompiledTemplate
            do {
                whenTemplate = try CompiledTemplate(when, engine: .native)
            } catch let e as TemplateSyntaxError {
                throw sf.error("when", "skip.when is not a valid template: \(e.message)")
            }
            if whenTemplate.references.isEmpty {
                throw sf.error("when", "skip.when expression '\(when)' does not reference any columns. Expressions must use Jinja2 delimiters, e.g. '{{ in_stock == 0 }}' not 'in_stock == 0'.")
            }
            if whenTemplate.references.contains(c.name) {
                throw sf.error("when", "skip.when expression for column '\(c.name)' references itself")
            }
            var value = sf["value"] ?? .null
            if value != .null {
                guard value.isScalar else { throw sf.error("value", "skip.value must be a boolean, number, string or null") }
                value = try coerceSkipValue(value, dtype: dtype) { sf.error("value", $0) }
            }
            skip = SkipRule(when: when, value: value)
            skipValue = .object([("when", .string(when)), ("value", value)])
            requires += whenTemplate.references
        }
        let config = ColumnConfig(name: c.name, kind: .expression(template: expr, dtype: dtype), drop: drop, skip: skip,
                                  propagateSkip: propagate)
        let value = ConfigValue.object([
            ("name", .string(c.name)), ("drop", .bool(drop)), ("column_type", .string("expression")), ("skip", skipValue),
            ("propagate_skip", .bool(propagate)), ("expr", .string(expr)), ("dtype", .string(dtypeText)),
        ])
        return ParsedColumn(config: config, value: value, requires: requires)
    }

    /// `skip.value` converted to the dtype the way Python's `int()`, `float()`, `str()`,
    /// `bool()` convert it.
    static func coerceSkipValue(_ v: ConfigValue, dtype: ExpressionType, fail: (String) -> ConfigError) throws -> ConfigValue {
        switch (dtype, v) {
        case (.str, .string), (.int, .int), (.float, .double), (.bool, .bool): return v
        case (.str, _):
            var out: [UInt8] = []
            TemplateValue(configScalar: v).appendStr(to: &out)
            return .string(String(decoding: out, as: UTF8.self))
        case (.int, .bool(let b)): return .int(b ? 1 : 0)
        case (.int, .double(let d)):
            guard let i = TextFormat.int(truncating: d) else { throw fail("skip.value \(d) cannot be converted to int") }
            return .int(i)
        case (.int, .string(let s)):
            guard let i = TemplateRuntime<NoVariables>.parseInt(s, base: 10) else { throw fail("skip.value '\(s)' cannot be converted to int") }
            return .int(i)
        case (.float, .int(let i)): return .double(Double(i))
        case (.float, .bool(let b)): return .double(b ? 1 : 0)
        case (.float, .string(let s)):
            guard let d = PythonFloat.parse(s) else { throw fail("skip.value '\(s)' cannot be converted to float") }
            return .double(d)
        case (.bool, _): return .bool(TemplateValue(configScalar: v).isTruthy)
        default: throw fail("skip.value cannot be converted to \(dtype.rawValue)")
        }
    }

    /// The uuid column the real tool adds (and drops) when a config has neither a sampler
    /// column nor a seed dataset, so that rows can be made.
    static func internalRowID() -> ParsedColumn {
        let config = ColumnConfig(name: "_internal_row_id", kind: .sampler(.uuid(prefix: "", shortForm: false, uppercase: false)), drop: true)
        let params = ConfigValue.object([("prefix", .null), ("short_form", .bool(false)), ("uppercase", .bool(false)),
                                         ("sampler_type", .string("uuid"))])
        let value = ConfigValue.object([
            ("name", .string("_internal_row_id")), ("drop", .bool(true)), ("column_type", .string("sampler")), ("skip", .null),
            ("propagate_skip", .bool(true)), ("sampler_type", .string("uuid")), ("params", params),
            ("conditional_params", .object([])), ("convert_to", .null),
        ])
        return ParsedColumn(config: config, value: value, requires: [])
    }

    // MARK: Cross-column checks

    /// Checks references between columns: expression references exist and form no cycle;
    /// subcategory parents are category samplers whose values all have lists; timedelta
    /// references are datetime samplers; conditions read other sampler columns; sampler
    /// dependencies (with column-inequality constraints) form no cycle.
    /// `seedColumns`: the seed's column names when they are known (a local seed file); with a
    /// seed whose columns are not known here, any other name is accepted.
    static func crossCheck(_ columns: [ColumnConfig], constraints: [ColumnConstraint], file: String, hasSeed: Bool,
                           seedColumns: Set<String>? = nil) throws {
        var byName: [String: ColumnConfig] = [:]
        for col in columns { byName[col.name] = col }
        func err(_ col: String, _ param: String, _ message: String) -> ConfigError {
            ConfigError(message, file: file, column: col, param: param)
        }
        var samplerEdges: [String: [String]] = [:]
        var expressionEdges: [String: [String]] = [:]
        for col in columns {
            switch col.kind {
            case .sampler(let s):
                var deps: [String] = []
                for sampler in [s] + col.conditionalParams.map(\.sampler) {
                    switch sampler {
                    case let .subcategory(parent, groups):
                        guard let p = byName[parent] else { throw err(col.name, "params.category", "unknown column '\(parent)'") }
                        guard case .sampler(.category(let values, _)) = p.kind else {
                            throw err(col.name, "params.category", "Subcategory column '\(col.name)' has parent '\(parent)', which is not a sampler column with sampler_type='category'. Subcategory parents must be sampler columns with sampler_type='category'.")
                        }
                        var parentValues = values
                        for cp in p.conditionalParams { if case .category(let more, _) = cp.sampler { parentValues += more } }
                        let texts = Set(parentValues.map(\.text))
                        let keys = Set(groups.map(\.parent))
                        let missing = texts.subtracting(keys).sorted(), extra = keys.subtracting(texts).sorted()
                        if !missing.isEmpty || !extra.isEmpty {
                            throw err(col.name, "params.values", "Subcategory column '\(col.name)' must have values for each value of its parent category '\(parent)'. The following values need attention: \((missing + extra).joined(separator: ", "))")
                        }
                        if let empty = groups.first(where: { $0.values.isEmpty }) {
                            throw err(col.name, "params.values", "Subcategory column '\(col.name)' must have non-empty values for each value of its parent category '\(parent)' (none for '\(empty.parent)')")
                        }
                        deps.append(parent)
                    case let .timedelta(_, _, ref, _):
                        guard let r = byName[ref] else { throw err(col.name, "params.reference_column_name", "unknown column '\(ref)'") }
                        switch r.kind {
                        case .sampler(.datetime), .sampler(.timedelta): break
                        default: throw err(col.name, "params.reference_column_name", "column '\(ref)' is not a datetime sampler column")
                        }
                        deps.append(ref)
                    default: break
                    }
                }
                for cp in col.conditionalParams {
                    let refs = (try? CompiledTemplate("{{ " + cp.condition + " }}", engine: .native).references) ?? []
                    for r in refs {
                        guard let other = byName[r] else {
                            throw err(col.name, "conditional_params.\(cp.condition)", "the condition reads '\(r)', which is not a column")
                        }
                        guard case .sampler = other.kind, r != col.name else {
                            throw err(col.name, "conditional_params.\(cp.condition)", "the condition reads '\(r)'; conditions may read other sampler columns only")
                        }
                        deps.append(r)
                    }
                }
                samplerEdges[col.name] = deps
            case let .expression(template, _):
                // Compiled before; the references are what the template reads.
                let refs = (try? CompiledTemplate(template, engine: .native).references) ?? []
                var deps: [String] = []
                for r in refs {
                    guard byName[r] != nil || (hasSeed && (seedColumns?.contains(r) ?? true)) else {
                        throw err(col.name, "expr", "Expression column '\(col.name)' references missing column '\(r)'.")
                    }
                    if r != col.name { deps.append(r) } else {
                        throw err(col.name, "expr", "the expression reads the column itself")
                    }
                }
                if let skip = col.skip {
                    for r in (try? CompiledTemplate(skip.when, engine: .native).references) ?? [] {
                        guard byName[r] != nil || (hasSeed && (seedColumns?.contains(r) ?? true)) else {
                            throw err(col.name, "skip.when", "skip.when expression for column '\(col.name)' references '\(r)' which is not a known column.")
                        }
                        deps.append(r)
                    }
                }
                expressionEdges[col.name] = deps
            }
        }
        for c in constraints {
            if case .column(let rhs) = c.rhs { samplerEdges[c.target, default: []].append(rhs) }
        }
        try checkAcyclic(samplerEdges, order: columns.map(\.name), file: file, what: "sampler columns (parents, references, conditions and column constraints)")
        // Expressions depend on expressions only through the DAG; samplers come first.
        var exprOnly: [String: [String]] = [:]
        for (k, deps) in expressionEdges { exprOnly[k] = deps.filter { expressionEdges[$0] != nil } }
        try checkAcyclic(exprOnly, order: columns.map(\.name), file: file, what: "expression columns")
    }

    /// Refuses a cycle in `edges` (node → the nodes it depends on), naming it. Iterative, so a
    /// long chain of columns cannot exhaust the stack.
    static func checkAcyclic(_ edges: [String: [String]], order: [String], file: String, what: String) throws {
        var state: [String: Int] = [:]  // 1 on the current path, 2 done
        for root in order where edges[root] != nil && state[root] == nil {
            var stack: [(node: String, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let deps = edges[top.node] ?? []
                if top.next < deps.count {
                    stack[stack.count - 1].next += 1
                    let d = deps[top.next]
                    guard edges[d] != nil else { continue }
                    if state[d] == 1 {
                        let path = stack.map(\.node)
                        let cycle = (path.drop { $0 != d } + [d]).joined(separator: " -> ")
                        throw ConfigError("the \(what) depend on each other in a cycle: \(cycle)", file: file, column: d)
                    }
                    if state[d] == nil {
                        state[d] = 1
                        stack.append((d, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
    }
}

extension TemplateValue {
    /// A scalar config value as a template value.
    init(configScalar v: ConfigValue) {
        switch v {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map { TemplateValue(configScalar: $0) })
        case .object(let m):
            var d = TemplateDict()
            for x in m { d.set(.string(x.key), TemplateValue(configScalar: x.value)) }
            self = .dict(d)
        }
    }
}
