/// A parser for the YAML subset configs use, producing ``ConfigValue``s (keys in document
/// order).
///
/// Supported: block mappings and sequences (including `- key: v` items, a sequence at the
/// same indentation as its parent key, and nested indentation); flow `{...}` and `[...]`
/// (nested, spanning lines, trailing comma allowed); plain, single-quoted (`''` escape) and
/// double-quoted (`\n \t \" \\ \uXXXX ...` escapes) scalars, which may continue on following
/// lines (folded: a line break is a space, a blank line a newline); comments (`#` at line start or
/// after whitespace, never inside quotes); a leading `---` document start and a final `...`.
/// Plain scalars resolve as in the YAML 1.2 core schema (see ``YAMLScalar/resolve(_:)``).
///
/// Refused with an error naming the file, line and column: tabs in indentation, anchors and
/// aliases, tags, block scalars (`|`, `>`), explicit keys (`?`), directives, several
/// documents, duplicate keys, nesting deeper than 100.
struct YAMLParser {
    /// The text (shared with the scalar helpers in YAMLFlow.swift).
    let t: ConfigText
    /// Current byte offset.
    var pos = 0
    /// Current nesting depth of collections.
    var depth = 0
    /// Indentation of the content line `pos` is on (set by ``nextContentLine()``).
    var lineIndent = 0
    /// Whether `pos` is at the end of the document.
    var atEnd = false
    /// Whether a content line has been reached (a later `---` starts a second document).
    private var seenContent = false
    /// Whether a `---` has been seen.
    private var seenDocumentStart = false

    /// Parses `text` as one YAML document; an empty document is `.null`.
    static func parse(_ text: String, file: String) throws -> ConfigValue {
        let t = ConfigText(text, file: file)
        try t.checkControlCharacters()
        var p = YAMLParser(t: t)
        return try p.document()
    }

    private init(t: ConfigText) {
        self.t = t
    }

    private mutating func document() throws -> ConfigValue {
        try nextContentLine(fromDocumentStart: true)
        if atEnd { return .null }
        let v = try blockNode(indent: lineIndent, parentIndent: -1)
        if !atEnd {
            throw t.error(lineIndent > 0 ? "unexpected indentation" : "unexpected content after the top-level value", at: pos)
        }
        return v
    }

    // MARK: Lines

    @inline(__always)
    func isBlankOrEOL(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0
    }

    /// Skips spaces and a comment to the end of the line; anything else there is an error.
    mutating func finishLine() throws {
        while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
        if t[pos] == UInt8(ascii: "#") {
            while pos < t.count && t[pos] != 0x0A { pos += 1 }
        }
        if pos < t.count && t[pos] != 0x0A {
            throw t.error("unexpected \(t.describe(at: pos)) after the value", at: pos)
        }
    }

    /// Moves `pos` to the first character of the next line with content (skipping the rest
    /// of the current line, blank lines and comment lines) and sets ``lineIndent``; at the end
    /// of the document sets ``atEnd``.
    mutating func nextContentLine(fromDocumentStart: Bool = false) throws {
        var atLineStart = fromDocumentStart
        while true {
            if !atLineStart {
                while pos < t.count && t[pos] != 0x0A { pos += 1 }
                if pos >= t.count { atEnd = true; return }
                pos += 1
            }
            atLineStart = false
            let lineStart = pos
            while t[pos] == 0x20 { pos += 1 }
            if t[pos] == 0x09 {
                var q = pos
                while t[q] == 0x20 || t[q] == 0x09 { q += 1 }
                if t[q] == 0x0A || t[q] == 0 || t[q] == UInt8(ascii: "#") { pos = q; continue }
                throw t.error("tabs are not allowed for indentation", at: pos)
            }
            let b = t[pos]
            if b == 0x0A || b == UInt8(ascii: "#") { continue }
            if pos >= t.count { atEnd = true; return }
            lineIndent = pos - lineStart
            if lineIndent == 0 {
                if try skipLineIfDocumentMarker() { continue }
                if t[pos] == UInt8(ascii: "%") { throw t.error("directives are not supported", at: pos) }
            }
            seenContent = true
            return
        }
    }

    /// Handles `---` (allowed once, before any content) and `...` (end: only blank or comment
    /// lines may follow) at the start of a line.
    private mutating func skipLineIfDocumentMarker() throws -> Bool {
        let b = t[pos]
        guard (b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) && t[pos + 1] == b && t[pos + 2] == b
            && isBlankOrEOL(t[pos + 3]) else { return false }
        let at = pos
        pos += 3
        if b == UInt8(ascii: "-") {
            if seenContent || seenDocumentStart { throw t.error("multiple documents are not supported", at: at) }
            seenDocumentStart = true
            try finishLineAfterMarker(at)
            return true
        }
        try finishLineAfterMarker(at)
        // `...`: only blank lines and comments may follow.
        while pos < t.count {
            pos += 1
            while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
            if t[pos] == UInt8(ascii: "#") { while pos < t.count && t[pos] != 0x0A { pos += 1 } }
            if pos < t.count && t[pos] != 0x0A { throw t.error("multiple documents are not supported", at: pos) }
        }
        return true
    }

    private mutating func finishLineAfterMarker(_ at: Int) throws {
        while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
        if t[pos] == UInt8(ascii: "#") { while pos < t.count && t[pos] != 0x0A { pos += 1 } }
        if pos < t.count && t[pos] != 0x0A {
            throw t.error("content on the document marker line is not supported", at: pos)
        }
    }

    // MARK: Block structure

    mutating func enter(_ at: Int) throws {
        depth += 1
        if depth > configMaxDepth { throw t.error("nesting deeper than \(configMaxDepth) levels", at: at) }
    }

    /// Whether `pos` is at a block sequence indicator (`-` then space or end of line).
    private func atSequenceItem() -> Bool {
        t[pos] == UInt8(ascii: "-") && isBlankOrEOL(t[pos + 1])
    }

    /// Parses the node starting at `pos` on a line of indentation `indent`; returns with
    /// `pos` at the next content line (or ``atEnd``).
    /// `parentIndent` is the indentation of the enclosing collection (-1 at the top):
    /// continuation lines of a plain scalar must be indented more.
    private mutating func blockNode(indent: Int, parentIndent: Int) throws -> ConfigValue {
        if atSequenceItem() { return try blockSequence(indent: indent) }
        if try atMappingKey() { return try blockMapping(indent: indent) }
        let v = try inlineNode(parentIndent: parentIndent)
        try finishLine()
        try nextContentLine()
        if !atEnd && lineIndent > indent { throw t.error("unexpected indentation", at: pos) }
        return v
    }

    private mutating func blockSequence(indent: Int) throws -> ConfigValue {
        try enter(pos)
        var items: [ConfigValue] = []
        while true {
            pos += 1
            while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
            if t[pos] == UInt8(ascii: "#") || t[pos] == 0x0A || pos >= t.count {
                try finishLine()
                try nextContentLine()
                if !atEnd && lineIndent > indent {
                    items.append(try blockNode(indent: lineIndent, parentIndent: indent))
                } else {
                    items.append(.null)
                }
            } else {
                let column = pos - lineStart(of: pos)
                lineIndent = column
                items.append(try blockNode(indent: column, parentIndent: indent))
            }
            if atEnd || lineIndent < indent { break }
            if lineIndent > indent { throw t.error("unexpected indentation", at: pos) }
            if !atSequenceItem() { break }
        }
        depth -= 1
        return .array(items)
    }

    private mutating func blockMapping(indent: Int) throws -> ConfigValue {
        try enter(pos)
        var members: [(key: String, value: ConfigValue)] = []
        var keys = Set<String>()
        while true {
            let keyPos = pos
            if atSequenceItem() { throw t.error("expected a mapping key, found a sequence item", at: pos) }
            guard try atMappingKey() else { throw t.error("expected a mapping key ('key: value')", at: pos) }
            let key = try mappingKey()
            if !keys.insert(key).inserted { throw t.error("duplicate key '\(key)'", at: keyPos) }
            while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
            let value: ConfigValue
            if t[pos] == UInt8(ascii: "#") || t[pos] == 0x0A || pos >= t.count {
                try finishLine()
                try nextContentLine()
                if !atEnd && (lineIndent > indent || (lineIndent == indent && atSequenceItem())) {
                    value = try blockNode(indent: lineIndent, parentIndent: indent)
                } else {
                    value = .null
                }
            } else {
                if atSequenceItem() {
                    throw t.error("a block sequence cannot start on the line of its key", at: pos)
                }
                value = try inlineNode(parentIndent: indent)
                try finishLine()
                try nextContentLine()
            }
            members.append((key, value))
            if atEnd || lineIndent < indent { break }
            if lineIndent > indent { throw t.error("unexpected indentation", at: pos) }
        }
        depth -= 1
        return .object(members)
    }

    private func lineStart(of p: Int) -> Int {
        var i = p
        while i > 0 && t[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// Whether the line at `pos` holds `key:` (a plain or quoted scalar, then `:` followed by
    /// a space or the end of the line).
    private func atMappingKey() throws -> Bool {
        var i = pos
        let b = t[i]
        if b == UInt8(ascii: "?") && isBlankOrEOL(t[i + 1]) {
            throw t.error("explicit keys ('?') are not supported", at: i)
        }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
            i += 1
            while i < t.count && t[i] != 0x0A {
                if t[i] == UInt8(ascii: "\\") && b == UInt8(ascii: "\"") { i += 2; continue }
                if t[i] == b {
                    if b == UInt8(ascii: "'") && t[i + 1] == b { i += 2; continue }
                    break
                }
                i += 1
            }
            if t[i] != b { return false }
            i += 1
            while t[i] == 0x20 || t[i] == 0x09 { i += 1 }
            return t[i] == UInt8(ascii: ":") && isBlankOrEOL(t[i + 1])
        }
        if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { return false }
        while i < t.count && t[i] != 0x0A {
            if t[i] == UInt8(ascii: ":") && isBlankOrEOL(t[i + 1]) { return true }
            if t[i] == UInt8(ascii: "#") && i > pos && (t[i - 1] == 0x20 || t[i - 1] == 0x09) { return false }
            i += 1
        }
        return false
    }

    /// Reads a key known to be followed by `:` (see ``atMappingKey()``) and the `:`.
    private mutating func mappingKey() throws -> String {
        let key: String
        let b = t[pos]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
            key = try quotedScalar()
            while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
        } else {
            try checkPlainStart()
            let start = pos
            while !(t[pos] == UInt8(ascii: ":") && isBlankOrEOL(t[pos + 1])) { pos += 1 }
            var end = pos
            while end > start && (t[end - 1] == 0x20 || t[end - 1] == 0x09) { end -= 1 }
            if end == start { throw t.error("empty mapping key", at: start) }
            key = t.string(start, end)
        }
        pos += 1  // ':'
        return key
    }

    /// Parses a value that starts on the current line: a flow collection, a quoted scalar or
    /// a plain scalar running to the end of the line (or a comment), continued on following
    /// lines indented more than `parentIndent` (folded: a line break is a space, each blank
    /// line a newline).
    private mutating func inlineNode(parentIndent: Int) throws -> ConfigValue {
        let b = t[pos]
        if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { return try flowNode() }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return .string(try quotedScalar()) }
        try checkPlainStart()
        var text = ""
        var breaks = 0
        while true {
            let start = pos
            var end = pos
            var comment = false
            while pos < t.count && t[pos] != 0x0A {
                let c = t[pos]
                if c == UInt8(ascii: "#") && (t[pos - 1] == 0x20 || t[pos - 1] == 0x09) { comment = true; break }
                if c == UInt8(ascii: ":") && isBlankOrEOL(t[pos + 1]) {
                    throw t.error("mapping values are not allowed here (quote the value if ': ' belongs to it)", at: pos)
                }
                pos += 1
                if c != 0x20 && c != 0x09 { end = pos }
            }
            if !text.isEmpty { text += breaks == 0 ? " " : String(repeating: "\n", count: breaks) }
            text += t.string(start, end)
            pos = end
            if comment { break }
            // A continuation line: more indented than the parent, not a comment or a marker.
            var q = pos
            breaks = 0
            var next = -1
            while q < t.count {
                q += 1  // past the newline
                let lineStart = q
                while t[q] == 0x20 { q += 1 }
                if t[q] == 0x0A { breaks += 1; continue }
                if q >= t.count { break }
                if t[q] == 0x09 || t[q] == UInt8(ascii: "#") { break }
                let indent = q - lineStart
                if indent > parentIndent && indent > 0 { next = q }
                break
            }
            if next < 0 { break }
            pos = next
        }
        return YAMLScalar.resolve(text)
    }
}
