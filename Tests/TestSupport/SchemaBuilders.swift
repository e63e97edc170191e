import Parquet

/// A schema leaf (a column) for test schemas.
public func leaf(_ name: String, _ type: PhysicalType, _ repetition: Repetition, logical: LogicalType? = nil,
                 converted: ConvertedType? = nil, length: Int32? = nil, scale: Int32? = nil,
                 precision: Int32? = nil) -> SchemaElement {
    var e = SchemaElement()
    e.name = name
    e.type = type
    e.repetition = repetition
    e.logicalType = logical
    e.convertedType = converted
    e.typeLength = length
    e.scale = scale
    e.precision = precision
    return e
}

/// A schema group of `children` elements (the root when `repetition` is nil) for test schemas.
public func group(_ name: String, _ repetition: Repetition?, children: Int, logical: LogicalType? = nil,
                  converted: ConvertedType? = nil) -> SchemaElement {
    var e = SchemaElement()
    e.name = name
    e.repetition = repetition
    e.numChildren = Int32(children)
    e.logicalType = logical
    e.convertedType = converted
    return e
}
