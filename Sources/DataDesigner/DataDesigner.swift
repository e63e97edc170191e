@_exported import ParquetExport
