import Foundation

/// An action trigger's payload whose `result.result` (the action's own result) is a big result
/// kept as the child's JSON text (issue 15): its tree would be several times the text, and st2
/// records the trigger instance of every execution, so the payload is written with the text
/// spliced in and built as a value only where a rule reads it.
public enum ActionTriggerResultText {
    /// `payload` with `text`'s value at `result.result`. Builds the tree.
    public static func materialized(_ payload: JSONValue, _ text: JSONText) -> JSONValue {
        guard case .object(var members) = payload else { return payload }
        var result = members["result"]?.objectValue ?? [:]
        result["result"] = text.value
        members["result"] = .object(result)
        return .object(members)
    }

    /// The payload's JSON as `materialized(payload, text).jsonString()` lays it out (sorted keys,
    /// ", " and ": "), with the action's result as the child sent it: the text shared, not copied.
    public static func jsonPieces(_ payload: JSONValue, _ text: JSONText) -> [Data] {
        let marker = "squall-result-text-\(UUID().uuidString)"
        guard case .object(var members) = payload else { return [Data(payload.jsonString().utf8)] }
        var result = members["result"]?.objectValue ?? [:]
        result["result"] = .string(marker)
        members["result"] = .object(result)
        let json = JSONValue.object(members).jsonString()
        guard let found = json.range(of: "\"\(marker)\"") else { return [Data(materialized(payload, text).jsonString().utf8)] }
        return [Data(json[..<found.lowerBound].utf8), text.bytes, Data(json[found.upperBound...].utf8)]
    }
}

extension TriggerInstanceRecord {
    /// This record with `payloadResultText` built into `payload`: what readers of the store get.
    public func materialized() -> TriggerInstanceRecord {
        guard let text = payloadResultText else { return self }
        var record = self
        record.payload = ActionTriggerResultText.materialized(payload, text)
        record.payloadResultText = nil
        return record
    }
}
