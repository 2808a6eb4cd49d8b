import CLibFuzzer
import Foundation
import SquallModel
import SquallYAQL

// What `$` and `$name` stand for, like a workflow's context.
let data: JSONValue = ["a": 1, "b": [1, 2, 3], "s": "text", "o": ["k": ["x", .null, true, 2.5]]]
let variables: [String: JSONValue] = ["x": 6, "names": ["pkg-0", "pkg-1"], "sizes": [10, 20, 30]]

// One input: the bytes are the text between `<%` and `%>`.
func fuzzYAQL(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let source = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    guard let expression = try? YAQLExpression(source) else { return 0 }
    _ = try? expression.evaluate(data: data, variables: variables)
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzYAQL))
    }
}
