import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// parquet-format 2.10–2.12 footer additions: SizeStatistics, GeospatialStatistics, the
/// IEEE 754 total order, nan_count, and how column orders decide which bounds hold.
final class SpecStatisticsTests: XCTestCase {
    func corpus() throws -> URL {
        let root = try TestPaths.requireParquetTesting()
        return root.appendingPathComponent("data")
    }

    func testNanCountAndColumnOrders() throws {
        let reader = try ParquetFileReader(path: corpus().appendingPathComponent("floating_orders_nan_count.parquet").path)
        XCTAssertEqual(reader.metadata.columnOrders, [.ieee754TotalOrder, .typeDefined, .ieee754TotalOrder, .typeDefined,
                                                      .ieee754TotalOrder, .typeDefined])
        var nans = [Int64](repeating: 0, count: 6)
        for group in reader.metadata.rowGroups.indices {
            for column in 0 ..< 6 {
                let stats = try XCTUnwrap(reader.statistics(rowGroup: group, column: column))
                XCTAssertEqual(stats.order, reader.metadata.columnOrders[column])
                nans[column] += try XCTUnwrap(stats.nanCount)
            }
        }
        XCTAssertEqual(nans, [14, 14, 14, 14, 14, 14])  // as pyarrow counts them
        let first = try XCTUnwrap(reader.statistics(rowGroup: 0, column: 0))
        XCTAssertEqual(first.min, .float(-2))
        XCTAssertEqual(first.max, .float(5))
    }

    /// The one column of a schema with a single leaf of `type`.
    func column(_ type: PhysicalType) throws -> ColumnDescriptor {
        var leaf = SchemaElement()
        leaf.name = "c"
        leaf.type = type
        leaf.repetition = .required
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = 1
        return try Schema(elements: [root, leaf]).columns[0]
    }

    func testBoundsTheColumnOrderRulesOut() throws {
        let column = try column(.float)
        var raw = Statistics()
        raw.minValue = withUnsafeBytes(of: Float.nan.bitPattern.littleEndian, Array.init)
        raw.maxValue = withUnsafeBytes(of: Float(2).bitPattern.littleEndian, Array.init)
        raw.nanCount = 3
        // TYPE_ORDER: a NaN bound is ignored; IEEE 754 total order: kept (all values NaN).
        XCTAssertNil(ColumnStatistics(raw, column: column, order: .typeDefined).min)
        XCTAssertEqual(ColumnStatistics(raw, column: column, order: .typeDefined).max, .float(2))
        XCTAssertTrue(ColumnStatistics(raw, column: column, order: .ieee754TotalOrder).min.map { if case .float(let v) = $0 { v.isNaN } else { false } } ?? false)
        XCTAssertEqual(ColumnStatistics(raw, column: column, order: .ieee754TotalOrder).nanCount, 3)
        // An order this reader does not know: no bounds at all.
        XCTAssertNil(ColumnStatistics(raw, column: column, order: .undefined(fieldID: 9)).max)
    }

    func testInt96BoundsNeedTheTimestampOrder() throws {
        let column = try column(.int96)
        var raw = Statistics()
        raw.minValue = Array(repeating: 0, count: 12)
        raw.maxValue = Array(repeating: 1, count: 12)
        XCTAssertNil(ColumnStatistics(raw, column: column, order: .typeDefined).min)
        XCTAssertNotNil(ColumnStatistics(raw, column: column, order: .int96TimestampOrder).min)
    }

    func testGeospatialAndSizeStatistics() throws {
        let reader = try ParquetFileReader(path: corpus().appendingPathComponent("geospatial/geospatial.parquet").path)
        let chunk = try XCTUnwrap(reader.metadata.rowGroups[0].columns[2].metaData)
        let geo = try XCTUnwrap(chunk.geospatialStatistics)
        let box = try XCTUnwrap(geo.bbox)
        XCTAssertEqual([box.xmin, box.xmax, box.ymin, box.ymax], [10, 40, 10, 40])
        XCTAssertEqual(box.zmin, 30)
        XCTAssertEqual(box.mmax, 1600)
        XCTAssertEqual(geo.geospatialTypes?.count, 28)
        XCTAssertEqual(geo.geospatialTypes?.last, 3007)
        let size = try XCTUnwrap(reader.metadata.rowGroups[0].columns[0].metaData?.sizeStatistics)
        XCTAssertEqual(size.unencodedByteArrayDataBytes, 84)
        XCTAssertEqual(size.definitionLevelHistogram, [0, 28])
        XCTAssertEqual(size.repetitionLevelHistogram, [])
        // GEOMETRY bounds are never used (the sort order is undefined).
        XCTAssertNil(reader.statistics(rowGroup: 0, column: 2)?.min)
    }

    func testNewFieldsRoundTrip() throws {
        var meta = FileMetaData()
        var root = SchemaElement()
        root.name = "schema"
        meta.schema = [root]
        meta.columnOrders = [.ieee754TotalOrder, .int96TimestampOrder, .typeDefined]
        var column = ColumnMetaData()
        var stats = Statistics()
        stats.nanCount = 7
        column.statistics = stats
        var size = SizeStatistics()
        size.unencodedByteArrayDataBytes = 99
        size.definitionLevelHistogram = [1, 2, 3]
        size.repetitionLevelHistogram = [4]
        column.sizeStatistics = size
        var geo = GeospatialStatistics()
        var box = BoundingBox()
        box.xmin = 170; box.xmax = -170; box.ymin = -1; box.ymax = 1; box.mmin = 5; box.mmax = 6
        geo.bbox = box
        geo.geospatialTypes = [1, 1003]
        column.geospatialStatistics = geo
        var chunk = ColumnChunk()
        chunk.metaData = column
        var group = RowGroup()
        group.columns = [chunk]
        meta.rowGroups = [group]
        let decoded = try meta.thriftCompactBytes().withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
        XCTAssertEqual(decoded, meta)
    }
}
