import CLibFuzzer
import Foundation
import SquallModel
import SquallPacks
import SquallRules

// One input: the bytes are a pack or rule YAML file. Errors are fine; a trap, crash or
// hang is the bug this looks for.
func fuzzYAMLRules(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    guard let document = try? YAMLDocument.parse(text, file: "fuzz.yaml") else { return 0 }
    _ = try? RuleReader.parse(document, file: "fuzz.yaml", pack: nil)
    _ = try? RuleReader.parse(document, file: "fuzz.yaml", pack: "fuzz")
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzYAMLRules))
    }
}
