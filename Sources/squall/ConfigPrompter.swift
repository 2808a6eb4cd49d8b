import SquallModel
import SquallPacks

/// Asks for each key of a pack's config schema, in the schema's order: description, default
/// (the stored value first, secrets masked), required marked, hidden input for secrets, nested
/// objects key by key. Each answer is cast and checked before the next question; a bad answer is
/// asked again.
struct ConfigPrompter {
    let schema: ConfigSchema
    let read: (_ prompt: String, _ hidden: Bool) -> String?
    let tell: (String) -> Void

    struct InputEnded: Error {}

    /// The answers merged over `stored` for every key of the schema.
    func ask(stored: [String: JSONValue]) throws -> [String: JSONValue] {
        try ask(schema.properties, stored: stored, path: "")
    }

    private func ask(_ properties: [String: JSONValue], stored: [String: JSONValue], path: String) throws -> [String: JSONValue] {
        var result = stored
        for key in schema.orderedKeys(properties, path: path) {
            let keySchema = properties[key]!
            let dotted = path.isEmpty ? key : path + "." + key
            if let nested = keySchema["properties"]?.objectValue {
                tell(dotted + ":" + (keySchema["description"]?.stringValue.map { " " + $0 } ?? ""))
                let inner = stored[key]?.objectValue ?? [:]
                let answered = try ask(nested, stored: inner, path: dotted)
                if !answered.isEmpty || stored[key] != nil { result[key] = .object(answered) }
                continue
            }
            if let value = try askValue(dotted, schema: keySchema, current: stored[key]) { result[key] = value }
        }
        return result
    }

    private func askValue(_ key: String, schema keySchema: JSONValue, current: JSONValue?) throws -> JSONValue? {
        let secret = keySchema["secret"]?.boolValue == true
        let required = keySchema["required"]?.boolValue == true
        let fallback = current ?? keySchema["default"]
        var prompt = key
        var notes: [String] = []
        if required { notes.append("required") }
        if secret { notes.append("secret, not echoed") }
        if let hint = Self.hint(keySchema) { notes.append(hint) }
        if !notes.isEmpty { prompt += " (" + notes.joined(separator: ", ") + ")" }
        if let description = keySchema["description"]?.stringValue { prompt += " - " + description }
        if let fallback { prompt += " [" + (secret ? "********" : Self.show(fallback)) + "]" }
        prompt += ": "
        while true {
            guard let answer = read(prompt, secret) else { throw InputEnded() }
            if answer.isEmpty {
                if let fallback { return fallback }
                if required { tell("  \(key) is required"); continue }
                return nil
            }
            do { return try ConfigValueCasting.cast(answer, schema: keySchema, key: key) } catch {
                tell("  \(error)")
            }
        }
    }

    static func hint(_ schema: JSONValue) -> String? {
        if let options = schema["enum"]?.arrayValue { return "one of " + options.map(show).joined(separator: ", ") }
        switch schema["type"]?.stringValue {
        case "boolean"?: return "true/false"
        case "integer"?: return "integer"
        case "number"?: return "number"
        case "array"?: return "JSON array or comma list"
        case "object"?: return "JSON object"
        default: return nil
        }
    }

    static func show(_ value: JSONValue) -> String { value.stringValue ?? value.jsonString() }
}
