import Foundation

extension LogicalType: CustomStringConvertible {
    /// The annotation as written in schema listings, e.g. `TIMESTAMP(MICROS, UTC)`.
    public var description: String {
        switch self {
        case .string: "STRING"
        case .map: "MAP"
        case .list: "LIST"
        case .enumeration: "ENUM"
        case .decimal(let scale, let precision): "DECIMAL(\(precision), \(scale))"
        case .date: "DATE"
        case .time(let utc, let unit): "TIME(\(unit)\(utc ? ", UTC" : ""))"
        case .timestamp(let utc, let unit): "TIMESTAMP(\(unit)\(utc ? ", UTC" : ""))"
        case .integer(let width, let signed): "INT(\(width), \(signed ? "signed" : "unsigned"))"
        case .null: "NULL"
        case .json: "JSON"
        case .bson: "BSON"
        case .uuid: "UUID"
        case .float16: "FLOAT16"
        case .variant: "VARIANT"
        case .geometry(let crs): "GEOMETRY(crs=\(Self.crsSummary(crs)))"
        case .geography(let crs, let algorithm): "GEOGRAPHY(crs=\(Self.crsSummary(crs)), edges=\(Self.edgesName(algorithm)))"
        case .undefined(let id): "UNKNOWN_LOGICAL_TYPE(\(id))"
        }
    }
}

extension SchemaElement {
    /// The element's annotation: its logical type, else its legacy converted type
    /// (`DECIMAL(p, s)` spelled out), else nil.
    public var annotationDescription: String? {
        if let logicalType { return logicalType.description }
        guard let convertedType else { return nil }
        if convertedType == .decimal {
            return "DECIMAL(\(precision ?? 0), \(scale ?? 0))"
        }
        return convertedType.description
    }
}

extension Schema {
    /// One line per node: indented name, physical type (or `group`), annotation, repetition.
    public func describeLines() -> [String] {
        var rows: [(String, String, String, String)] = []
        func visit(_ node: SchemaNode, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            let physical: String
            if let type = node.element.type, node.isLeaf {
                physical = type == .fixedLenByteArray ? "FIXED_LEN_BYTE_ARRAY(\(node.element.typeLength ?? 0))" : type.description
            } else {
                physical = "group"
            }
            rows.append((indent + node.name, physical, node.element.annotationDescription ?? "-", node.repetition.description.lowercased()))
            for child in node.children { visit(child, depth: depth + 1) }
        }
        for field in fields { visit(field, depth: 0) }
        let w0 = rows.map(\.0.count).max() ?? 0
        let w1 = rows.map(\.1.count).max() ?? 0
        let w2 = rows.map(\.2.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        return rows.map { "\(pad($0.0, w0))  \(pad($0.1, w1))  \(pad($0.2, w2))  \($0.3)" }
    }
}

extension SchemaElement {
    /// A leaf's physical type with its annotation, e.g. `INT32 INT(32, unsigned)` or
    /// `FIXED_LEN_BYTE_ARRAY(4)`; `group ...` for a group.
    public var typeDescription: String {
        let physical: String
        switch type {
        case nil: physical = "group"
        case .fixedLenByteArray?: physical = "FIXED_LEN_BYTE_ARRAY(\(typeLength ?? 0))"
        case let type?: physical = type.description
        }
        return annotationDescription.map { "\(physical) \($0)" } ?? physical
    }
}

extension LogicalType {
    /// The CRS a GEOMETRY / GEOGRAPHY column declares, `OGC:CRS84` when it declares none
    /// (Geospatial.md's default); nil for other types.
    public var geospatialCRS: String? {
        switch self {
        case .geometry(let crs), .geography(let crs, _): (crs?.isEmpty ?? true) ? "OGC:CRS84" : crs
        default: nil
        }
    }

    /// The edge interpolation of a GEOGRAPHY column (`SPHERICAL` when not given), `PLANAR`
    /// for GEOMETRY; nil for other types.
    public var geospatialEdges: String? {
        switch self {
        case .geometry: "PLANAR"
        case .geography(_, let algorithm): Self.edgesName(algorithm)
        default: nil
        }
    }

    /// A CRS short enough for a schema line: the default for none, a PROJJSON object by its
    /// `name`, other long values cut after 60 characters.
    static func crsSummary(_ crs: String?) -> String {
        guard let crs, !crs.isEmpty else { return "OGC:CRS84" }
        if crs.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(crs.utf8)) as? [String: Any],
           let name = object["name"] as? String {
            return "PROJJSON \"\(name)\""
        }
        return crs.count > 60 ? String(crs.prefix(60)) + "…" : crs
    }

    static func edgesName(_ algorithm: Int32?) -> String {
        switch algorithm ?? 0 {
        case 0: "SPHERICAL"
        case 1: "VINCENTY"
        case 2: "THOMAS"
        case 3: "ANDOYER"
        case 4: "KARNEY"
        default: "algorithm \(algorithm ?? 0)"
        }
    }
}
