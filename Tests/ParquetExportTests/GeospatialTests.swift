import Foundation
import XCTest
import Parquet
import ParquetExport
import TestSupport

/// GEOMETRY / GEOGRAPHY: parquet-testing's data/geospatial files read as their own `wkt`
/// columns; WKB of every dimension and type to WKT and GeoJSON; hostile WKB never traps.
final class GeospatialTests: XCTestCase {
    /// Every data/geospatial file with a `wkt` column: the geometry column's text equals it, row by row.
    func testGeospatialFilesEqualTheirWKTColumns() throws {
        let root = try TestPaths.requireParquetTesting()
        let folder = root.appendingPathComponent("data/geospatial")
        let temporary = try TestPaths.temporaryFolder(self)
        var files = 0, rows = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".parquet") {
            let path = folder.appendingPathComponent(name).path
            let reader = try ParquetFileReader(path: path)
            guard reader.schema.fields.contains(where: { $0.name == "wkt" }) else { continue }
            let geometryName = try XCTUnwrap(reader.schema.columns.first { $0.kind == .geometry }?.dottedPath, name)
            let text = try exportJSONL([path], in: temporary)
            for line in text.split(separator: UInt8(ascii: "\n")) {
                let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                XCTAssertEqual(record["wkt"] as? String, record[geometryName] as? String, "\(name): \(String(decoding: line, as: UTF8.self))")
                rows += 1
            }
            files += 1
        }
        XCTAssertEqual(files, 7)
        XCTAssertEqual(rows, 1 + 1 + 1 + 1 + 1 + 3 + 196)
    }

    func testSchemaShowsCRSAndEdges() throws {
        let root = try TestPaths.requireParquetTesting()
        func line(_ file: String) throws -> String {
            let schema = try Dataset(inputs: [root.appendingPathComponent("data/geospatial/\(file)").path]).schemaSummary().schema
            return try XCTUnwrap(schema.describeLines().last)
        }
        XCTAssertTrue(try line("crs-default.parquet").contains("GEOMETRY(crs=OGC:CRS84)"))
        XCTAssertTrue(try line("crs-srid.parquet").contains("GEOMETRY(crs=srid:5070)"))
        XCTAssertTrue(try line("crs-projjson.parquet").contains("GEOMETRY(crs=projjson:projjson_epsg_5070)"))
        XCTAssertTrue(try line("crs-arbitrary-value.parquet").contains("GEOMETRY(crs=PROJJSON \"NAD83 / Conus Albers\")"))
        XCTAssertTrue(try line("crs-geography.parquet").contains("GEOGRAPHY(crs=OGC:CRS84, edges=SPHERICAL)"))
        XCTAssertEqual(LogicalType.geography(crs: nil, algorithm: 4).geospatialEdges, "KARNEY")
        XCTAssertEqual(LogicalType.geometry(crs: "").geospatialCRS, "OGC:CRS84")
    }

    // MARK: - WKB → WKT / GeoJSON

    /// WKB of a type code with `doubles` coordinates and `counts` (big- or little-endian).
    func wkb(_ code: UInt32, bigEndian: Bool = false, _ parts: [WKBPart]) -> [UInt8] {
        var out: [UInt8] = [bigEndian ? 0 : 1]
        func u32(_ v: UInt32) { out += withUnsafeBytes(of: bigEndian ? v.bigEndian : v.littleEndian, Array.init) }
        u32(code)
        for part in parts {
            switch part {
            case .count(let n): u32(n)
            case .doubles(let values):
                for v in values { out += withUnsafeBytes(of: bigEndian ? v.bitPattern.bigEndian : v.bitPattern.littleEndian, Array.init) }
            case .raw(let bytes): out += bytes
            }
        }
        return out
    }

    enum WKBPart {
        case count(UInt32)
        case doubles([Double])
        case raw([UInt8])
    }

    func text(_ bytes: [UInt8]) throws -> (wkt: String, geojson: String) {
        let g = try Geometry(wkb: bytes)
        return (GeometryText.wkt(g), GeometryText.geoJSON(g))
    }

    func testEveryTypeAndDimension() throws {
        XCTAssertEqual(try text(wkb(1, [.doubles([30, 10])])).wkt, "POINT (30 10)")
        XCTAssertEqual(try text(wkb(1, bigEndian: true, [.doubles([30.5, -10])])).wkt, "POINT (30.5 -10)")
        XCTAssertEqual(try text(wkb(1001, [.doubles([1, 2, 3])])).geojson, #"{"type":"Point","coordinates":[1,2,3]}"#)
        XCTAssertEqual(try text(wkb(2001, [.doubles([1, 2, 3])])).wkt, "POINT M (1 2 3)")
        XCTAssertEqual(try text(wkb(2001, [.doubles([1, 2, 3])])).geojson, #"{"type":"Point","coordinates":[1,2]}"#)
        XCTAssertEqual(try text(wkb(3001, [.doubles([1, 2, 3, 4])])).wkt, "POINT ZM (1 2 3 4)")
        XCTAssertEqual(try text(wkb(1, [.doubles([.nan, .nan])])).wkt, "POINT EMPTY")
        XCTAssertEqual(try text(wkb(1, [.doubles([.nan, .nan])])).geojson, #"{"type":"Point","coordinates":[]}"#)
        XCTAssertEqual(try text(wkb(1, [.doubles([.nan, 1])])).wkt, "POINT (nan 1)")
        XCTAssertEqual(try text(wkb(1, [.doubles([1e16, 1e-7])])).wkt, "POINT (1e+16 1e-07)")
        XCTAssertEqual(try text(wkb(1, [.doubles([-0.0, .infinity])])).wkt, "POINT (-0 inf)")
        XCTAssertEqual(try text(wkb(1, [.doubles([1, .infinity])])).geojson, #"{"type":"Point","coordinates":[1,null]}"#)
        XCTAssertEqual(try text(wkb(2, [.count(2), .doubles([1, 2, 3, 4])])).wkt, "LINESTRING (1 2, 3 4)")
        XCTAssertEqual(try text(wkb(1002, [.count(0)])).wkt, "LINESTRING Z EMPTY")
        let polygon = wkb(3, [.count(2), .count(4), .doubles([0, 0, 1, 0, 1, 1, 0, 0]), .count(1), .doubles([5, 5])])
        XCTAssertEqual(try text(polygon).wkt, "POLYGON ((0 0, 1 0, 1 1, 0 0), (5 5))")
        XCTAssertEqual(try text(polygon).geojson, #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[5,5]]]}"#)
        let multipoint = wkb(4, [.count(2), .raw(wkb(1, [.doubles([1, 2])])), .raw(wkb(1, bigEndian: true, [.doubles([.nan, .nan])]))])
        XCTAssertEqual(try text(multipoint).wkt, "MULTIPOINT ((1 2), EMPTY)")
        let multiline = wkb(2005, [.count(1), .raw(wkb(2002, [.count(1), .doubles([1, 2, 3])]))])
        XCTAssertEqual(try text(multiline).wkt, "MULTILINESTRING M ((1 2 3))")
        let multipolygon = wkb(6, [.count(1), .raw(polygon)])
        XCTAssertEqual(try text(multipolygon).wkt, "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0), (5 5)))")
        let collection = wkb(7, [.count(2), .raw(wkb(1, [.doubles([1, 2])])), .raw(wkb(7, [.count(0)]))])
        XCTAssertEqual(try text(collection).wkt, "GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION EMPTY)")
        XCTAssertEqual(try text(collection).geojson,
                       #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"GeometryCollection","geometries":[]}]}"#)
        // PostGIS extended WKB: Z flag and an SRID.
        XCTAssertEqual(try text(wkb(0xA000_0001, [.raw([0xE6, 0x10, 0, 0]), .doubles([1, 2, 3])])).wkt, "POINT Z (1 2 3)")
    }

    func testMalformedWKBThrows() throws {
        func fails(_ bytes: [UInt8], _ message: String, line: UInt = #line) {
            XCTAssertThrowsError(try Geometry(wkb: bytes), line: line) { XCTAssertTrue("\($0)".contains(message), "\($0)", line: line) }
        }
        fails([], "ends inside")
        fails([2, 1, 0, 0, 0], "byte order 2")
        fails(wkb(8, [.doubles([1, 2])]), "unknown geometry type code 8")
        fails(wkb(4001, [.doubles([1, 2])]), "unknown geometry type code")
        fails(wkb(2, [.count(0x7FFF_FFFF), .doubles([1, 2])]), "claims 2147483647 elements")
        fails(wkb(1, [.doubles([1])]), "ends inside")
        fails(wkb(1, [.doubles([1, 2]), .raw([0])]), "1 bytes follow the geometry")
        fails(wkb(4, [.count(1), .raw(wkb(2, [.count(0)]))]), "a member of type code 2")
        fails(wkb(4, [.count(1), .raw(wkb(1001, [.doubles([1, 2, 3])]))]), "other dimensions")
        var deep = wkb(7, [.count(0)])
        for _ in 0 ..< Geometry.maxDepth + 2 { deep = wkb(7, [.count(1), .raw(deep)]) }
        fails(deep, "deeper than")
    }

    func testMutatedWKBNeverTraps() throws {
        let polygon = wkb(1003, [.count(1), .count(3), .doubles([0, 0, 1, 1, 0, 1, 0, 0, 1])])
        let value = wkb(7, [.count(3), .raw(wkb(1, [.doubles([1, 2])])), .raw(wkb(6, [.count(0)])), .raw(wkb(7, [.count(1), .raw(wkb(3, [.count(0)]))]))]) + []
        for bytes in [polygon, value] {
            XCTAssertNoThrow(try Geometry(wkb: bytes))
            for n in 0 ..< bytes.count { _ = try? Geometry(wkb: Array(bytes[..<n])) }
            for _ in 0 ..< 5_000 {
                var mutated = bytes
                mutated[Int.random(in: 0 ..< mutated.count)] = UInt8.random(in: 0 ... 255)
                if let g = try? Geometry(wkb: mutated) { _ = GeometryText.wkt(g); _ = GeometryText.geoJSON(g) }
            }
        }
    }

    /// A malformed WKB value in a file is one error naming the file and the column.
    func testMalformedWKBInAFileIsAnError() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("bad.parquet").path
        var element = SchemaElement()
        element.name = "geom"
        element.type = .byteArray
        element.repetition = .optional
        element.logicalType = .geometry(crs: nil)
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = 1
        let schema = try Schema(elements: [root, element])
        let column = ColumnData(descriptor: schema.columns[0], definitionLevels: [1, 1], repetitionLevels: [],
                                values: .byteArray(ByteArrayValues(offsets: [0, 21, 24], bytes: wkb(1, [.doubles([1, 2])]) + [1, 2, 0])),
                                levelCount: 2)
        try writeParquetFile([RecordBatch(schema: schema, columns: [column], numRows: 2, rowGroupIndex: 0)], schema: schema, to: path)
        XCTAssertThrowsError(try exportJSONL([path], in: folder)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): column 'geom': malformed WKB"), "\(error)")
        }
        // As WKB the bytes are written as they are.
        let out = folder.appendingPathComponent("wkb.jsonl").path
        try Dataset(inputs: [path]).export(to: out, geometry: .wkb)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "{\"geom\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\"}\n{\"geom\":\"AQIA\"}\n")
    }
}
