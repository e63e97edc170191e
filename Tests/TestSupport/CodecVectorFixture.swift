import Foundation

/// A codec test-vector fixture under `Fixtures/codecs/` (written by a `scripts/*_vectors.py`
/// generator through `common.fixture_file`): streams made by a reference library for inputs the
/// tests regenerate from a recipe.
///
/// A recipe is a list of parts whose concatenation is the input; each part is a call written
/// `name arg arg…` (`text`, `bytes 41`, `randomBytes 3000 7`, …) that the test's `input`
/// closure evaluates.
public struct CodecVectorFixture: Sendable {
    /// One reference stream and the input it decodes to.
    public struct Vector: Sendable {
        public var name: String
        public var input: [UInt8]
        /// The compressed stream, base64.
        public var compressed: String
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
            var compressed: String
        }
        var generator: String
        var text: String
        var vectors: [Entry]
    }

    /// Reads `Fixtures/codecs/<name>` and evaluates every recipe: `part` gets a part's call name,
    /// its integer arguments and the fixture's text, and returns the bytes (nil: unknown call).
    /// `bytes HEX` is evaluated here.
    public static func load(_ name: String,
                            part: (_ call: String, _ arguments: [Int], _ text: String) -> [UInt8]?) throws -> CodecVectorFixture {
        let url = TestPaths.fixtures.appendingPathComponent("codecs").appendingPathComponent(name)
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
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
                let arguments = words.dropFirst().compactMap { Int($0) }
                guard arguments.count == words.count - 1, let bytes = part(call, arguments, file.text) else {
                    throw FixtureError("\(url.path): \(entry.name): cannot evaluate '\(recipe)'")
                }
                input += bytes
            }
            vectors.append(Vector(name: entry.name, input: input, compressed: entry.compressed))
        }
        return CodecVectorFixture(generator: file.generator, text: file.text, vectors: vectors)
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
