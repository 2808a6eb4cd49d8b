import SquallModel
import SquallRules

/// Which rules may read an action trigger's `trigger.result`: for a big result kept as text
/// (TriggerInstance.resultText), the value is built only when one of the trigger's rules may (issue
/// 15). Conservative: any mention of `trigger` other than `trigger.<field>` with a field other than
/// `result` (`trigger['x']`, `{{ trigger }}`, a `*` key...) counts as reading it.
enum ActionTriggerResultReaders {
    static func anyReads(_ rules: [Rule]) -> Bool { rules.contains(where: reads) }

    static func reads(_ rule: Rule) -> Bool {
        for (key, criterion) in rule.criteria {
            // Keys are paths from {trigger, system}: only `trigger.` ones (or wildcards) reach the payload.
            if !key.hasPrefix("system.") && (mentionsResult(key) || !key.hasPrefix("trigger.")) { return true }
            if strings(in: criterion).contains(where: mentionsResult) { return true }
        }
        return rule.actionParameters.values.contains { strings(in: $0).contains(where: mentionsResult) }
    }

    /// Whether `text` mentions `trigger` other than as `trigger.<field>` of a field other than `result`.
    static func mentionsResult(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let word = Array("trigger".utf8)
        func isNamePart(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        var index = 0
        while index + word.count <= bytes.count {
            defer { index += 1 }
            guard bytes[index..<index + word.count].elementsEqual(word) else { continue }
            let end = index + word.count
            if index > 0 && isNamePart(bytes[index - 1]) { continue }
            if end < bytes.count && isNamePart(bytes[end]) { continue }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ".") else { return true }
            let field = bytes[(end + 1)...].prefix(while: isNamePart)
            if field.isEmpty || field.elementsEqual("result".utf8) { return true }
        }
        return false
    }

    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items): return items.flatMap(strings(in:))
        case .object(let members): return members.values.flatMap(strings(in:))
        default: return []
        }
    }
}
