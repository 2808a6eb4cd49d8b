/// A policy with a misspelt key must fail to load, not silently lose a limit or a rule.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Policy files may state `version`; only version 1 exists.
    func checkPolicyFormatVersion() throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let key = AnyCodingKey(stringValue: "version")
        if let version = try container.decodeIfPresent(Int.self, forKey: key), version != 1 {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: "unsupported version \(version) (expected 1)")
        }
    }

    func rejectUnknownKeys(allowed: [String]) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }
}

/// Renders a coding path the way the policy file spells it: `seccomp.rules[2].syscalls[0]`.
func fieldPath(_ path: [CodingKey]) -> String {
    var rendered = ""
    for key in path {
        if let index = key.intValue {
            rendered += "[\(index)]"
        } else {
            rendered += rendered.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return rendered.isEmpty ? "(top level)" : rendered
}
