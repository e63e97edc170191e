import Parquet

/// A node of the unified schema while files are folded in one by one.
struct MergedNode {
    var element: SchemaElement
    var children: [MergedNode]
    var isLeaf: Bool
    /// The file whose type this node carries (named in messages).
    var origin: Int
    /// The node of each folded file that pairs with this one, by file number. A file that is
    /// null-typed at this node or above has an entry only at its null-typed node, not below it.
    /// ``FilePlan`` reads these pairings; it never matches the trees again.
    var sources: [Int: SchemaNode]

    init(node: SchemaNode, origin: Int) {
        element = node.element
        children = node.children.map { MergedNode(node: $0, origin: origin) }
        isLeaf = node.isLeaf
        self.origin = origin
        sources = [origin: node]
    }

    var isNullLeaf: Bool { isLeaf && LeafType(element: element).isNull }

    /// Number of leaf columns in this subtree.
    var leafCount: Int { isLeaf ? 1 : children.reduce(0) { $0 + $1.leafCount } }

    /// The depth-first schema element list of this subtree, with child counts set.
    func appendElements(to list: inout [SchemaElement]) {
        var e = element
        e.numChildren = isLeaf ? nil : Int32(clamping: children.count)
        list.append(e)
        for child in children { child.appendElements(to: &list) }
    }
}

/// Folds the schema of one more file into the unified schema (see ``UnifiedSchema``): one walk
/// over the (merged tree, file tree) pair decides each node's unified type and repetition and
/// records which node of the file pairs with it (``MergedNode/sources``).
struct SchemaMerger {
    /// File paths, for messages.
    let paths: [String]

    /// Unifies the accumulated top-level fields with those of file `file`.
    func mergeRoot(_ merged: MergedNode, _ root: SchemaNode, file: Int) throws -> MergedNode {
        var result = merged
        result.children = try mergeChildren(merged, root, file: file, path: [], parents: (.root, .root))
        result.sources[file] = root
        return result
    }

    private func mergeChildren(_ a: MergedNode, _ b: SchemaNode, file: Int, path: [String],
                               parents: (ChildMatching.Parent, ChildMatching.Parent)) throws -> [MergedNode] {
        let namesA = a.children.map(\.element.name), namesB = b.children.map(\.name)
        let positionalA = !path.isEmpty && ChildMatching.isPositional(a.element, childCount: namesA.count, parent: parents.0)
        let positionalB = !path.isEmpty && ChildMatching.isPositional(b.element, childCount: namesB.count, parent: parents.1)
        let pairs: [Int]
        do {
            pairs = try ChildMatching.pair(first: namesA, firstPositional: positionalA, second: namesB, secondPositional: positionalB)
        } catch {
            throw pairingError(error, a, b, file: file, path: path)
        }
        let childParents = (ChildMatching.Parent(category: path.isEmpty ? nil : GroupCategory(a.element), name: a.element.name),
                            ChildMatching.Parent(category: path.isEmpty ? nil : GroupCategory(b.element), name: b.name))
        var children: [MergedNode] = []
        children.reserveCapacity(pairs.count)
        for (child, partner) in zip(a.children, pairs) {
            children.append(try merge(child, b.children[partner], file: file, path: path + [child.element.name],
                                      parents: childParents))
        }
        return children
    }

    private func merge(_ a: MergedNode, _ b: SchemaNode, file: Int, path: [String],
                       parents: (ChildMatching.Parent, ChildMatching.Parent)) throws -> MergedNode {
        let repA = a.element.repetition ?? .required, repB = b.repetition
        let nullA = a.isNullLeaf, nullB = b.isLeaf && LeafType(element: b.element).isNull
        guard (repA == .repeated) == (repB == .repeated) else {
            throw error(path, file: file, "is \(repA) in \(paths[a.origin]) but \(repB) in \(paths[file]); a repeated field must be repeated in every file")
        }
        // Required + optional → optional; a null-typed side must be able to hold its nulls.
        let repetition: Repetition = repA == .repeated ? .repeated
            : (repA != .required || repB != .required || nullA || nullB) ? .optional : .required

        var result: MergedNode
        if nullA && !nullB {
            // The null-typed column takes the other file's type, whatever its shape; the files
            // folded so far keep their null-typed node here.
            result = MergedNode(node: b, origin: file)
            result.element.name = a.element.name
            result.sources.merge(a.sources) { new, _ in new }
        } else if nullB {
            result = a
        } else if a.isLeaf && b.isLeaf {
            result = a
            switch LeafTypeUnifier.unify(a.element, b.element) {
            case .keepFirst:
                break
            case .takeSecond:
                result.element = b.element
                result.element.name = a.element.name
                result.origin = file
            case .element(var unified):
                unified.name = a.element.name
                unified.fieldID = a.element.fieldID
                result.element = unified
            case .incompatible(let reason):
                throw typeError(path, a, b, file: file, reason: reason)
            }
        } else if a.isLeaf || b.isLeaf {
            throw typeError(path, a, b, file: file, reason: nil)
        } else {
            // Lists, maps and structs must agree; the repeated middle node of a list or map is
            // not compared (legacy writers annotate it differently).
            let middle = parents.0.category == .list || parents.0.category == .map
            guard middle || GroupCategory(a.element) == GroupCategory(b.element) else {
                throw typeError(path, a, b, file: file, reason: nil)
            }
            result = a
            result.children = try mergeChildren(a, b, file: file, path: path, parents: parents)
        }
        result.element.repetition = repetition
        result.sources[file] = b
        return result
    }

    // MARK: - Errors

    private func error(_ path: [String], file: Int, _ message: String) -> ParquetError {
        ParquetError(.invalidArgument, message, file: paths[file], column: path.joined(separator: "."))
    }

    private func typeError(_ path: [String], _ a: MergedNode, _ b: SchemaNode, file: Int, reason: String?) -> ParquetError {
        let typeA = LeafTypeUnifier.describe(a.element, isLeaf: a.isLeaf)
        let typeB = LeafTypeUnifier.describe(b.element, isLeaf: b.isLeaf)
        var message = "cannot unify \(typeA) in \(paths[a.origin]) with \(typeB) in \(paths[file])"
        if let reason { message += ": \(reason)" }
        return error(path, file: file, message)
    }

    private func pairingError(_ failure: ChildMatching.Failure, _ a: MergedNode, _ b: SchemaNode, file: Int, path: [String]) -> ParquetError {
        let first = paths[a.origin], second = paths[file]
        switch failure {
        case .missing(let name):
            return error(path + [name], file: file, "present in \(first) but missing from \(second)")
        case .extra(let name):
            return error(path + [name], file: file, "present in \(second) but not in \(first)")
        case .layout, .count:
            let typeA = LeafTypeUnifier.describe(a.element, isLeaf: false)
            let typeB = LeafTypeUnifier.describe(b.element, isLeaf: false)
            return error(path, file: file, "cannot unify \(typeA) in \(first) with \(typeB) in \(second): their nested layouts differ (\(a.children.count) vs \(b.children.count) children named \(a.children.map(\.element.name)) vs \(b.children.map(\.name)))")
        }
    }
}
