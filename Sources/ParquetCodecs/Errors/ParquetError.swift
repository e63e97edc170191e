/// The one error type the reader throws.
///
/// Every failure caused by input (a malformed footer, a corrupt page, an encoding the reader
/// does not support) surfaces as a `ParquetError`; the reader never traps on file contents.
/// Low-level decoders throw errors without context; the layers above attach the file and
/// column with ``ParquetError/adding(file:column:)`` so that the final message names both.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely; use it to branch, and ``message`` to explain.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened or read.
        case io
        /// The bytes are not a Parquet file (bad magic, too short).
        case notParquet
        /// The file uses Parquet modular encryption.
        case encrypted
        /// A structure or value in the file is malformed, truncated or out of range.
        case corrupt
        /// A valid feature this reader does not implement (a codec, an encoding, ...).
        case unsupported
        /// A request that does not fit the file (an unknown column name, ...).
        case invalidArgument
    }

    public var kind: Kind
    /// The fault itself, without file or column.
    public var message: String
    /// The file at fault, when known.
    public var file: String?
    /// The dotted path of the column at fault, when known.
    public var column: String?

    public init(_ kind: Kind, _ message: String, file: String? = nil, column: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.column = column
    }

    /// A copy with the file and column filled in where they were not already known.
    public func adding(file: String? = nil, column: String? = nil) -> ParquetError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.column == nil { copy.column = column }
        return copy
    }

    /// `<file>: column '<column>': <message>`, leaving out what is unknown.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let column { parts.append("column '\(column)'") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// A `.corrupt` error without context (the layers above add file and column).
    package static func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, message) }
    /// An `.unsupported` error without context.
    package static func unsupported(_ message: String) -> ParquetError { ParquetError(.unsupported, message) }
}

/// Attaches file and column context to any `ParquetError` thrown by `body`, where the error
/// does not name them already (the innermost context wins). Other errors pass through.
///
/// ```swift
/// let page = try withContext(file: path, column: "score") { try decodePage() }
/// ```
@inlinable
public func withContext<T>(file: String? = nil, column: String? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ParquetError {
        throw error.adding(file: file, column: column)
    }
}
