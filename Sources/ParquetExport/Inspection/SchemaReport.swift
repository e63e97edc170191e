/// The unified schema of a dataset with each file's counts, for `data-designer schema --json`;
/// read from the footers alone.
///
/// ```json
/// {"fields": [{"name": "id", "path": "id", "repetition": "OPTIONAL", "physical_type": "INT64",
///              "logical_type": null, "converted_type": null}, ...],
///  "records": 150, "files": [{"path": "…/batch_00000.parquet", "records": 50, "row_groups": 1}],
///  "statistics": [{"path": "id", "null_count": 0, "min": 1, "max": 150}]}
/// ```
public struct SchemaReport: Sendable {
    /// The dataset's unified schema.
    public var schema: Schema
    /// Each file's record and row-group counts, in dataset order.
    public var files: [Dataset.FileSummary]
    /// Column statistics folded over every row group of every file.
    public var statistics: StatisticsSummary

    /// Reads the footers of `dataset` and unifies their schemas (``Dataset/schemaSummary()``).
    public init(dataset: Dataset) throws {
        self = try dataset.schemaSummary()
    }

    init(schema: Schema, files: [Dataset.FileSummary], statistics: StatisticsSummary) {
        self.schema = schema
        self.files = files
        self.statistics = statistics
    }

    /// The report as JSON; `statistics` is included when `includeStatistics` is true.
    ///
    /// Each field has `name`, `path` (dotted), `repetition`, `physical_type` (leaves; null for
    /// groups), `type_length` (FIXED_LEN_BYTE_ARRAY), `logical_type` (the annotation as the
    /// text listing writes it, e.g. `TIMESTAMP(MICROS, UTC)`; null when none), `converted_type`,
    /// `precision` / `scale` (decimals), `field_id` when set, `crs` and `edges` for GEOMETRY /
    /// GEOGRAPHY (the full CRS, `OGC:CRS84` when none is declared), and `children` for groups.
    /// Statistics bounds are JSON values in the column's type (values.md), null when unknown;
    /// `nan_count`, `column_order` (when not TYPE_ORDER), `unencoded_byte_array_data_bytes`,
    /// `bbox` and `geospatial_types` appear where the footers give them.
    public func json(includeStatistics: Bool) throws -> JSONValue {
        let total = try RecordTotal.sum(files.map { FileRecordCount(path: $0.path, records: $0.records) })
        var members: [(String, JSONValue)] = [
            ("fields", .array(schema.fields.map(Self.field))),
            ("records", .int(total)),
            ("files", .array(files.map { .object([("path", .string($0.path)), ("records", .int($0.records)), ("row_groups", .int(Int64($0.rowGroups)))]) })),
        ]
        if includeStatistics {
            members.append(("statistics", .array(statistics.columns.map { column in
                var m = ThriftJSON.Members()
                m.add("path", .string(column.path))
                m.add("null_count", .int(column.nullCount))
                m.add("min", column.min.map { JSONValue.raw($0) } ?? .null)
                m.add("max", column.max.map { JSONValue.raw($0) } ?? .null)
                // Newer statistics, where the column has them.
                m.add("nan_count", column.nanCount.map { JSONValue.int($0) })
                if let order = column.order, order != "TYPE_ORDER" { m.add("column_order", .string(order)) }
                m.add("unencoded_byte_array_data_bytes", column.unencodedBytes.map { JSONValue.int($0) })
                m.add("bbox", column.boundingBox.map { b in
                    var box = ThriftJSON.Members()
                    for (key, value) in [("xmin", b.xmin), ("xmax", b.xmax), ("ymin", b.ymin), ("ymax", b.ymax)] { box.add(key, .double(value)) }
                    for (key, value) in [("zmin", b.zmin), ("zmax", b.zmax), ("mmin", b.mmin), ("mmax", b.mmax)] { box.add(key, value.map { JSONValue.double($0) }) }
                    return box.object
                })
                m.add("geospatial_types", column.geospatialTypes.map { JSONValue.array($0.map { .int(Int64($0)) }) })
                return m.object
            })))
        }
        return .object(members)
    }

    static func field(_ node: SchemaNode) -> JSONValue {
        let e = node.element
        var m = ThriftJSON.Members()
        m.add("name", .string(node.name))
        m.add("path", .string(node.path.joined(separator: ".")))
        m.add("repetition", .string(node.repetition.description))
        m.add("physical_type", node.isLeaf ? e.type.map { JSONValue.string($0.description) } ?? .null : .null)
        if node.isLeaf, e.type == .fixedLenByteArray { m.add("type_length", .int(e.typeLength)) }
        m.add("logical_type", .string(e.logicalType?.description))
        m.add("converted_type", .string(e.convertedType?.description))
        if case .decimal(let scale, let precision) = e.logicalType {
            m.add("precision", .int(Int64(precision)))
            m.add("scale", .int(Int64(scale)))
        } else if e.logicalType == nil, e.convertedType == .decimal {
            m.add("precision", .int(e.precision))
            m.add("scale", .int(e.scale))
        }
        m.add("field_id", e.fieldID.map { JSONValue.int(Int64($0)) })
        if let crs = e.logicalType?.geospatialCRS { m.add("crs", .string(crs)) }
        if let edges = e.logicalType?.geospatialEdges { m.add("edges", .string(edges)) }
        if !node.isLeaf { m.add("children", .array(node.children.map(field))) }
        return m.object
    }
}
