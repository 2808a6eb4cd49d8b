import CLibFuzzer
import Foundation
import SquallModel
import SquallTemplates

// A context like an action's: strings, numbers, nested objects and lists to index into.
let context: [String: JSONValue] = [
    "name": "world", "count": 3, "ratio": 0.5, "flag": true, "nothing": .null,
    "items": ["a", "b", 1, 2.5, ["nested": "x"]],
    "trigger": ["body": ["id": 7, "tags": ["x", "y"]], "text": "héllo\n"],
    "st2kv": ["system": ["key": "value"]],
]
let environment = TemplateEnvironment()

// One input: the bytes are a template source rendered as text and as a value.
func fuzzTemplates(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let source = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    _ = try? environment.render(source, context: context)
    _ = try? environment.renderValue(source, context: context)
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTemplates))
    }
}
