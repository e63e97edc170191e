/// The expression half of ``TemplateParser``: Jinja2's precedence levels from conditional
/// expressions and tuples down to primaries, postfix subscripts, calls, filters and tests.
extension TemplateParser {
    // MARK: Expressions

    /// An expression or an unparenthesized tuple (`a, b`).
    mutating func parseTuple(allowEmpty: Bool, withCondExpr: Bool = true) throws -> TemplateExpr {
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

    func isTupleEnd() -> Bool {
        switch current {
        case .variableEnd, .blockEnd, .end: return true
        case .op(let o): return o == ")" || o == "]" || o == "}" || o == "="
        case .name(let n): return n == "in" || n == "if" || n == "recursive"
        default: return false
        }
    }

    mutating func nest() throws {
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

    mutating func parseOr() throws -> TemplateExpr {
        var left = try parseAnd()
        while isName("or") {
            _ = advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws -> TemplateExpr {
        var left = try parseNot()
        while isName("and") {
            _ = advance()
            left = .and(left, try parseNot())
        }
        return left
    }

    mutating func parseNot() throws -> TemplateExpr {
        if isName("not") {
            _ = advance()
            try nest()
            defer { nesting -= 1 }
            return .not(try parseNot())
        }
        return try parseCompare()
    }

    mutating func parseCompare() throws -> TemplateExpr {
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

    mutating func parseMath1() throws -> TemplateExpr {
        var left = try parseConcat()
        while isOp("+") || isOp("-") {
            let op: BinaryOp = isOp("+") ? .add : .sub
            _ = advance()
            left = .binary(op, left, try parseConcat())
        }
        return left
    }

    mutating func parseConcat() throws -> TemplateExpr {
        var items = [try parseMath2()]
        while isOp("~") {
            _ = advance()
            items.append(try parseMath2())
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    mutating func parseMath2() throws -> TemplateExpr {
        var left = try parsePow()
        while true {
            let op: BinaryOp
            if isOp("*") { op = .mul } else if isOp("/") { op = .div } else if isOp("//") { op = .floorDiv } else if isOp("%") { op = .mod } else { break }
            _ = advance()
            left = .binary(op, left, try parsePow())
        }
        return left
    }

    mutating func parsePow() throws -> TemplateExpr {
        var left = try parseUnary(withFilter: true)
        while isOp("**") {
            _ = advance()
            left = .binary(.pow, left, try parseUnary(withFilter: true))
        }
        return left
    }

    mutating func parseUnary(withFilter: Bool) throws -> TemplateExpr {
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

    mutating func parsePrimary() throws -> TemplateExpr {
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

    mutating func parsePostfix(_ start: TemplateExpr) throws -> TemplateExpr {
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

    mutating func parseSubscribed() throws -> TemplateExpr {
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

    mutating func parseCallArgs() throws -> ([TemplateExpr], [(String, TemplateExpr)]) {
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

    mutating func parseFilterExpr(_ start: TemplateExpr) throws -> TemplateExpr {
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
    func startsTestArgument() -> Bool {
        switch current {
        case .string, .integer, .float: return true
        case .name(let n): return !["else", "or", "and", "if", "in", "not", "is", "recursive"].contains(n)
        case .op(let o): return o == "[" || o == "{"
        default: return false
        }
    }
}
