import Foundation

/// A codec test-vector fixture under `Fixtures/codecs/` (written by a `scripts/*_vectors.py`
/// generator through `common.fixture_file`): streams made by a reference library (or, for
/// `encoder.json`, by our encoders and accepted by the reference decoders) for inputs the tests
/// regenerate from a recipe.
///
/// A recipe is a list of parts whose concatenation is the input; each part is a call written
/// `name arg arg…` (`text`, `bytes 41`, `randomBytes 3000 7`, …) that the test's `part`
/// closure evaluates; `bytes HEX` and `base64 TEXT` are evaluated here. The long text input is
/// the fixture's `"text"`, or the `"text"` of the fixture its `"textFrom"` names (so a text
/// several fixtures share is written once).
public struct CodecVectorFixture: Sendable {
    /// One reference stream and the input it decodes to.
    public struct Vector: Sendable {
        public var name: String
        public var input: [UInt8]
        /// The compressed stream, base64.
        public var compressed: String
        /// The compressed stream's bytes (empty when `compressed` is).
        public var stream: [UInt8]
        /// What an encoder vector records about the stream (nil for decoder vectors).
        public var encoded: Encoded?
    }

    /// An encoder vector's codec, level, and the length and CRC-32 of our stream and of what the
    /// reference decoder decoded it to (`stream` holds the stream itself only when it is small).
    public struct Encoded: Decodable, Sendable {
        public var codec: String
        public var level: Int
        public var length: Int
        public var crc32: UInt32
        public var decodedLength: Int
        public var decodedCRC32: UInt32
    }

    /// A fixture that cannot be read, or a recipe that cannot be evaluated.
    public struct FixtureError: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The generator and library versions that wrote the fixture.
    public var generator: String
    /// The fixture's long text input (the `text` part of a recipe).
    public var text: String
    public var vectors: [Vector]

    private struct File: Decodable {
        struct Entry: Decodable {
            var name: String
            var input: [String]
            var encoded: Encoded?
            var compressed: String
        }
        var generator: String
        var text: String?
        var textFrom: String?
        var vectors: [Entry]
    }

    private static func read(_ name: String) throws -> (URL, File) {
        let url = TestPaths.fixtures.appendingPathComponent("codecs").appendingPathComponent(name)
        return (url, try JSONDecoder().decode(File.self, from: Data(contentsOf: url)))
    }

    /// Reads `Fixtures/codecs/<name>` and evaluates every recipe: `part` gets a part's call name,
    /// its integer arguments and the fixture's text, and returns the bytes (nil: unknown call).
    public static func load(_ name: String,
                            part: (_ call: String, _ arguments: [Int], _ text: String) -> [UInt8]?) throws -> CodecVectorFixture {
        let (url, file) = try read(name)
        let text: String
        if let own = file.text {
            text = own
        } else if let other = file.textFrom, let shared = try read(other).1.text {
            text = shared
        } else {
            throw FixtureError("\(url.path): no \"text\", nor a \"textFrom\" fixture that has one")
        }
        var vectors: [Vector] = []
        for entry in file.vectors {
            var input: [UInt8] = []
            for recipe in entry.input {
                let words = recipe.split(separator: " ").map(String.init)
                guard let call = words.first else { throw FixtureError("\(url.path): \(entry.name): empty recipe part") }
                if call == "bytes", words.count == 2, let bytes = hexBytes(words[1]) {
                    input += bytes
                    continue
                }
                if call == "base64", words.count == 2, let data = Data(base64Encoded: words[1]) {
                    input += data
                    continue
                }
                let arguments = words.dropFirst().compactMap { Int($0) }
                guard arguments.count == words.count - 1, let bytes = part(call, arguments, text) else {
                    throw FixtureError("\(url.path): \(entry.name): cannot evaluate '\(recipe)'")
                }
                input += bytes
            }
            guard let stream = Data(base64Encoded: entry.compressed) else {
                throw FixtureError("\(url.path): \(entry.name): \"compressed\" is not base64")
            }
            vectors.append(Vector(name: entry.name, input: input, compressed: entry.compressed,
                                  stream: [UInt8](stream), encoded: entry.encoded))
        }
        return CodecVectorFixture(generator: file.generator, text: text, vectors: vectors)
    }

    /// The bytes of an even-length hex string, or nil.
    static func hexBytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < digits.count {
            guard let byte = UInt8(String(decoding: digits[i ..< i + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
            i += 2
        }
        return out
    }
}
