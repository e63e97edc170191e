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

    /// The plan of file `file` from the merged tree, whose nodes record the node of every file
    /// they pair with (see ``MergedNode/sources``); `sourceColumnCount` is the number of leaf
    /// columns in the file's schema.
    init(merged: MergedNode, file: Int, sourceColumnCount: Int) throws {
        var builder = Builder(file: file)
        for child in merged.children {
            try builder.walk(child, targetLevels: [0], sourceLevels: [0])
        }
        leaves = builder.leaves
        self.sourceColumnCount = sourceColumnCount
        isIdentity = leaves.count == sourceColumnCount && leaves.enumerated().allSatisfy { index, plan in
            plan == .column(source: index, definitionMap: nil, conversion: .identity)
        }
    }

    /// Walks the merged tree in schema order, so leaves come out in the unified column order.
    private struct Builder {
        let file: Int
        var leaves: [LeafPlan] = []

        /// `targetLevels` / `sourceLevels`: the maximum definition levels of the ancestors,
        /// from the root (0) down to the parent of `node`.
        mutating func walk(_ node: MergedNode, targetLevels: [Int], sourceLevels: [Int]) throws {
            guard let s = node.sources[file], let parentLevel = targetLevels.last else {
                throw ParquetError(.invalidArgument, "internal error: '\(node.element.name)' pairs with no node of the file")
            }
            let optional = (node.element.repetition ?? .required) != .required
            let tLevels = targetLevels + [parentLevel + (optional ? 1 : 0)], sLevels = sourceLevels + [s.maxDefinitionLevel]
            if let sourceColumn = s.columnIndex, LeafType(element: s.element).isNull,
               !(node.isLeaf && LeafType(element: node.element) == LeafType(element: s.element)) {
                // Every leaf below the field is null at the level where the field itself is null.
                let map = FilePlan.definitionMap(source: sLevels, target: tLevels, deepestReached: sLevels.count - 2)
                leaves += Array(repeating: .nullFill(source: sourceColumn, definitionMap: map), count: node.leafCount)
                return
            }
            switch (node.isLeaf, s.columnIndex) {
            case (true, let sourceColumn?):
                let map = FilePlan.definitionMap(source: sLevels, target: tLevels, deepestReached: sLevels.count - 1)
                let isIdentity = map.count == (tLevels.last ?? 0) + 1 && map.enumerated().allSatisfy { $0.element == $0.offset }
                let conversion = try ValueConversion(from: s.element, to: node.element)
                leaves.append(.column(source: sourceColumn, definitionMap: isIdentity ? nil : map, conversion: conversion))
            case (false, nil):
                for child in node.children {
                    try walk(child, targetLevels: tLevels, sourceLevels: sLevels)
                }
            default:
                throw ParquetError(.invalidArgument, "internal error: '\(s.path.joined(separator: "."))' is a leaf in one schema only")
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
}
