// Checks every annotation against the physical types LogicalTypes.md allows it on, and every
// VARIANT group against VariantEncoding.md / VariantShredding.md.

extension Schema {
    /// Throws for the first column whose logical or converted type cannot annotate its
    /// physical type (`INT_64` on INT32, `DATE` on INT64, `STRING` on FIXED_LEN_BYTE_ARRAY,
    /// `UUID` on a 12-byte array, a DECIMAL whose scale exceeds its precision, ...), and for a
    /// VARIANT group that does not have the layout of a (shredded) variant.
    ///
    /// A known logical type decides alone (the legacy converted type beside it is not looked
    /// at, as in pyarrow); the converted type is checked when there is no logical type. Logical
    /// types and converted types this reader does not know (from newer writers) are not checked:
    /// such columns read as their physical type. A DECIMAL precision above what the physical
    /// type holds (10 digits on INT32) is accepted, as pyarrow and DuckDB accept it.
    ///
    /// - Throws: `ParquetError` (`.corrupt`) naming the column, the annotation and the type.
    public func checkAnnotations() throws {
        func visit(_ node: SchemaNode) throws {
            let path = node.path.joined(separator: ".")
            if case .variant? = node.element.logicalType, !node.isLeaf {
                _ = try withContext(column: path) { try VariantShape(node: node) }
            }
            if node.isLeaf, let fault = Self.annotationFault(node.element) {
                throw ParquetError(.corrupt, fault, column: path)
            }
            for child in node.children { try visit(child) }
        }
        for field in fields { try visit(field) }
    }

    /// Why the annotation of leaf `element` cannot apply to its physical type; nil when it can.
    static func annotationFault(_ element: SchemaElement) -> String? {
        guard let physical = element.type else { return nil }
        let length = element.typeLength ?? 0
        func fault(_ annotation: String) -> String {
            let type = physical == .fixedLenByteArray ? "FIXED_LEN_BYTE_ARRAY(\(length))" : physical.description
            return "the annotation \(annotation) cannot annotate physical type \(type)"
        }
        func decimalFault(precision: Int32?, scale: Int32?, _ annotation: String) -> String? {
            guard [.int32, .int64, .byteArray, .fixedLenByteArray].contains(physical) else { return fault(annotation) }
            guard let precision, precision >= 1 else { return "the annotation \(annotation) has no positive precision" }
            let scale = scale ?? 0
            guard scale >= 0, scale <= precision else { return "the annotation \(annotation) has a scale outside 0...precision" }
            return nil
        }
        if let logical = element.logicalType {
            let allowed: Bool
            switch logical {
            case .string, .enumeration, .json, .bson, .geometry, .geography:
                allowed = physical == .byteArray
            case .decimal(let scale, let precision):
                return decimalFault(precision: precision, scale: scale, logical.description)
            case .date:
                allowed = physical == .int32
            case .time(_, let unit):
                allowed = physical == (unit == .millis ? .int32 : .int64)
            case .timestamp:
                allowed = physical == .int64
            case .integer(let width, _):
                guard [8, 16, 32, 64].contains(width) else { return "the annotation \(logical) has a bit width other than 8, 16, 32 or 64" }
                allowed = physical == (width == 64 ? .int64 : .int32)
            case .null, .undefined:
                allowed = true
            case .uuid:
                allowed = physical == .fixedLenByteArray && length == 16
            case .float16:
                allowed = physical == .fixedLenByteArray && length == 2
            case .map, .list, .variant:
                allowed = false  // group annotations
            }
            return allowed ? nil : fault(logical.description)
        }
        guard let converted = element.convertedType else { return nil }
        let allowed: Bool
        switch converted {
        case .utf8, .enumType, .json, .bson:
            allowed = physical == .byteArray
        case .decimal:
            return decimalFault(precision: element.precision, scale: element.scale, "DECIMAL")
        case .date, .timeMillis, .int8, .int16, .int32, .uint8, .uint16, .uint32:
            allowed = physical == .int32
        case .timeMicros, .timestampMillis, .timestampMicros, .int64, .uint64:
            allowed = physical == .int64
        case .interval:
            allowed = physical == .fixedLenByteArray && length == 12
        case .map, .mapKeyValue, .list:
            allowed = false
        default:
            allowed = true  // a converted type from a newer writer
        }
        return allowed ? nil : fault(converted.description)
    }
}
