import Foundation
import XCTest
@testable import DataDesigner
import TestSupport

/// The Data Designer fixtures written by `Fixtures/datadesigner/generate.py` (the real tool).
enum DDFixtures {
    static let root = TestPaths.fixtures.appendingPathComponent("datadesigner")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func json(_ relative: String) throws -> Any {
        let data = try Data(contentsOf: root.appendingPathComponent(relative))
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// The config file of fixture `name` (`.yaml` or `.json`).
    static func configPath(_ name: String) throws -> String {
        for ext in ["yaml", "json"] {
            let p = path("configs/\(name).\(ext)")
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        throw XCTSkip("no config \(name)")
    }

    /// The fixture names (every config the generator wrote).
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path("configs"))) ?? []
        return files.filter { !$0.hasSuffix(".run.yaml") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".json")) }
            .map { ($0 as NSString).deletingPathExtension }.sorted()
    }

    static func runSettings(_ name: String) throws -> RunSettings {
        let p = path("configs/\(name).run.yaml")
        return FileManager.default.fileExists(atPath: p) ? try RunSettings.load(path: p) : RunSettings()
    }

    static func load(_ name: String) throws -> DatasetConfig {
        try DatasetConfig.load(path: try configPath(name), engine: try runSettings(name).engine)
    }

    /// The real tool's records of fixture `name`.
    static func records(_ name: String, _ file: String = "records.jsonl") throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path("expected/\(name)/\(file)"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? [String: Any])
        }
    }

    /// A fixture JSON file as a config value (integers, floats and booleans kept apart).
    static func value(_ relative: String) throws -> ConfigValue {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        return try JSONConfigParser.parse(text, file: relative)
    }

    /// The real tool's records of fixture `name` as config values.
    static func recordValues(_ name: String, _ file: String = "records.jsonl") throws -> [ConfigValue] {
        let text = try String(contentsOfFile: path("expected/\(name)/\(file)"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONConfigParser.parse(String($0), file: file) }
    }

    static func run(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(try json("expected/\(name)/run.json") as? [String: Any])
    }
}
