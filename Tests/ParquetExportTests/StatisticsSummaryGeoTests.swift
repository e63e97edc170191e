import XCTest
import Parquet
@testable import ParquetExport

/// Folding geospatial bounding boxes over row groups, across the antimeridian too.
final class StatisticsSummaryGeoTests: XCTestCase {
    func box(_ x: (Double, Double), _ y: (Double, Double), z: (Double, Double)? = nil) -> BoundingBox {
        var b = BoundingBox()
        (b.xmin, b.xmax, b.ymin, b.ymax) = (x.0, x.1, y.0, y.1)
        (b.zmin, b.zmax) = (z?.0, z?.1)
        return b
    }

    func testUnion() throws {
        let plain = try XCTUnwrap(StatisticsSummary.union([box((0, 10), (0, 1), z: (1, 2)), box((-5, 3), (-2, 0), z: (0, 1))]))
        XCTAssertEqual([plain.xmin, plain.xmax, plain.ymin, plain.ymax], [-5, 10, -2, 1])
        XCTAssertEqual(plain.zmin, 0)
        XCTAssertEqual(plain.zmax, 2)
        // z is known only where every box has it.
        XCTAssertNil(StatisticsSummary.union([box((0, 1), (0, 1), z: (1, 2)), box((0, 1), (0, 1))])?.zmin)
        // 170..-170 (across the antimeridian) with 160..175: the shortest arc is 160..-170.
        let wrapped = try XCTUnwrap(StatisticsSummary.union([box((170, -170), (0, 1)), box((160, 175), (0, 1))]))
        XCTAssertEqual([wrapped.xmin, wrapped.xmax], [160, -170])
        // Two arcs far apart across the antimeridian: -175..-160 and 150..178 with 170..-178.
        let arcs = try XCTUnwrap(StatisticsSummary.union([box((-175, -160), (0, 1)), box((150, 178), (0, 1)), box((170, -178), (0, 1))]))
        XCTAssertEqual([arcs.xmin, arcs.xmax], [150, -160])
        XCTAssertNil(StatisticsSummary.union([]))
    }

    func testDescription() {
        var column = StatisticsSummary.Column(path: "g", nullCount: 0, min: nil, max: nil)
        column.boundingBox = box((170, -170.5), (1e-7, 2))
        column.geospatialTypes = [1, 1003, 3007]
        XCTAssertEqual(column.geospatialDescription, "bbox x [170, -170.5] y [1e-07, 2]; types POINT, POLYGON Z, GEOMETRYCOLLECTION ZM")
    }
}
