import CLibFuzzer
import Foundation
import SquallModel
import SquallPacks
import SquallWorkflows

// One input: the bytes are an Orquesta workflow file, read then inspected (which parses
// every expression in it).
func fuzzWorkflows(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    guard let document = try? YAMLDocument.parse(text, file: "workflow.yaml"),
          let spec = try? WorkflowReader.read(document) else { return 0 }
    _ = WorkflowInspector.inspect(spec, action: { _ in ActionSignature(parameters: ["data"], required: []) })
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzWorkflows))
    }
}
