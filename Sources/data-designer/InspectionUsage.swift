extension Usage {
    static let meta = """
    Usage: data-designer meta INPUT [--json]

    Prints the whole footer of one Parquet file: created_by, version, key-value metadata,
    the schema elements, and every row group and column chunk (codec, encodings, encoding
    statistics, offsets, sizes, statistics, page index and bloom filter locations).
    Only the footer is read.

    Options:
      --json             Print FileMetaData as JSON with parquet.thrift's field names
                         (binary values in base64, decoded bounds as decoded_min/decoded_max)
      -h, --help         Show this help
    """
}

extension Usage {
    static let layout = """
    Usage: data-designer layout INPUT [--json]

    Prints every page of every column chunk of one Parquet file: page type, offset, header
    size, compressed and uncompressed body size, compression ratio, values (and for v2
    pages nulls and rows), first row (from the offset index), encoding and whether the
    header has a CRC. Only page headers are read, never page bodies.

    Options:
      --json             Print JSON shaped like arrow-rs parquet-layout (one page per line)
      -h, --help         Show this help
    """
}

extension Usage {
    static let sample = """
    Usage: data-designer sample INPUT... -n N [--seed S] [--no-verify-checksums] [-q]

    Prints N records drawn uniformly from all records of the inputs (every set of N
    distinct records is equally likely) as JSONL, in dataset order: file by file, then by
    position in the file. All records when the inputs hold N or fewer. Positions are chosen
    from the footers' record counts; only the row groups (and, where an offset index allows,
    the pages) holding them are read. Several files are unified as for export.

    Options:
      -n, --num-records N    Records to draw (required, at least 0)
      --seed S               Seed, 0 to 9223372036854775807; the same seed and inputs give the
                             same records (default: random, printed on stderr as 'seed: S')
      --no-verify-checksums  Do not check the CRC-32 of pages that have one
      -q, --quiet            Do not print the random seed
      -h, --help             Show this help
    """
}
