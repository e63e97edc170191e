/// A piece of an expression column's template.
public enum TemplatePart: Sendable, Equatable {
    /// Text copied as is.
    case literal(String)
    /// `{{ name }}`: the value of the earlier column `name` (surrounding spaces trimmed).
    case reference(String)
}

/// The `{{ column }}` templates of expression columns.
public enum ExpressionTemplate {
    /// Splits `template` into literal text and `{{ name }}` references.
    ///
    /// Throws a ``ConfigError`` (message only; the caller adds file, column and param) for an
    /// unclosed `{{`, an empty `{{ }}`, Jinja statements or comments (`{%`, `{#`) and
    /// references that are not a plain name (filters `|`, operators, calls, quotes, nested
    /// braces): only substitutions are supported. A lone `}}` is literal text.
    public static func parts(of template: String) throws -> [TemplatePart] {
        let u = Array(template.utf8)
        var parts: [TemplatePart] = []
        var literalStart = 0
        var i = 0
        func flushLiteral(_ end: Int) {
            if end > literalStart {
                parts.append(.literal(String(decoding: u[literalStart ..< end], as: UTF8.self)))
            }
        }
        while i + 1 < u.count {
            guard u[i] == UInt8(ascii: "{") else { i += 1; continue }
            let n = u[i + 1]
            if n == UInt8(ascii: "%") || n == UInt8(ascii: "#") {
                throw ConfigError("template statements and comments ('{%', '{#') are not supported; only {{ column }} substitutions are")
            }
            guard n == UInt8(ascii: "{") else { i += 1; continue }
            var j = i + 2
            while j + 1 < u.count && !(u[j] == UInt8(ascii: "}") && u[j + 1] == UInt8(ascii: "}")) { j += 1 }
            guard j + 1 < u.count else { throw ConfigError("unclosed '{{' in template") }
            let inner = String(decoding: u[(i + 2) ..< j], as: UTF8.self)
            let name = inner.trimmingSpaces
            if name.isEmpty { throw ConfigError("empty '{{ }}' in template") }
            if !isPlainName(name) {
                throw ConfigError("unsupported template expression '{{\(inner)}}'; only {{ column }} substitutions are supported")
            }
            flushLiteral(i)
            parts.append(.reference(name))
            i = j + 2
            literalStart = i
        }
        flushLiteral(u.count)
        return parts
    }

    /// Whether `s` is a name a reference may use: anything but braces, quotes and the
    /// operator characters Jinja would interpret (`|`, `(`, `)`, `+`, `*`, `/`, `%`, `~`,
    /// `[`, `]`, `,`, `=`, `<`, `>`, `!`).
    static func isPlainName(_ s: String) -> Bool {
        for c in s.unicodeScalars {
            switch c {
            case "{", "}", "\"", "'", "|", "(", ")", "+", "*", "/", "%", "~", "[", "]", ",", "=", "<", ">", "!", "\n", "\t":
                return false
            default:
                continue
            }
        }
        return true
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
