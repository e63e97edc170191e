import Parquet

/// How one leaf of the unified schema is produced from a file's batch.
enum LeafPlan: Sendable, Equatable {
    /// From source column `source`: definition levels through `definitionMap` (nil when they
    /// are unchanged), values through `conversion`.
    case column(source: Int, definitionMap: [UInt32]?, conversion: ValueConversion)
    /// From the null-typed source column `source`: levels through `definitionMap` (which never
    /// reaches the leaf's maximum), no values.
    case nullFill(source: Int, definitionMap: [UInt32])

    var source: Int {
        switch self {
        case .column(let source, _, _), .nullFill(let source, _): source
        }
    }
}

/// How every leaf of the unified schema is produced from one file's batches.
struct FilePlan: Sendable {
    /// One entry per leaf of the unified schema, in order.
    var leaves: [LeafPlan]
    /// Number of leaf columns in the file's own schema.
    var sourceColumnCount: Int
    /// True when the file's batches need nothing but the unified schema and descriptors.
    var isIdentity: Bool

    /// Pairs the unified schema with a file's schema (they were unified, so pairing succeeds).
    init(target: Schema, source: Schema) throws {
        var builder = Builder(target: target, source: source)
        try builder.walkChildren(target.root, source.root, targetLevels: [0], sourceLevels: [0], parents: (.root, .root))
        var leaves: [LeafPlan] = []
        leaves.reserveCapacity(target.columns.count)
        for (index, plan) in builder.leaves.enumerated() {
            guard let plan else {
                throw ParquetError(.invalidArgument, "internal error: leaf \(index) of the unified schema has no source")
            }
            leaves.append(plan)
        }
        self.leaves = leaves
        sourceColumnCount = source.columns.count
        isIdentity = leaves.count == source.columns.count && leaves.enumerated().allSatisfy { index, plan in
            plan == .column(source: index, definitionMap: nil, conversion: .identity)
        }
    }

    private struct Builder {
        let target: Schema
        let source: Schema
        var leaves: [LeafPlan?]

        init(target: Schema, source: Schema) {
            self.target = target
            self.source = source
            leaves = Array(repeating: nil, count: target.columns.count)
        }

        /// `targetLevels` / `sourceLevels`: the maximum definition levels of the ancestors,
        /// from the root (0) down to the parent of the nodes being paired.
        mutating func walkChildren(_ t: SchemaNode, _ s: SchemaNode, targetLevels: [Int], sourceLevels: [Int],
                                   parents: (ChildMatching.Parent, ChildMatching.Parent)) throws {
            let isRoot = t.path.isEmpty
            let pairs = try ChildMatching.pair(
                first: t.children.map(\.name),
                firstPositional: !isRoot && ChildMatching.isPositional(t.element, childCount: t.children.count, parent: parents.0),
                second: s.children.map(\.name),
                secondPositional: !isRoot && ChildMatching.isPositional(s.element, childCount: s.children.count, parent: parents.1))
            let childParents = (ChildMatching.Parent(category: isRoot ? nil : GroupCategory(t.element), name: t.name),
                                ChildMatching.Parent(category: isRoot ? nil : GroupCategory(s.element), name: s.name))
            for (child, partner) in zip(t.children, pairs) {
                try walk(child, s.children[partner], targetLevels: targetLevels, sourceLevels: sourceLevels, parents: childParents)
            }
        }

        private mutating func walk(_ t: SchemaNode, _ s: SchemaNode, targetLevels: [Int], sourceLevels: [Int],
                                   parents: (ChildMatching.Parent, ChildMatching.Parent)) throws {
            let tLevels = targetLevels + [t.maxDefinitionLevel], sLevels = sourceLevels + [s.maxDefinitionLevel]
            if let sourceColumn = s.columnIndex, LeafType(element: s.element).isNull {
                let same = t.columnIndex != nil && LeafType(element: t.element) == LeafType(element: s.element)
                if !same {
                    // Every leaf below the field is null at the level where the field itself is null.
                    let map = FilePlan.definitionMap(source: sLevels, target: tLevels, deepestReached: sLevels.count - 2)
                    for column in FilePlan.leafColumns(of: t) {
                        leaves[column] = .nullFill(source: sourceColumn, definitionMap: map)
                    }
                    return
                }
            }
            switch (t.columnIndex, s.columnIndex) {
            case (let targetColumn?, let sourceColumn?):
                let map = FilePlan.definitionMap(source: sLevels, target: tLevels, deepestReached: sLevels.count - 1)
                let isIdentity = map.count == t.maxDefinitionLevel + 1 && map.enumerated().allSatisfy { $0.element == $0.offset }
                let conversion = try ValueConversion(from: source.columns[sourceColumn], to: target.columns[targetColumn])
                leaves[targetColumn] = .column(source: sourceColumn, definitionMap: isIdentity ? nil : map, conversion: conversion)
            case (nil, nil):
                try walkChildren(t, s, targetLevels: tLevels, sourceLevels: sLevels, parents: parents)
            default:
                throw ParquetError(.invalidArgument, "internal error: '\(t.path.joined(separator: "."))' is a leaf in one schema only")
            }
        }
    }

    /// The table source definition level → target definition level for one leaf.
    ///
    /// `source` and `target` hold the maximum definition level at each node of the leaf's path
    /// (index 0 is the root, level 0). A source level `d` reaches every node whose level is at
    /// most `d`; the target level is that of the deepest node reached, not going below
    /// `deepestReached` (the parent of a null-typed field, which is never itself present). A
    /// node required in the source but optional in the target thus adds 1 wherever it is reached.
    static func definitionMap(source: [Int], target: [Int], deepestReached: Int) -> [UInt32] {
        let maxLevel = source.last ?? 0
        var map: [UInt32] = []
        map.reserveCapacity(maxLevel + 1)
        let limit = min(deepestReached, source.count - 1, target.count - 1)
        var node = 0
        for level in 0...max(0, maxLevel) {
            while node < limit && source[node + 1] <= level { node += 1 }
            map.append(UInt32(clamping: target[node]))
        }
        return map
    }

    /// The leaf columns below a node, in schema order.
    static func leafColumns(of node: SchemaNode) -> [Int] {
        if let column = node.columnIndex { return [column] }
        return node.children.flatMap { leafColumns(of: $0) }
    }
}
