
/// How GEOMETRY and GEOGRAPHY values are written (`--geometry`).
public enum GeometryEncoding: String, Sendable, CaseIterable {
    /// Well-Known Text, `POINT (30 10)` (the default).
    case wkt
    /// A GeoJSON geometry object (RFC 7946): in JSONL the object itself, in CSV its text.
    case geojson
    /// The stored WKB bytes as base64.
    case wkb
}

/// Well-Known Text and GeoJSON for a ``Geometry``.
///
/// WKT follows the OGC spelling of parquet-testing's geospatial files: `POINT (30 10)`,
/// `LINESTRING Z (30 10 40, 10 30 40)`, `MULTIPOINT ((30 10), (40 20))`, `POINT EMPTY`,
/// members of a collection with their own type. Numbers are the shortest digits that read
/// back to the same double, without a trailing `.0` (`30`, `2.5`, `1e+16`, `-0`); NaN is
/// `nan`, infinities `inf` / `-inf`.
public enum GeometryText {
    /// Appends the WKT of `geometry`.
    public static func appendWKT(_ geometry: Geometry, to out: inout [UInt8]) {
        out.append(contentsOf: geometry.typeName.utf8)
        switch geometry.dimensions {
        case .xy: break
        case .xyz: out.append(contentsOf: " Z".utf8)
        case .xym: out.append(contentsOf: " M".utf8)
        case .xyzm: out.append(contentsOf: " ZM".utf8)
        }
        if geometry.isEmpty {
            out.append(contentsOf: " EMPTY".utf8)
            return
        }
        out.append(UInt8(ascii: " "))
        switch geometry.shape {
        case .point(let p):
            out.append(UInt8(ascii: "("))
            if let p { appendPosition(p, to: &out) }
            out.append(UInt8(ascii: ")"))
        case .lineString(let positions):
            appendList(positions, to: &out)
        case .polygon(let rings):
            appendRings(rings, to: &out)
        case .multiPoint(let points):
            appendSeparated(points, to: &out) { p, o in
                if let p {
                    o.append(UInt8(ascii: "("))
                    appendPosition(p, to: &o)
                    o.append(UInt8(ascii: ")"))
                } else {
                    o.append(contentsOf: "EMPTY".utf8)
                }
            }
        case .multiLineString(let lines):
            appendSeparated(lines, to: &out) { appendList($0, to: &$1) }
        case .multiPolygon(let polygons):
            appendSeparated(polygons, to: &out) { appendRings($0, to: &$1) }
        case .geometryCollection(let members):
            appendSeparated(members, to: &out) { appendWKT($0, to: &$1) }
        }
    }

    /// The WKT of `geometry`.
    public static func wkt(_ geometry: Geometry) -> String {
        var out: [UInt8] = []
        appendWKT(geometry, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `geometry` as a compact GeoJSON geometry object. Positions are `[x, y]` or
    /// `[x, y, z]` (RFC 7946 has no M: it is left out); an empty point has no coordinates
    /// (`[]`); NaN and infinite coordinates are `null`.
    public static func appendGeoJSON(_ geometry: Geometry, to out: inout [UInt8]) {
        let hasZ = geometry.dimensions.hasZ
        let type: String
        switch geometry.shape {
        case .point: type = "Point"
        case .lineString: type = "LineString"
        case .polygon: type = "Polygon"
        case .multiPoint: type = "MultiPoint"
        case .multiLineString: type = "MultiLineString"
        case .multiPolygon: type = "MultiPolygon"
        case .geometryCollection: type = "GeometryCollection"
        }
        out.append(contentsOf: "{\"type\":\"\(type)\",".utf8)
        func position(_ p: Position?, _ o: inout [UInt8]) {
            o.append(UInt8(ascii: "["))
            if let p {
                appendJSONNumber(p.x, to: &o)
                o.append(UInt8(ascii: ","))
                appendJSONNumber(p.y, to: &o)
                if hasZ, let z = p.z {
                    o.append(UInt8(ascii: ","))
                    appendJSONNumber(z, to: &o)
                }
            }
            o.append(UInt8(ascii: "]"))
        }
        func array<T>(_ items: [T], _ o: inout [UInt8], _ body: (T, inout [UInt8]) -> Void) {
            o.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { o.append(UInt8(ascii: ",")) }
                body(item, &o)
            }
            o.append(UInt8(ascii: "]"))
        }
        if case .geometryCollection(let members) = geometry.shape {
            out.append(contentsOf: "\"geometries\":".utf8)
            array(members, &out) { appendGeoJSON($0, to: &$1) }
            out.append(UInt8(ascii: "}"))
            return
        }
        out.append(contentsOf: "\"coordinates\":".utf8)
        switch geometry.shape {
        case .point(let p): position(p, &out)
        case .lineString(let v): array(v, &out) { position($0, &$1) }
        case .polygon(let v): array(v, &out) { ring, o in array(ring, &o) { position($0, &$1) } }
        case .multiPoint(let v): array(v, &out) { position($0, &$1) }
        case .multiLineString(let v): array(v, &out) { line, o in array(line, &o) { position($0, &$1) } }
        case .multiPolygon(let v):
            array(v, &out) { polygon, o in array(polygon, &o) { ring, o in array(ring, &o) { position($0, &$1) } } }
        case .geometryCollection: break
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The GeoJSON text of `geometry`.
    public static func geoJSON(_ geometry: Geometry) -> String {
        var out: [UInt8] = []
        appendGeoJSON(geometry, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Pieces

    private static func appendPosition(_ p: Position, to out: inout [UInt8]) {
        appendNumber(p.x, to: &out)
        out.append(UInt8(ascii: " "))
        appendNumber(p.y, to: &out)
        if let z = p.z {
            out.append(UInt8(ascii: " "))
            appendNumber(z, to: &out)
        }
        if let m = p.m {
            out.append(UInt8(ascii: " "))
            appendNumber(m, to: &out)
        }
    }

    private static func appendList(_ positions: [Position], to out: inout [UInt8]) {
        if positions.isEmpty {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        appendSeparated(positions, to: &out) { appendPosition($0, to: &$1) }
    }

    private static func appendRings(_ rings: [[Position]], to out: inout [UInt8]) {
        if rings.isEmpty {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        appendSeparated(rings, to: &out) { appendList($0, to: &$1) }
    }

    /// `(a, b, c)` with each item written by `body`.
    private static func appendSeparated<T>(_ items: [T], to out: inout [UInt8], _ body: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "("))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(contentsOf: ", ".utf8) }
            body(item, &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    /// A WKT coordinate: shortest round-trip digits without a trailing `.0`; `nan`, `inf`, `-inf`.
    package static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        if v.isNaN {
            out.append(contentsOf: "nan".utf8)
        } else if v.isInfinite {
            out.append(contentsOf: (v < 0 ? "-inf" : "inf").utf8)
        } else {
            appendTrimmed(v, to: &out)
        }
    }

    /// A GeoJSON coordinate: like WKT, but NaN and infinities (not JSON numbers) are `null`.
    package static func appendJSONNumber(_ v: Double, to out: inout [UInt8]) {
        if v.isFinite { appendTrimmed(v, to: &out) } else { out.append(contentsOf: nullText) }
    }

    private static func appendTrimmed(_ v: Double, to out: inout [UInt8]) {
        let start = out.count
        _ = ValueText.appendDouble(v, to: &out)
        if out.count - start >= 2, out[out.count - 2] == UInt8(ascii: "."), out[out.count - 1] == UInt8(ascii: "0") {
            out.removeLast(2)
        }
    }
}
