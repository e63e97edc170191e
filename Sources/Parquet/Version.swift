/// The toolkit's name and version, as reported by `data-designer --version` and written as
/// the default `created_by` of the files it writes. Package-internal: apps embedding the
/// library name their own files through ``ParquetWriterOptions/createdBy``.
package enum ToolInfo {
    package static let name = "data-designer"
    package static let version = "0.1.0"
    /// `data-designer version 0.1.0`: the default `created_by` of written files.
    package static var createdBy: String { "\(name) version \(version)" }
}
