/// The set of field ids (0..<64) seen while decoding one struct, used to enforce
/// `required` fields of parquet.thrift.
struct ThriftFieldSet {
    private var mask: UInt64 = 0

    init() {}

    /// Records field `id` (ids outside 0..<64 are never required and are ignored).
    @inline(__always)
    mutating func insert(_ id: Int16) {
        if id >= 0 && id < 64 { mask |= 1 &<< UInt64(id) }
    }

    /// Whether field `id` was seen.
    @inline(__always)
    func contains(_ id: Int16) -> Bool {
        id >= 0 && id < 64 && mask & (1 &<< UInt64(id)) != 0
    }

    /// Throws `.corrupt` naming the struct and field when required field `id` is missing.
    func require(_ id: Int16, _ structName: String, _ fieldName: String) throws {
        guard contains(id) else {
            throw ParquetError.corrupt("\(structName): required field \(fieldName) (id \(id)) is missing")
        }
    }
}
