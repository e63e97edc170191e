/// `convert_to` (and expression `dtype`) conversions between generated value types.
enum Conversion {
    /// `buffer` converted as `target` says: `int` truncates doubles toward zero and parses
    /// text; `float` widens integers and parses text; `str` gives each value's plain text.
    /// Throws ``CreateError`` naming the column and record of a value that does not convert.
    static func apply(_ target: ConvertTo, to buffer: ColumnBuffer, column: String, firstRecord: Int64,
                      what: String = "value") throws -> ColumnBuffer {
        func failure(_ row: Int, _ text: String, _ kind: String) -> CreateError {
            CreateError("column '\(column)': record \(firstRecord + Int64(row)): \(what) '\(text)', which is not \(kind)")
        }
        if case let .nullable(values, valid) = buffer {
            // Convert the non-null rows only; null rows keep a placeholder.
            let rows = valid.indices.filter { valid[$0] }.map { Int32($0) }
            let converted = try apply(target, to: values.gather(rows), column: column, firstRecord: firstRecord, what: what)
            return .nullable(converted.scatter(rows, count: valid.count), valid: valid)
        }
        switch buffer {
        case .date, .timestamp, .null, .structure, .nullable:
            throw CreateError("column '\(column)': convert_to does not apply to its values")
        default:
            break
        }
        switch target {
        case .int:
            switch buffer {
            case .int64: return buffer
            case .boolean(let v): return .int64(v.map { $0 ? 1 : 0 })
            case .double(let v):
                var out = [Int64](repeating: 0, count: v.count)
                for (row, d) in v.enumerated() {
                    guard let i = TextFormat.int(truncating: d) else { throw failure(row, TextFormat.double(d), "an int") }
                    out[row] = i
                }
                return .int64(out)
            case .string:
                var out = [Int64](repeating: 0, count: buffer.count)
                for row in 0..<buffer.count {
                    let text = buffer.text(row: row)
                    guard let i = TextFormat.parseInt(text) else { throw failure(row, text, "an int") }
                    out[row] = i
                }
                return .int64(out)
            default:
                return buffer
            }
        case .float:
            switch buffer {
            case .double: return buffer
            case .int64(let v): return .double(v.map { Double($0) })
            case .boolean(let v): return .double(v.map { $0 ? 1 : 0 })
            case .string:
                var out = [Double](repeating: 0, count: buffer.count)
                for row in 0..<buffer.count {
                    let text = buffer.text(row: row)
                    guard let d = TextFormat.parseDouble(text) else { throw failure(row, text, "a float") }
                    out[row] = d
                }
                return .double(out)
            default:
                return buffer
            }
        case .str:
            if case .string = buffer { return buffer }
            var out = ByteArrayValues()
            for row in 0..<buffer.count {
                buffer.appendText(row: row, to: &out.bytes)
                out.offsets.append(out.bytes.count)
            }
            return .string(out)
        case .format(let pattern):
            throw CreateError("column '\(column)': convert_to pattern '\(pattern)' applies to datetime and timedelta columns only")
        }
    }
}
