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

    /// Throws `.corrupt` naming the struct and the first of its required fields (in the
    /// order `names` lists them) that was not seen.
    @inline(__always)
    func require(_ names: ThriftStructNames) throws {
        guard mask & names.requiredMask != names.requiredMask else { return }
        for id in names.required where !contains(id) {
            throw ParquetError.corrupt("\(names.name): required field \(names.fieldName(id)) (id \(id)) is missing")
        }
    }
}

/// parquet.thrift's names of one struct and of its fields, and which fields it requires:
/// written once per struct, and read only to name a field in a message (the decoders pass
/// ``field(_:)`` to the reader as an autoclosure).
struct ThriftStructNames: Sendable {
    /// The struct's name (`ColumnMetaData`).
    let name: String
    private let fields: [(id: Int16, name: String)]
    /// The required fields' ids, in the order a missing one is looked for.
    let required: [Int16]
    /// ``required`` as a mask of ``ThriftFieldSet`` bits.
    let requiredMask: UInt64

    init(_ name: String, _ fields: KeyValuePairs<Int16, String>, required: [Int16]) {
        self.name = name
        self.fields = fields.map { (id: $0.key, name: $0.value) }
        self.required = required
        requiredMask = required.reduce(0) { $1 >= 0 && $1 < 64 ? $0 | 1 &<< UInt64($1) : $0 }
    }

    /// Field `id`'s name (`num_values`); `field <id>` for a field without one here.
    func fieldName(_ id: Int16) -> String {
        fields.first { $0.id == id }?.name ?? "field \(id)"
    }

    /// `Struct.field`, as messages name field `id` (`ColumnMetaData.num_values`).
    func field(_ id: Int16) -> String { "\(name).\(fieldName(id))" }
}
