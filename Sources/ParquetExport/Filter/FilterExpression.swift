import Foundation
import Parquet

/// A `--where` expression that does not parse: the message and the 1-based character
/// position it refers to.
public struct FilterSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based position (in characters) in the expression.
    public var position: Int
    public var description: String { "\(message) at position \(position)" }
}

/// The filter language of `export --where`:
///
/// ```
/// expr       := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" expr ")" | predicate
/// predicate  := column op literal | column ["not"] "in" "(" literal ("," literal)* ")"
///             | column "is" ["not"] "null"
/// op         := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
/// column     := name ("." name)*        name: letters, digits, _ ; or "double-quoted"
/// literal    := number | 'string' ('' for a quote) | true | false
/// ```
/// Keywords are case-insensitive; `&&`, `||` and `!` are accepted for `and`, `or`, `not`.
public enum FilterExpression {
    /// Parses `text` into a filter.
    /// - Throws: ``FilterSyntaxError`` naming the position of the fault.
    public static func parse(_ text: String) throws -> RowGroupFilter {
        var parser = Parser(tokens: try tokenize(text), end: text.count + 1)
        let filter = try parser.orExpression()
        if let token = parser.peek {
            throw FilterSyntaxError(message: "unexpected \(token.kind.describe)", position: token.position)
        }
        return filter
    }

    struct Token {
        enum Kind {
            case name(String), quotedName(String), number(String), string(String), symbol(String)
            var describe: String {
                switch self {
                case .name(let s): "'\(s)'"
                case .quotedName(let s): "\"\(s)\""
                case .number(let s): "number \(s)"
                case .string(let s): "string '\(s)'"
                case .symbol(let s): "'\(s)'"
                }
            }
        }
        var kind: Kind
        var position: Int
        func isKeyword(_ word: String) -> Bool {
            if case .name(let s) = kind { return s.lowercased() == word }
            return false
        }
        func isSymbol(_ symbol: String) -> Bool {
            if case .symbol(let s) = kind { return s == symbol }
            return false
        }
    }

    static func tokenize(_ text: String) throws -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                var value = ""
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == c {
                        if j + 1 < chars.count && chars[j + 1] == c { value.append(c); j += 2; continue }
                        closed = true
                        break
                    }
                    value.append(chars[j])
                    j += 1
                }
                guard closed else { throw FilterSyntaxError(message: "unterminated \(c == "'" ? "string" : "quoted name")", position: position) }
                tokens.append(Token(kind: c == "'" ? .string(value) : .quotedName(value), position: position))
                i = j + 1
                continue
            }
            if c.isNumber || ((c == "-" || c == "+") && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
                        || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E")) {
                    j += 1
                }
                tokens.append(Token(kind: .number(String(chars[i ..< j])), position: position))
                i = j
                continue
            }
            if isNameChar(c) {
                var j = i
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                tokens.append(Token(kind: .name(String(chars[i ..< j])), position: position))
                i = j
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i ... i + 1]) : ""
            if ["==", "!=", "<>", "<=", ">=", "&&", "||"].contains(two) {
                tokens.append(Token(kind: .symbol(two), position: position))
                i += 2
                continue
            }
            if "=<>(),.!".contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), position: position))
                i += 1
                continue
            }
            throw FilterSyntaxError(message: "unexpected character '\(c)'", position: position)
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var index = 0
        /// Position just past the end of the text.
        let end: Int
        init(tokens: [Token], end: Int) {
            self.tokens = tokens
            self.end = end
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }
        mutating func advance() -> Token? {
            defer { index += 1 }
            return peek
        }
        func fail(_ expected: String) -> FilterSyntaxError {
            if let token = peek { return FilterSyntaxError(message: "expected \(expected), found \(token.kind.describe)", position: token.position) }
            return FilterSyntaxError(message: "expected \(expected), found the end of the expression", position: end)
        }

        mutating func orExpression() throws -> RowGroupFilter {
            var left = try andExpression()
            while let t = peek, t.isKeyword("or") || t.isSymbol("||") {
                index += 1
                left = .or(left, try andExpression())
            }
            return left
        }

        mutating func andExpression() throws -> RowGroupFilter {
            var left = try unary()
            while let t = peek, t.isKeyword("and") || t.isSymbol("&&") {
                index += 1
                left = .and(left, try unary())
            }
            return left
        }

        mutating func unary() throws -> RowGroupFilter {
            guard let t = peek else { throw fail("a column, 'not' or '('") }
            if t.isKeyword("not") || t.isSymbol("!") {
                index += 1
                return .not(try unary())
            }
            if t.isSymbol("(") {
                index += 1
                let inner = try orExpression()
                guard let close = peek, close.isSymbol(")") else { throw fail("')'") }
                index += 1
                return inner
            }
            return try predicate()
        }

        mutating func columnName() throws -> String {
            var parts: [String] = []
            repeat {
                guard let t = peek else { throw fail("a column name") }
                switch t.kind {
                case .name(let s) where !["and", "or", "not", "in", "is", "null", "true", "false"].contains(s.lowercased()): parts.append(s)
                case .quotedName(let s): parts.append(s)
                default: throw fail("a column name")
                }
                index += 1
                guard let dot = peek, dot.isSymbol(".") else { break }
                index += 1
            } while true
            return parts.joined(separator: ".")
        }

        mutating func predicate() throws -> RowGroupFilter {
            let column = try columnName()
            guard let t = peek else { throw fail("a comparison, 'in' or 'is'") }
            if t.isKeyword("is") {
                index += 1
                var negated = false
                if let n = peek, n.isKeyword("not") { negated = true; index += 1 }
                guard let null = peek, null.isKeyword("null") else { throw fail("'null'") }
                index += 1
                return negated ? .isNotNull(column: column) : .isNull(column: column)
            }
            var negatedIn = false
            if t.isKeyword("not"), index + 1 < tokens.count, tokens[index + 1].isKeyword("in") {
                negatedIn = true
                index += 1
            }
            if let inToken = peek, inToken.isKeyword("in") {
                index += 1
                guard let open = peek, open.isSymbol("(") else { throw fail("'(' after 'in'") }
                index += 1
                var values = [try literal()]
                while let comma = peek, comma.isSymbol(",") {
                    index += 1
                    values.append(try literal())
                }
                guard let close = peek, close.isSymbol(")") else { throw fail("',' or ')'") }
                index += 1
                let filter = RowGroupFilter.isIn(column: column, values)
                return negatedIn ? .not(filter) : filter
            }
            let op: FilterComparison
            switch t.kind {
            case .symbol("="), .symbol("=="): op = .equal
            case .symbol("!="), .symbol("<>"): op = .notEqual
            case .symbol("<"): op = .less
            case .symbol("<="): op = .lessOrEqual
            case .symbol(">"): op = .greater
            case .symbol(">="): op = .greaterOrEqual
            default: throw fail("a comparison (=, !=, <, <=, >, >=), 'in' or 'is' after column \(column)")
            }
            index += 1
            return .compare(column: column, op, try literal())
        }

        mutating func literal() throws -> FilterValue {
            guard let t = peek else { throw fail("a value") }
            switch t.kind {
            case .string(let s):
                index += 1
                return .string(s)
            case .number(let text):
                index += 1
                if let i = Int64(text) { return .int(i) }
                if let u = UInt64(text) { return .uint(u) }
                // A fraction compares with DECIMAL columns by its shortest text (0.1 is 0.1).
                if let d = Double(text), d.isFinite { return .double(d) }
                throw FilterSyntaxError(message: "invalid number \(text)", position: t.position)
            case .name(let s) where s.lowercased() == "true": index += 1; return .bool(true)
            case .name(let s) where s.lowercased() == "false": index += 1; return .bool(false)
            case .name(let s) where s.lowercased() == "null":
                throw FilterSyntaxError(message: "null is not a value; use 'is null' or 'is not null'", position: t.position)
            default: throw fail("a value (number, 'string', true or false)")
            }
        }
    }
}
