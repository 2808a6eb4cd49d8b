import CLibFuzzer
import Foundation
import SquallModel
import SquallRules
import SquallTemplates

let operators = CriteriaOperator.allCases
let templates = TemplateEnvironment()
let now = Date(timeIntervalSince1970: 1_700_000_000)

/// A value or pattern as the fuzzer wrote it: JSON when it parses, else the text itself.
func operand(_ text: Substring) -> JSONValue {
    (try? JSONValue.parse(String(text))) ?? .string(String(text))
}

// One input: the bytes are `operator NUL value NUL pattern` (an unknown operator name
// picks one by its length, so mutated names still exercise some operator). Each operator runs
// directly and as a rule's criterion (the pattern rendered as a template, the value looked up
// in the payload).
func fuzzCriteria(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let parts = text.split(separator: "\0", maxSplits: 2, omittingEmptySubsequences: false)
    let name = String(parts[0])
    let op = (try? CriteriaOperator.named(name)) ?? operators[name.utf8.count % operators.count]
    let value = parts.count > 1 ? operand(parts[1]) : .null
    let pattern = parts.count > 2 ? operand(parts[2]) : .null
    _ = try? op.evaluate(value, pattern, now: now)
    let raw: [String: JSONValue] = ["trigger.value": ["type": .string(op.rawValue), "pattern": pattern]]
    if let criteria = try? Criteria(raw, templates: templates) {
        _ = criteria.evaluate(payload: ["value": value], now: now)
    }
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzCriteria))
    }
}
