/// A failure of `create`: a refused resume, a value that cannot be produced, an I/O error
/// in the dataset folder. The message names the folder, file, column or record at fault.
public struct CreateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The whole one-line message (without the `error: ` prefix).
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
