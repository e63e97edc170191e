@_exported import Parquet
