/// A GEOMETRY or GEOGRAPHY value decoded from its Well-Known Binary (ISO WKB, as
/// Geospatial.md specifies; the Z/M/SRID flags of PostGIS's extended WKB are read too).
///
/// All seven OGC types in 2D, Z, M and ZM. An empty point (WKB stores `POINT EMPTY` as a
/// point whose coordinates are all NaN) is a point without coordinates.
public struct Geometry: Sendable, Hashable {
    /// Which coordinates each position has beyond x and y.
    public enum Dimensions: Sendable, Hashable {
        case xy, xyz, xym, xyzm

        public var hasZ: Bool { self == .xyz || self == .xyzm }
        public var hasM: Bool { self == .xym || self == .xyzm }
        /// Coordinates per position: 2, 3 or 4.
        public var count: Int { 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) }
    }

    /// The geometry itself.
    public indirect enum Shape: Sendable, Hashable {
        /// A point; nil for `POINT EMPTY`.
        case point(Position?)
        case lineString([Position])
        /// Rings: the exterior first, then the holes.
        case polygon([[Position]])
        /// Points; nil for an empty member.
        case multiPoint([Position?])
        case multiLineString([[Position]])
        case multiPolygon([[[Position]]])
        case geometryCollection([Geometry])
    }

    public var dimensions: Dimensions
    public var shape: Shape

    public init(dimensions: Dimensions, shape: Shape) {
        self.dimensions = dimensions
        self.shape = shape
    }

    /// The OGC type name (`POINT`, `LINESTRING`, ... `GEOMETRYCOLLECTION`).
    public var typeName: String {
        switch shape {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        case .geometryCollection: "GEOMETRYCOLLECTION"
        }
    }

    /// Whether the geometry has no positions at all.
    public var isEmpty: Bool {
        switch shape {
        case .point(let p): p == nil
        case .lineString(let v): v.isEmpty
        case .polygon(let v): v.isEmpty
        case .multiPoint(let v): v.isEmpty
        case .multiLineString(let v): v.isEmpty
        case .multiPolygon(let v): v.isEmpty
        case .geometryCollection(let v): v.isEmpty
        }
    }
}

/// One position: x (easting/longitude), y (northing/latitude) and, by the geometry's
/// dimensions, z and m. Equality treats NaN coordinates as equal to each other.
public struct Position: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var z: Double?
    public var m: Double?

    public init(x: Double, y: Double, z: Double? = nil, m: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
        self.m = m
    }

    public static func == (a: Position, b: Position) -> Bool {
        func same(_ u: Double?, _ v: Double?) -> Bool {
            switch (u, v) {
            case (nil, nil): true
            case (let u?, let v?): u == v || (u.isNaN && v.isNaN)
            default: false
            }
        }
        return same(a.x, b.x) && same(a.y, b.y) && same(a.z, b.z) && same(a.m, b.m)
    }

    public func hash(into hasher: inout Hasher) {
        for v in [x, y, z ?? 0, m ?? 0] { hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern) }
        hasher.combine(z == nil)
        hasher.combine(m == nil)
    }
}

extension Geometry {
    /// Deepest nesting of geometry collections accepted; deeper values are refused.
    public static let maxDepth = 64

    /// Decodes a WKB value.
    ///
    /// - Throws: `ParquetError` (`.corrupt`) when the bytes are truncated, claim more
    ///   positions than they hold, have an unknown type code or byte order, nest collections
    ///   deeper than ``maxDepth``, or leave bytes over after the geometry.
    public init(wkb bytes: UnsafeRawBufferPointer) throws {
        var reader = WKBReader(bytes: bytes)
        self = try reader.geometry(depth: 0, expected: nil)
        guard reader.position == bytes.count else {
            throw WKBReader.malformed("\(bytes.count - reader.position) bytes follow the geometry")
        }
    }

    /// Decodes a WKB value.
    public init(wkb bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Geometry(wkb: $0) }
    }
}

/// A bounds-checked cursor over WKB bytes.
struct WKBReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var bigEndian = false

    static func malformed(_ what: String) -> ParquetError {
        ParquetError.corrupt("malformed WKB: \(what)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Self.malformed("it ends inside a geometry") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint32() throws -> UInt32 {
        guard bytes.count >= 4, position <= bytes.count - 4 else { throw Self.malformed("it ends inside a geometry") }
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    mutating func double() throws -> Double {
        guard bytes.count >= 8, position <= bytes.count - 8 else { throw Self.malformed("it ends inside a geometry") }
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
    }

    /// A count of elements each at least `minimumSize` bytes long, checked against the bytes left.
    mutating func count(_ minimumSize: Int, _ what: String) throws -> Int {
        let n = Int(try uint32())
        guard n <= (bytes.count - position) / minimumSize else {
            throw Self.malformed("\(what) claims \(n) elements but \(bytes.count - position) bytes are left")
        }
        return n
    }

    mutating func position(_ dimensions: Geometry.Dimensions) throws -> Position {
        let x = try double(), y = try double()
        let z = dimensions.hasZ ? try double() : nil
        let m = dimensions.hasM ? try double() : nil
        return Position(x: x, y: y, z: z, m: m)
    }

    mutating func positions(_ dimensions: Geometry.Dimensions, _ what: String) throws -> [Position] {
        let n = try count(8 * dimensions.count, what)
        var result: [Position] = []
        result.reserveCapacity(n)
        for _ in 0 ..< n { result.append(try position(dimensions)) }
        return result
    }

    mutating func rings(_ dimensions: Geometry.Dimensions) throws -> [[Position]] {
        let n = try count(4, "a polygon")
        var result: [[Position]] = []
        result.reserveCapacity(n)
        for _ in 0 ..< n { result.append(try positions(dimensions, "a polygon ring")) }
        return result
    }

    /// The geometry at the cursor; `expected` (a type code 1...7) for members of a multi-geometry.
    mutating func geometry(depth: Int, expected: (code: Int, dimensions: Geometry.Dimensions)?) throws -> Geometry {
        guard depth <= Geometry.maxDepth else { throw Self.malformed("collections nest deeper than \(Geometry.maxDepth) levels") }
        let order = try byte()
        guard order <= 1 else { throw Self.malformed("byte order \(order) is neither 0 nor 1") }
        bigEndian = order == 0
        let raw = try uint32()
        // ISO codes (1000 × dimensions + type) and the extended-WKB flags.
        var code = Int(raw & 0x0FFF_FFFF)
        var hasZ = raw & 0x8000_0000 != 0, hasM = raw & 0x4000_0000 != 0
        if raw & 0x2000_0000 != 0 { _ = try uint32() }  // an extended-WKB SRID
        switch code / 1000 {
        case 0: break
        case 1: hasZ = true
        case 2: hasM = true
        case 3: hasZ = true; hasM = true
        default: throw Self.malformed("unknown geometry type code \(raw)")
        }
        code %= 1000
        let dimensions: Geometry.Dimensions = hasZ ? (hasM ? .xyzm : .xyz) : (hasM ? .xym : .xy)
        if let expected {
            guard code == expected.code || expected.code == 0 else {
                throw Self.malformed("a member of type code \(code) in a collection of type code \(expected.code)")
            }
            guard dimensions == expected.dimensions else {
                throw Self.malformed("a member has other dimensions than its collection")
            }
        }
        let shape: Geometry.Shape
        switch code {
        case 1:
            let p = try position(dimensions)
            let empty = p.x.isNaN && p.y.isNaN && (p.z?.isNaN ?? true) && (p.m?.isNaN ?? true)
            shape = .point(empty ? nil : p)
        case 2:
            shape = .lineString(try positions(dimensions, "a linestring"))
        case 3:
            shape = .polygon(try rings(dimensions))
        case 4, 5, 6, 7:
            let n = try count(5, "a collection")
            var members: [Geometry] = []
            members.reserveCapacity(n)
            for _ in 0 ..< n {
                members.append(try geometry(depth: depth + 1, expected: (code == 7 ? 0 : code - 3, dimensions)))
            }
            switch code {
            case 4:
                shape = .multiPoint(members.map { if case .point(let p) = $0.shape { p } else { nil } })
            case 5:
                shape = .multiLineString(members.map { if case .lineString(let v) = $0.shape { v } else { [] } })
            case 6:
                shape = .multiPolygon(members.map { if case .polygon(let v) = $0.shape { v } else { [] } })
            default:
                shape = .geometryCollection(members)
            }
        default:
            throw Self.malformed("unknown geometry type code \(raw)")
        }
        return Geometry(dimensions: dimensions, shape: shape)
    }
}
