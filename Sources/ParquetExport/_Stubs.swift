public enum ValueText {
 public static func appendInt(_ v: Int64, to out: inout [UInt8]) {}
 public static func appendUInt(_ v: UInt64, to out: inout [UInt8]) {}
 public static func appendDouble(_ v: Double, to out: inout [UInt8]) -> Bool { true }
 public static func appendFloat(_ v: Float, to out: inout [UInt8]) -> Bool { true }
 public static func appendFloat16(bits: UInt16, to out: inout [UInt8]) -> Bool { true }
 public static func appendDecimal(unscaled: Int64, scale: Int, to out: inout [UInt8]) {}
 public static func appendDecimal(bigEndian bytes: UnsafeRawBufferPointer, scale: Int, to out: inout [UInt8]) {}
 public static func appendDate(daysSinceEpoch: Int64, to out: inout [UInt8]) {}
 public static func appendTimestamp(_ v: Int64, unit: TimeUnit, adjustedToUTC: Bool, to out: inout [UInt8]) {}
 public static func appendTime(_ v: Int64, unit: TimeUnit, to out: inout [UInt8]) {}
 public static func appendInt96Timestamp(_ v: Int96, to out: inout [UInt8]) {}
 public static func appendBase64(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {}
 public static func appendUUID(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {}
}
public enum JSONText {
 public static func appendString(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) {}
 public static func appendString(_ s: String, to out: inout [UInt8]) {}
}
public enum CSVText { public static func appendField(_ bare: UnsafeRawBufferPointer, to out: inout [UInt8]) {} }
