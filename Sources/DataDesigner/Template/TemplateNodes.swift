/// Where a name in a template comes from, resolved when the template is compiled.
enum NameRef: Equatable, Sendable {
    /// A dataset column (a name the template does not define); index into the template's
    /// ``CompiledTemplate/references``.
    case column(Int)
    /// A local variable (`{% for %}` target, `loop`, `{% set %}`): a frame slot.
    case local(Int)
    /// A Jinja2 global (`range`, `dict`, ...).
    case global(String)
}

/// Binary arithmetic operators.
enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
}

/// Comparison operators of a `Compare` chain.
enum CompareOp: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", isIn = "in", notIn = "not in"
}

/// An expression, shaped like Jinja2's AST so that node counts and depths match the real
/// sandbox's complexity limits.
indirect enum TemplateExpr: Sendable {
    case const(TemplateValue)
    case name(String, NameRef)
    case getattr(TemplateExpr, String)
    case getitem(TemplateExpr, TemplateExpr)
    /// A slice inside `getitem` (start, stop, step).
    case slice(TemplateExpr?, TemplateExpr?, TemplateExpr?)
    case filter(TemplateExpr, String, [TemplateExpr], [(String, TemplateExpr)])
    case test(TemplateExpr, String, [TemplateExpr], [(String, TemplateExpr)])
    case call(TemplateExpr, [TemplateExpr], [(String, TemplateExpr)])
    case condExpr(TemplateExpr, TemplateExpr, TemplateExpr?)
    case and(TemplateExpr, TemplateExpr)
    case or(TemplateExpr, TemplateExpr)
    case not(TemplateExpr)
    case neg(TemplateExpr)
    case pos(TemplateExpr)
    case binary(BinaryOp, TemplateExpr, TemplateExpr)
    case concat([TemplateExpr])
    case compare(TemplateExpr, [(CompareOp, TemplateExpr)])
    case list([TemplateExpr])
    case tuple([TemplateExpr])
    case dict([(TemplateExpr, TemplateExpr)])

    /// The number of Jinja2 nodes of this expression (itself included) and its depth.
    var jinjaShape: (count: Int, depth: Int) {
        func combine(_ parts: [(count: Int, depth: Int)]) -> (count: Int, depth: Int) {
            var c = 1, d = 0
            for p in parts { c += p.count; d = max(d, p.depth) }
            return (c, 1 + d)
        }
        func kwShape(_ kw: [(String, TemplateExpr)]) -> [(count: Int, depth: Int)] {
            kw.map { let s = $0.1.jinjaShape; return (s.count + 1, s.depth + 1) }  // Keyword node
        }
        switch self {
        case .const, .name: return (1, 1)
        case .getattr(let e, _): return combine([e.jinjaShape])
        case .getitem(let a, let b): return combine([a.jinjaShape, b.jinjaShape])
        case let .slice(a, b, c): return combine([a, b, c].compactMap { $0?.jinjaShape })
        case let .filter(e, _, args, kw), let .test(e, _, args, kw), let .call(e, args, kw):
            return combine([e.jinjaShape] + args.map(\.jinjaShape) + kwShape(kw))
        case let .condExpr(a, b, c): return combine([a.jinjaShape, b.jinjaShape] + (c.map { [$0.jinjaShape] } ?? []))
        case let .and(a, b), let .or(a, b), let .binary(_, a, b): return combine([a.jinjaShape, b.jinjaShape])
        case let .not(e), let .neg(e), let .pos(e): return combine([e.jinjaShape])
        case let .concat(items), let .list(items), let .tuple(items): return combine(items.map(\.jinjaShape))
        case let .compare(e, ops):
            // Each operand is an `Operand` node holding its expression.
            return combine([e.jinjaShape] + ops.map { let s = $0.1.jinjaShape; return (s.count + 1, s.depth + 1) })
        case let .dict(pairs):
            return combine(pairs.map { p in
                let k = p.0.jinjaShape, v = p.1.jinjaShape
                return (k.count + v.count + 1, max(k.depth, v.depth) + 1)  // Pair node
            })
        }
    }
}

/// A statement or output of a template body.
indirect enum TemplateNode: Sendable {
    /// A run of literal text and `{{ }}` outputs (Jinja2's `Output` node).
    case output([TemplateOutputPart])
    /// `{% if %}` with its `elif` branches and `else`.
    case ifBlock(branches: [(TemplateExpr, [TemplateNode])], otherwise: [TemplateNode])
    case forLoop(ForLoop)
    /// `{% set a = ... %}` / `{% set a, b = ... %}`.
    case assign(targets: [Int], value: TemplateExpr)
    /// `{% set a %}...{% endset %}`.
    case assignBlock(target: Int, body: [TemplateNode])

    struct ForLoop: Sendable {
        /// Target slots (several for `for k, v in ...`).
        var targets: [Int]
        var unpack: Bool
        var iterable: TemplateExpr
        var filter: TemplateExpr?
        var body: [TemplateNode]
        var otherwise: [TemplateNode]
        /// The slot of `loop` when the body uses it.
        var loopSlot: Int?
    }

    /// Jinja2 node count and depth (the node itself included).
    var jinjaShape: (count: Int, depth: Int) {
        func body(_ nodes: [TemplateNode]) -> (Int, Int) {
            var c = 0, d = 0
            for n in nodes { let s = n.jinjaShape; c += s.count; d = max(d, s.depth) }
            return (c, d)
        }
        switch self {
        case .output(let parts):
            var c = 1, d = 0
            for p in parts {
                switch p {
                case .text: c += 1; d = max(d, 1)
                case .expr(let e): let s = e.jinjaShape; c += s.count; d = max(d, s.depth)
                }
            }
            return (c, 1 + d)
        case let .ifBlock(branches, otherwise):
            // If(test, body, elif_=[If...], else_); each elif is a nested If node.
            var c = 0, d = 0
            for (k, b) in branches.enumerated() {
                let t = b.0.jinjaShape, bb = body(b.1)
                c += 1 + t.count + bb.0
                let depth = 1 + max(t.depth, bb.1)
                d = max(d, k == 0 ? depth : depth + 1)
            }
            let o = body(otherwise)
            c += o.0
            d = max(d, 1 + o.1)
            return (c, d)
        case .forLoop(let f):
            let targetCount = f.unpack ? 1 + f.targets.count : 1
            let targetDepth = f.unpack ? 2 : 1
            let it = f.iterable.jinjaShape, b = body(f.body), o = body(f.otherwise)
            let t: (count: Int, depth: Int) = f.filter?.jinjaShape ?? (0, 0)
            return (1 + targetCount + it.count + b.0 + o.0 + t.count,
                    1 + max(targetDepth, it.depth, b.1, o.1, t.depth))
        case let .assign(targets, value):
            let v = value.jinjaShape
            let tc = targets.count > 1 ? 1 + targets.count : 1
            return (1 + tc + v.count, 1 + max(targets.count > 1 ? 2 : 1, v.depth))
        case let .assignBlock(_, nodes):
            let b = body(nodes)
            return (2 + b.0, 1 + max(1, b.1))
        }
    }
}

/// A part of an `Output` node.
enum TemplateOutputPart: Sendable {
    case text([UInt8])
    case expr(TemplateExpr)
}
