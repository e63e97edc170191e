import Foundation

/// Resolution of user-given inputs to the Parquet files they stand for.
public enum DatasetInputs {
    /// Expands each input to Parquet file paths, in order:
    /// - a file is taken as it is;
    /// - a dataset folder (one holding `parquet-files/`) gives its `parquet-files/*.parquet`;
    /// - any other folder gives its `*.parquet` files.
    ///
    /// Files inside a folder are taken in name order; hidden files are skipped.
    /// Throws when an input does not exist or a folder holds no Parquet file.
    public static func resolve(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ParquetError(.io, "no such file or directory", file: input)
            }
            guard isDirectory.boolValue else {
                files.append(input)
                continue
            }
            var folder = input
            let batches = (input as NSString).appendingPathComponent("parquet-files")
            var batchesIsDirectory: ObjCBool = false
            if fm.fileExists(atPath: batches, isDirectory: &batchesIsDirectory), batchesIsDirectory.boolValue {
                folder = batches
            }
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: folder)
            } catch {
                throw ParquetError(.io, "cannot list folder: \(error.localizedDescription)", file: folder)
            }
            let parquet = names
                .filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".parquet") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            guard !parquet.isEmpty else {
                throw ParquetError(.io, "no Parquet files found in folder", file: folder)
            }
            files += parquet.map { (folder as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
