/// Parses `constraints`: `scalar_inequality` (`rhs` a number) and `column_inequality` (`rhs`
/// a column), each with `target_column` and `operator` (`lt`, `le`, `gt`, `ge`). Without
/// `constraint_type`, the real tool's rule picks the kind: a text `rhs` that is not a number
/// names a column. Targets and columns must be numeric or datetime sampler columns.
enum ConstraintParser {
    static func parse(_ v: ConfigValue?, columns: [ColumnConfig], file: String) throws -> [ColumnConstraint] {
        guard let v, v != .null else { return [] }
        guard case .array(let items) = v else {
            throw ConfigError("'constraints' must be a list, not \(v.kindName)", file: file, param: "constraints")
        }
        var out: [ColumnConstraint] = []
        for (i, item) in items.enumerated() {
            let f = try Fields(item, what: "constraints[\(i)]") { m, k in
                ConfigError(m, file: file, param: "constraints[\(i)]" + (k.map { ".\($0)" } ?? ""))
            }
            try f.forbidExtra(["target_column", "constraint_type", "rhs", "operator"])
            var kind: String
            if let t = f.present("constraint_type") {
                guard case .string(let s) = t, s == "scalar_inequality" || s == "column_inequality" else {
                    throw f.error("constraint_type", "constraint_type \(t.describedForMessage) is not one of scalar_inequality, column_inequality")
                }
                kind = s
            } else if case .string(let s)? = f.present("rhs"), !(PythonFloat.parse(s)?.isFinite ?? false) {
                kind = "column_inequality"
            } else {
                kind = "scalar_inequality"
            }
            let target = try f.string("target_column")
            let op = ColumnConstraint.Operator(rawValue: try f.choice("operator", ["lt", "le", "gt", "ge"])) ?? .lt
            let rhs: ColumnConstraint.RightHandSide
            if kind == "scalar_inequality" {
                rhs = .scalar(try f.float("rhs"))
            } else {
                rhs = .column(try f.string("rhs"))
            }
            for name in [target] + (rhs.columnName.map { [$0] } ?? []) {
                guard let col = columns.first(where: { $0.name == name }) else {
                    throw f.error(name == target ? "target_column" : "rhs", "These constrained columns are missing in the definitions of your sampler columns: '\(name)'")
                }
                guard case .sampler(let s) = col.kind, isComparable(s, col.convertTo) else {
                    throw f.error(name == target ? "target_column" : "rhs", "column '\(name)' is not a numeric or datetime sampler column; constraints compare sampler values")
                }
                if case .scalar = rhs, case .sampler(.datetime) = col.kind {
                    throw f.error("rhs", "a scalar_inequality cannot compare the datetime column '\(name)' with a number")
                }
                if case .scalar = rhs, case .sampler(.timedelta) = col.kind {
                    throw f.error("rhs", "a scalar_inequality cannot compare the datetime column '\(name)' with a number")
                }
            }
            out.append(ColumnConstraint(target: target, op: op, rhs: rhs))
        }
        return out
    }

    private static func isComparable(_ s: Sampler, _ convert: ConvertTo?) -> Bool {
        if convert == .str { return false }
        switch s {
        case .uniform, .gaussian, .bernoulli, .binomial, .poisson, .datetime, .timedelta: return true
        case .category(let values, _): return values.allSatisfy { if case .string = $0 { false } else { true } }
        case .subcategory(_, let groups): return groups.allSatisfy { $0.values.allSatisfy { if case .string = $0 { false } else { true } } }
        case .scipy, .bernoulliMixture: return true
        case .uuid, .personFromFaker: return false
        }
    }

    /// The constraint in the real tool's serialized shape.
    static func value(_ c: ColumnConstraint) -> ConfigValue {
        switch c.rhs {
        case .scalar(let d):
            return .object([("target_column", .string(c.target)), ("constraint_type", .string("scalar_inequality")),
                            ("rhs", .double(d)), ("operator", .string(c.op.rawValue))])
        case .column(let name):
            return .object([("target_column", .string(c.target)), ("constraint_type", .string("column_inequality")),
                            ("rhs", .string(name)), ("operator", .string(c.op.rawValue))])
        }
    }
}

extension ColumnConstraint.RightHandSide {
    var columnName: String? { if case .column(let n) = self { n } else { nil } }
}

/// Parses `processors`: `drop_columns` (`name`, `column_names`: names or `*` globs) and
/// `schema_transform` (`name`, `template`: a mapping whose strings are Jinja2 templates, compiled
/// here with `engine` so that a template outside the subset is refused when the config loads).
enum ProcessorParser {
    static func parse(_ v: ConfigValue?, columns: [ColumnConfig], file: String,
                      engine: TemplateEngine = .secure) throws -> ([ProcessorConfig], ConfigValue) {
        guard let v, v != .null else { return ([], .null) }
        guard case .array(let items) = v else {
            throw ConfigError("'processors' must be a list, not \(v.kindName)", file: file, param: "processors")
        }
        var out: [ProcessorConfig] = []
        var values: [ConfigValue] = []
        for (i, item) in items.enumerated() {
            let f = try Fields(item, what: "processors[\(i)]") { m, k in
                ConfigError(m, file: file, param: "processors[\(i)]" + (k.map { ".\($0)" } ?? ""))
            }
            let type = try f.string("processor_type")
            switch type {
            case "drop_columns":
                try f.forbidExtra(["name", "processor_type", "column_names"])
                let name = try f.string("name")
                let names = try f.stringList("column_names")
                for n in names where !n.contains("*") && !columns.contains(where: { $0.name == n }) {
                    throw f.error("column_names", "Drop columns processor is configured to drop column '\(n)', but the column is not defined.")
                }
                out.append(.dropColumns(name: name, columnNames: names))
                values.append(.object([("name", .string(name)), ("processor_type", .string(type)),
                                       ("column_names", .array(names.map { .string($0) }))]))
            case "schema_transform":
                try f.forbidExtra(["name", "processor_type", "template"])
                let name = try f.string("name")
                guard let template = f["template"], case .object = template else {
                    throw f.error("template", "must be a mapping of output column names to templates (the real model requires a dict)")
                }
                if let why = SchemaTransform.problem(name: name, template: template, engine: engine) {
                    throw f.error("template", why)
                }
                for case .schemaTransform(name, _) in out {
                    throw f.error("name", "another schema_transform processor is named '\(name)' (each writes processors-files/<name>/)")
                }
                out.append(.schemaTransform(name: name, template: template))
                values.append(.object([("name", .string(name)), ("processor_type", .string(type)), ("template", template)]))
            default:
                throw f.error("processor_type", "unknown processor type '\(type)' (expected drop_columns or schema_transform)")
            }
        }
        return (out, values.isEmpty ? .null : .array(values))
    }

    /// Whether `name` is one of `patterns` (names, or `fnmatch` globs with `*`, `?`, `[...]`
    /// when the pattern has a `*`).
    static func matches(_ name: String, _ patterns: [String]) -> Bool {
        patterns.contains { $0.contains("*") ? Glob.matches(name, $0) : $0 == name }
    }
}

/// `fnmatch` patterns: `*`, `?`, `[seq]`, `[!seq]`.
enum Glob {
    static func matches(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: p.count + 1), count: t.count + 1)
        func go(_ i: Int, _ j: Int) -> Bool {
            if let m = memo[i][j] { return m }
            var r: Bool
            if j == p.count {
                r = i == t.count
            } else if p[j] == "*" {
                r = go(i, j + 1) || (i < t.count && go(i + 1, j))
            } else if i == t.count {
                r = false
            } else if p[j] == "?" {
                r = go(i + 1, j + 1)
            } else if p[j] == "[", let close = p[(j + 1)...].dropFirst().firstIndex(of: "]") {
                var k = j + 1
                var negate = false
                if p[k] == "!" { negate = true; k += 1 }
                var hit = false
                while k < close {
                    if k + 2 < close, p[k + 1] == "-" {
                        if t[i].value >= p[k].value && t[i].value <= p[k + 2].value { hit = true }
                        k += 3
                    } else {
                        if t[i] == p[k] { hit = true }
                        k += 1
                    }
                }
                r = hit != negate && go(i + 1, close + 1)
            } else {
                r = t[i] == p[j] && go(i + 1, j + 1)
            }
            memo[i][j] = r
            return r
        }
        return go(0, 0)
    }
}
