/// The operator's per-pack interpreters, written `pack=/abs/python[,pack=/abs/python...]`
/// (the `SQUALL_PACK_PYTHON` setting).
public enum PackPythonOverrides {
    public static func parse(_ text: String, setting: String = "SQUALL_PACK_PYTHON") throws -> [String: String] {
        var overrides: [String: String] = [:]
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw RunnerError("\(setting): '\(entry)' must be <pack>=/absolute/path/to/python")
            }
            guard parts[1].hasPrefix("/") else {
                throw RunnerError("\(setting): the interpreter for pack '\(parts[0])' must be an absolute path, got '\(parts[1])'")
            }
            overrides[parts[0]] = parts[1]
        }
        return overrides
    }
}
