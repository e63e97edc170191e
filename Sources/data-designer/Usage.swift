import ParquetExport

enum Usage {
    static let tool = """
    \(ToolInfo.name) \(ToolInfo.version): count, export, inspect and create Parquet datasets.

    Usage: data-designer <command> [options]

    Commands:
      count INPUT...     Print the number of records, read from the footers only
      export INPUT...    Export records to one JSONL, CSV or Parquet file (-o PATH, or -o - for stdout)
      schema INPUT...    Print the schema and per-file record and row-group counts (--json)
      meta INPUT         Print the whole footer of a file (--json: parquet.thrift field names)
      layout INPUT       Print every page of every column chunk of a file (--json)
      head INPUT...      Print the first N records as JSONL (-n N, default 10)
      sample INPUT...    Print N records drawn uniformly from the inputs as JSONL (-n N --seed S)
      create CONFIG      Generate a dataset from a config of sampler and expression columns

    INPUT is a Parquet file, a dataset folder (holding parquet-files/), or a folder of
    .parquet files. Run 'data-designer <command> --help' for a command's options.

    Options:
      -h, --help         Show this help
      --version          Print the version
    """

    static let count = """
    Usage: data-designer count INPUT... [--per-file]

    Prints the total number of records as one integer, read from the files' footers.

    Options:
      --per-file         Also print '<records>\\t<path>' for each file before the total
      -h, --help         Show this help
    """

    static let export = """
    Usage: data-designer export INPUT... -o PATH [--format jsonl|csv|parquet]
                                [--compression \(codecNames(separator: "|"))] [--level N]
                                [--row-group-size ROWS] [--geometry wkt|geojson|wkb]
                                [--columns A,B.c] [--rows START:END] [--where EXPR]
                                [--no-verify-checksums] [--fsync] [--quiet]

    Writes the records of the inputs (all, or those --columns, --rows and --where select) to
    one file, in batches of at most 65,536 records and 64 MiB, whatever the inputs' row-group
    sizes. The output is written to a temporary file and renamed onto PATH when complete.

    Options:
      -o, --output PATH      Output path; '-' writes to stdout (then --format is required)
      -f, --format FORMAT    jsonl, csv or parquet (default: from PATH's extension, case-insensitive)
      --compression CODEC    Codec of Parquet output (default snappy); lz4 means lz4_raw
      --level N              Compression level: \(levelHelp)
                             Row groups already in CODEC are copied as stored unless --level is given
      --row-group-size ROWS  Parquet output: row groups of ROWS records, merging small source
                             row groups and splitting large ones (default: keep the source's)
      --geometry ENCODING    GEOMETRY/GEOGRAPHY values in JSONL and CSV: wkt (default), geojson or wkb (base64)
      --columns A,B.c        Only these columns (top-level names or dotted leaf paths)
      --rows START:END       Only the records at positions START to END-1 over all inputs in order
                             (START or END may be left out); other row groups and pages are not read
      --where EXPR           Only records matching EXPR, e.g. "score > 50 and domain in ('Finance','Retail')":
                             comparisons (= != < <= > >=), in (...), is [not] null, and, or, not,
                             parentheses; 'strings', numbers, true/false (docs/cli.md). Row groups and
                             pages that cannot match are not read
      --no-verify-checksums  Do not check the CRC-32 of pages that have one (checked by default)
      --fsync                Sync the output to disk before renaming it onto PATH (survives a power loss)
      -q, --quiet            Print nothing but errors
      -h, --help             Show this help
    """

    static let head = """
    Usage: data-designer head INPUT... [-n N] [--columns A,B.c] [--no-verify-checksums]

    Prints the first N records of the inputs as JSONL, reading only the row groups (and, with an
    offset index, the pages) that hold them.

    Options:
      -n, --num-records N    How many records (default 10)
      --columns A,B.c        Only these columns (top-level names or dotted leaf paths)
      --no-verify-checksums  Do not check the CRC-32 of pages that have one (checked by default)
      -h, --help             Show this help
    """

    static let schema = """
    Usage: data-designer schema INPUT... [--stats] [--json]

    Prints the schema (one line per column: name, physical type, logical type, repetition;
    nested columns indented), then each file's record and row-group counts. Only footers
    are read.

    Options:
      --stats            Also print each column's null count and min/max from the statistics
      --json             Print the schema, the counts (and with --stats the statistics) as JSON:
                         fields (name, path, repetition, physical_type, logical_type,
                         converted_type, children), records, files, statistics
      -h, --help         Show this help
    """

    static let create = """
    Usage: data-designer create CONFIG [-c RUN_CONFIG] [-n N] [-d NAME] [-o DIR] [--buffer-size N]
                                [--seed N] [-r never|always|if_possible] [-f jsonl|csv|parquet] [-q]

    Generates a dataset from CONFIG (.json, .yaml or .yml) into DIR/NAME/parquet-files/,
    one Parquet file per batch, with builder_config.json and metadata.json beside them.

    Options:
      -c, --run-config FILE      RunConfig fields in YAML (buffer_size, preserve_dropped_columns,
                                 jinja_rendering_engine, ...); --buffer-size takes precedence
      -n, --num-records N        Records to generate (default 10; on resume: the stored target)
      -d, --dataset-name NAME    Dataset folder name and export base name (default dataset)
      -o, --artifact-path DIR    Folder holding dataset folders (default ./artifacts)
      --buffer-size N            Records per batch file (default: the run config's buffer_size, else
                                 1000; on resume: the stored size)
      --seed N                   Seed, 0 to 9223372036854775807 (default random; on resume: stored)
      -r, --resume MODE          never (default), always or if_possible (case-insensitive)
      -f, --output-format FMT    Also export to DIR/NAME/NAME.FMT: jsonl, csv or parquet
      -q, --quiet                Print nothing but errors
      --tui, --no-tui            Accepted for the real CLI's sake (no effect)
      --max-cell-bytes N         Largest rendered cell (default 1048576)
      --max-loop-iterations N    Most template loop iterations per cell (default 1000000)
      --max-batch-bytes N        Most bytes one batch may hold (default 268435456)
      --max-seed-bytes N         Largest seed dataset file (default 536870912; held in memory)
      -h, --help                 Show this help
    """

    /// The codecs the help lists for `--compression`: those the writer can write, in the
    /// contract's order.
    static let codecs: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .brotli].filter(\.isWritable)

    /// The command-line spelling of `codec` (`none`, `lz4_raw`, ...).
    static func codecName(_ codec: CompressionCodec) -> String {
        codec == .uncompressed ? "none" : codec.description.lowercased()
    }

    static func codecNames(separator: String) -> String {
        codecs.map(codecName).joined(separator: separator)
    }

    /// "none, snappy, gzip or lz4_raw".
    static var codecNames: String {
        let names = codecs.map(codecName)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// "gzip 1-9 (default 6), zstd 1-19 (default 3), ...": the writable codecs with levels,
    /// two to a line (continuation lines indented to the option descriptions).
    static var levelHelp: String {
        let items = codecs.compactMap { codec -> String? in
            guard let range = codec.compressionLevels, let level = codec.defaultCompressionLevel else {
                return nil
            }
            return "\(codecName(codec)) \(range.lowerBound)-\(range.upperBound) (default \(level))"
        }
        return stride(from: 0, to: items.count, by: 2)
            .map { items[$0..<min($0 + 2, items.count)].joined(separator: ", ") }
            .joined(separator: ",\n" + String(repeating: " ", count: 25))
    }
}
