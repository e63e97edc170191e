import Parquet

/// How the children of two corresponding groups are paired during unification.
///
/// Struct fields are paired by name. The inner nodes of lists and maps are paired by position,
/// because their names carry no meaning (`list.element` and `list.item`, `key_value` and
/// `map`): the single repeated child of a LIST or MAP group, the element of a 3-level list and
/// the key and value of a map.
enum ChildMatching {
    /// Where a group sits: the category and name of its parent (nil at the top level).
    struct Parent {
        var category: GroupCategory?
        var name: String

        static let root = Parent(category: nil, name: "")
    }

    enum Failure: Error {
        /// The two groups pair their children differently (a 2-level vs a 3-level list).
        case layout
        /// Paired by position, but the child counts differ.
        case count
        /// A child of the first group has no partner in the second.
        case missing(String)
        /// A child of the second group has no partner in the first.
        case extra(String)
    }

    /// Whether the children of `element` (a group with `childCount` children under `parent`)
    /// are paired by position.
    static func isPositional(_ element: SchemaElement, childCount: Int, parent: Parent) -> Bool {
        let category = GroupCategory(element)
        if category != .structure { return childCount == 1 }
        guard element.repetition == .repeated, let parentCategory = parent.category else { return false }
        switch parentCategory {
        case .map: return true
        case .list: return childCount == 1 && element.name != "array" && element.name != parent.name + "_tuple"
        case .structure: return false
        }
    }

    /// For every child of the first group, the index of its partner among `second`.
    static func pair(first: [String], firstPositional: Bool, second: [String], secondPositional: Bool) throws(Failure) -> [Int] {
        guard firstPositional == secondPositional else { throw .layout }
        if firstPositional {
            guard first.count == second.count else { throw .count }
            return Array(second.indices)
        }
        // Name → unused indices in `second`, in order (duplicate names pair in order).
        var byName: [String: [Int]] = [:]
        for (index, name) in second.enumerated().reversed() { byName[name, default: []].append(index) }
        var result: [Int] = []
        result.reserveCapacity(first.count)
        for name in first {
            guard let index = byName[name]?.popLast() else { throw .missing(name) }
            result.append(index)
        }
        if let extra = second.indices.first(where: { !(byName[second[$0]]?.isEmpty ?? true) }) {
            throw .extra(second[extra])
        }
        return result
    }
}
