/// The real tool's config hash (`fingerprint_config`, version 2): SHA-256 of
/// `json.dumps(payload, sort_keys=True, separators=(",", ":"))` of the serialized
/// `data_designer` mapping, with `profilers` removed, empty or null `model_configs`,
/// `tool_configs`, `constraints` and `processors` removed, model configs sorted by alias
/// without `skip_health_check` and the inference parameters `max_parallel_requests` and
/// `timeout`, tool configs sorted by `tool_alias` without `timeout_sec` (and an empty
/// `allow_tools`), and a Hugging Face seed source without `token` and `endpoint`.
enum ConfigHash {
    static let version = 2

    static func payload(_ config: ConfigValue) -> ConfigValue {
        guard case .object(let members) = config else { return config }
        var out: [(key: String, value: ConfigValue)] = []
        for m in members {
            switch m.key {
            case "profilers": continue
            case "model_configs", "tool_configs", "constraints", "processors":
                if m.value == .null || m.value == .array([]) { continue }
                if m.key == "model_configs", case .array(let items) = m.value {
                    out.append((m.key, .array(sortedByKey(items.map(normalizeModel), "alias"))))
                } else if m.key == "tool_configs", case .array(let items) = m.value {
                    out.append((m.key, .array(sortedByKey(items.map(normalizeTool), "tool_alias"))))
                } else {
                    out.append(m)
                }
            case "seed_config":
                if case .object = m.value, case .object(let src)? = m.value["source"], src.contains(where: { $0.key == "seed_type" && $0.value == .string("hf") }) {
                    let source = ConfigValue.object(src.filter { $0.key != "token" && $0.key != "endpoint" })
                    out.append((m.key, m.value.setting("source", to: source)))
                } else {
                    out.append(m)
                }
            default:
                out.append(m)
            }
        }
        return .object(out)
    }

    private static func normalizeModel(_ v: ConfigValue) -> ConfigValue {
        guard case .object(let m) = v else { return v }
        return .object(m.compactMap { member in
            if member.key == "skip_health_check" { return nil }
            if member.key == "inference_parameters", case .object(let p) = member.value {
                return (member.key, .object(p.filter { $0.key != "max_parallel_requests" && $0.key != "timeout" }))
            }
            return member
        })
    }

    private static func normalizeTool(_ v: ConfigValue) -> ConfigValue {
        guard case .object(let m) = v else { return v }
        return .object(m.filter { member in
            member.key != "timeout_sec" && !(member.key == "allow_tools" && (member.value == .null || member.value == .array([])))
        })
    }

    /// Python's `sorted(..., key=lambda x: x.get(key, ""))` (stable).
    private static func sortedByKey(_ items: [ConfigValue], _ key: String) -> [ConfigValue] {
        let keys = items.map { v -> String in if case .string(let s)? = v[key] { return s }; return "" }
        return items.indices.sorted { a, b in
            let x = keys[a].unicodeScalars, y = keys[b].unicodeScalars
            if x.elementsEqual(y) { return a < b }
            return x.lexicographicallyPrecedes(y) { $0.value < $1.value }
        }.map { items[$0] }
    }

    /// `sha256:<hex>` of the payload's compact, sorted, ASCII JSON.
    static func fingerprint(of config: ConfigValue) -> String {
        let text = PythonJSON.dumps(payload(config), sortKeys: true, ensureASCII: true, indent: nil)
        return "sha256:" + SHA256.hexDigest(of: Array(text.utf8))
    }
}
