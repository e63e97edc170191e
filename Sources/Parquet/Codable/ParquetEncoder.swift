import Foundation

/// Writes `Encodable` values as a Parquet file, one record per value, with the schema derived
/// from the values' type.
///
/// ```swift
/// struct Order: Codable { var id: String; var quantity: Int; var price: Decimal; var tags: [String]; var note: String? }
/// var encoder = ParquetEncoder()
/// encoder.decimalFormats = ["price": .init(precision: 12, scale: 2)]
/// try encoder.encode(orders, toFile: "orders.parquet")
/// let back = try ParquetFileReader(path: "orders.parquet").decode(Order.self)
/// ```
///
/// **Schema.** Each stored property (by its `CodingKeys` name) becomes a top-level field:
/// optionals → OPTIONAL, other properties REQUIRED; arrays → LIST (the standard three-level
/// `list` / `element` form); `[String: V]` → MAP (`key_value` / `key` / `value`, entries in
/// key order); nested structs → groups; `Date` → INT64 TIMESTAMP(MICROS, UTC) (rounded to the
/// microsecond); `Decimal` → DECIMAL with the precision and scale of ``decimalFormats`` (or
/// ``defaultDecimalFormat``, DECIMAL(38, 9)), stored as INT32 (precision ≤ 9), INT64 (≤ 18) or
/// FIXED_LEN_BYTE_ARRAY; `UUID` → FIXED_LEN_BYTE_ARRAY(16) UUID; `Data` → BYTE_ARRAY;
/// `String` → BYTE_ARRAY STRING; `Bool`; `Int8`…`Int64` and `UInt8`…`UInt64` → INT32/INT64
/// with an INT(bits, signed) annotation (`Int` and `UInt` are 64 bits); `Float`, `Double`.
/// Enums and wrappers that encode a single value take that value's type.
///
/// **Derivation.** Codable has no type information without values, so the schema is derived
/// from the values of the first row group (plus any `prototypes`), united: a field is
/// OPTIONAL when it is an `Optional` (synthesized `encodeIfPresent`, even if every value seen
/// has it set), when a nil was encoded for it, or when some values leave it out. A field that
/// is nil in every value seen, or a list that is empty in every value seen, takes its type
/// from its Swift type when that is a scalar, `Date`/`Decimal`/`UUID`/`Data`, an array or a
/// dictionary of such; a nested struct that is never seen with a value makes the encoder
/// throw `EncodingError.invalidValue` naming the field: pass a prototype with it set. The
/// first row group is held as values until the schema is known; later values that do not
/// fit the schema (a field it lacks, a nil in a REQUIRED field) throw `EncodingError` naming
/// the field and are not written.
///
/// **Writing.** Values are shredded straight into typed column buffers (levels and values,
/// no boxed value per cell) and handed to ``ParquetFileWriter`` in batches of
/// ``batchRows`` records, so the codec, dictionary, page-size and row-group settings of
/// ``options`` apply as for any file; row groups hold ``ParquetWriterOptions/maxRowGroupRows``
/// records (``defaultRowGroupRows`` when that is nil). Memory: the values of the first row
/// group while the schema is derived, then the encoded pages of one row group and one batch.
/// Files are written to a temporary file and renamed into place on close (``ByteOutput``).
/// Output is deterministic: the same values and settings give the same bytes.
public struct ParquetEncoder: Sendable {
    /// The precision (total digits) and scale (digits after the point) of a DECIMAL field.
    public struct DecimalFormat: Sendable, Hashable {
        /// Total number of digits, 1...38.
        public var precision: Int
        /// Digits after the decimal point, 0...precision.
        public var scale: Int

        /// A format of `precision` digits, `scale` of them after the point.
        public init(precision: Int, scale: Int) {
            self.precision = precision
            self.scale = scale
        }
    }

    /// Writer settings: codec and level, dictionary encoding, page size, row-group size,
    /// footer metadata.
    public var options: ParquetWriterOptions
    /// DECIMAL formats by field: the dotted path of coding keys from the record down
    /// (`"price"`, `"lines.price"` for `lines: [Line]`; list elements and map values add no
    /// name). Fields not listed use ``defaultDecimalFormat``.
    public var decimalFormats: [String: DecimalFormat] = [:]
    /// The DECIMAL format of `Decimal` fields not in ``decimalFormats``: DECIMAL(38, 9).
    /// A value with more decimal places or digits than its format holds throws
    /// `EncodingError` (it is never rounded).
    public var defaultDecimalFormat = DecimalFormat(precision: 38, scale: 9)

    /// Records per row group when ``ParquetWriterOptions/maxRowGroupRows`` is nil.
    public static let defaultRowGroupRows = 65_536
    /// Records shredded into column buffers before they are handed to the file writer.
    public static let batchRows = 4_096

    /// An encoder with the given writer settings.
    public init(options: ParquetWriterOptions = ParquetWriterOptions()) {
        self.options = options
    }

    /// Records per row group.
    var rowGroupRows: Int { options.maxRowGroupRows ?? Self.defaultRowGroupRows }

    // MARK: Whole sequences

    /// Writes `values` as a Parquet file to `output` and returns the footer.
    ///
    /// - Parameter prototypes: values used only to derive the schema (never written), for
    ///   fields the data may leave nil or empty in its whole first row group.
    /// - Throws: `EncodingError` naming the field (coding path) and record for a value the
    ///   schema cannot hold, or when no schema can be derived (no values and no prototypes,
    ///   a field whose type is never observed); `ParquetError` for invalid options or
    ///   output failures.
    @discardableResult
    public func encode<S: Sequence>(_ values: S, to output: ByteWriter, prototypes: [S.Element] = []) throws -> FileMetaData where S.Element: Encodable {
        let writer = try self.writer(for: S.Element.self, to: output, prototypes: prototypes)
        try writer.write(contentsOf: values)
        return try writer.close()
    }

    /// Writes `values` as a Parquet file at `path` (written to a temporary file and renamed
    /// into place when complete; on failure the destination is untouched). See the `ByteWriter` form.
    @discardableResult
    public func encode<S: Sequence>(_ values: S, toFile path: String, prototypes: [S.Element] = []) throws -> FileMetaData where S.Element: Encodable {
        let writer = try self.writer(for: S.Element.self, toFile: path, prototypes: prototypes)
        try writer.write(contentsOf: values)
        return try writer.close()
    }

    /// Writes `values` as a Parquet file at a `file:` URL (other URLs throw
    /// `ParquetError.invalidArgument`), atomically as ``encode(_:toFile:prototypes:)``.
    @discardableResult
    public func encode<S: Sequence>(_ values: S, to url: URL, prototypes: [S.Element] = []) throws -> FileMetaData where S.Element: Encodable {
        try encode(values, toFile: Self.path(of: url), prototypes: prototypes)
    }

    /// The Parquet file of `values`, in memory.
    public func encode<S: Sequence>(_ values: S, prototypes: [S.Element] = []) throws -> Data where S.Element: Encodable {
        let output = MemoryByteWriter()
        try encode(values, to: output, prototypes: prototypes)
        return Data(output.bytes)
    }

    // MARK: Streaming

    /// A writer that takes values one at a time and writes them to `output`.
    public func writer<T: Encodable>(for type: T.Type, to output: ByteWriter, prototypes: [T] = []) throws -> Writer<T> {
        try Writer(encoder: self, output: output, atomic: nil, prototypes: prototypes)
    }

    /// A writer that takes values one at a time and writes a file at `path`, to a temporary
    /// file renamed into place by ``Writer/close()`` (a writer dropped without closing leaves
    /// the destination untouched).
    public func writer<T: Encodable>(for type: T.Type, toFile path: String, prototypes: [T] = []) throws -> Writer<T> {
        let output = try ByteOutput(atomicFileAt: path)
        return try Writer(encoder: self, output: output, atomic: output, prototypes: prototypes)
    }

    /// A writer that takes values one at a time and writes a file at a `file:` URL.
    public func writer<T: Encodable>(for type: T.Type, to url: URL, prototypes: [T] = []) throws -> Writer<T> {
        try writer(for: type, toFile: Self.path(of: url), prototypes: prototypes)
    }

    private static func path(of url: URL) throws -> String {
        guard url.isFileURL else {
            throw ParquetError(.invalidArgument, "not a file URL; ParquetEncoder writes files or any ByteWriter", file: url.absoluteString)
        }
        return url.path(percentEncoded: false)
    }

    /// Writes values of `T` one at a time as the records of one Parquet file (from
    /// ``ParquetEncoder/writer(for:to:prototypes:)``).
    ///
    /// The values of the first row group are kept until it is full (or until ``close()``),
    /// then the schema is derived from them (see ``ParquetEncoder``) and they are written;
    /// later values are shredded into column buffers as they come. A value that does not fit
    /// throws `EncodingError` and leaves nothing behind: the writer stays usable. Any other
    /// failure (output, options) leaves it unusable.
    public final class Writer<T: Encodable> {
        private let encoder: ParquetEncoder
        private let output: ByteWriter
        private let atomic: ByteOutput?
        private var probe = ShapeProbe()
        private let prototypes: [T]
        private var held: [T] = []
        private var shredder: RecordShredder?
        private var file: ParquetFileWriter?
        private var failed = false
        private var closed = false

        init(encoder: ParquetEncoder, output: ByteWriter, atomic: ByteOutput?, prototypes: [T]) throws {
            self.encoder = encoder
            self.output = output
            self.atomic = atomic
            self.prototypes = prototypes
            for prototype in prototypes { try probe.record(prototype) }
        }

        /// The schema written, once derived (after the first row group's values, or ``close()``).
        public var schema: Schema? { shredder?.plan.schema }

        /// Records accepted so far (held, buffered or written).
        public var count: Int64 { (shredder?.recordNumber ?? 0) + Int64(held.count) }

        /// Adds one record.
        ///
        /// - Throws: `EncodingError` naming the field and record for a value the schema
        ///   cannot hold (the value is dropped, the writer stays usable); `ParquetError`
        ///   for a closed or failed writer and output failures.
        public func write(_ value: T) throws {
            try requireOpen()
            if let shredder {
                try shredder.append(value)
                if shredder.rows >= ParquetEncoder.batchRows || (shredder.rows & 63 == 0 && shredder.heldBytes > ParquetFileWriter.maxUnencodedBytes) {
                    try handOver()
                }
                return
            }
            do {
                try probe.record(value)
            } catch {
                // The rejected value may have left fields in the probe: record the others again.
                probe = ShapeProbe()
                for kept in prototypes + held { try? probe.record(kept) }
                throw error
            }
            held.append(value)
            if held.count >= encoder.rowGroupRows { try start() }
        }

        /// Adds every value of `values` in order (see ``write(_:)``).
        public func write<S: Sequence>(contentsOf values: S) throws where S.Element == T {
            for value in values { try write(value) }
        }

        /// Writes what is left, the footer and (for a file) moves the file into place;
        /// returns the footer. The writer accepts nothing afterwards.
        ///
        /// - Throws: `EncodingError` when no schema can be derived (no values and no
        ///   prototypes, or a field whose type was never observed) or a value still held
        ///   from the first row group cannot be written; `ParquetError` for output
        ///   failures. After any of these nothing is written (a file destination is left
        ///   untouched) and the writer is unusable.
        @discardableResult
        public func close() throws -> FileMetaData {
            try requireOpen()
            do {
                if shredder == nil { try start() }
                try handOver()
                guard let file else { throw ParquetError(.invalidArgument, "the Parquet encoder has no file writer") }
                let footer = try file.close()
                try atomic?.commit()
                closed = true
                return footer
            } catch {
                failed = true
                atomic?.discard()
                throw error
            }
        }

        private func requireOpen() throws {
            if closed { throw ParquetError(.invalidArgument, "the Parquet encoder's writer is already closed") }
            if failed { throw ParquetError(.invalidArgument, "the Parquet encoder's writer failed earlier and cannot continue") }
        }

        /// Derives the schema, opens the file writer and writes the held values. A held value
        /// the schema cannot hold (a decimal with too many digits, a date out of range) is
        /// dropped and its `EncodingError` thrown after the others are written; the writer
        /// stays usable. Any other failure makes it unusable.
        private func start() throws {
            var rejected: Error?
            do {
                guard probe.root.instances > 0 else {
                    throw EncodingError.invalidValue([T](), .init(codingPath: [], debugDescription: "no values to derive the Parquet schema of \(T.self) from; pass prototypes"))
                }
                let plan = try EncoderSchema.derive(from: probe, decimalFormats: encoder.decimalFormats, defaultDecimal: encoder.defaultDecimalFormat)
                var options = encoder.options
                options.maxRowGroupRows = encoder.rowGroupRows
                let shredder = try RecordShredder(plan: plan)
                file = try ParquetFileWriter(output: output, schema: plan.schema, options: options)
                self.shredder = shredder
                let values = held
                held = []
                for value in values {
                    do {
                        try shredder.append(value)
                    } catch let error as EncodingError {
                        if rejected == nil { rejected = error }
                    }
                    if shredder.rows >= ParquetEncoder.batchRows { try handOver() }
                }
            } catch {
                failed = true
                throw error
            }
            if let rejected { throw rejected }
        }

        /// Hands the shredded records to the file writer as one batch.
        private func handOver() throws {
            guard let shredder, let file, shredder.rows > 0 else { return }
            do {
                try file.append(shredder.takeBatch())
            } catch {
                failed = true
                throw error
            }
        }
    }
}
