/// The toolkit's name and version, as reported by `data-designer --version`.
public enum ToolInfo {
    public static let name = "data-designer"
    public static let version = "0.1.0"
}
