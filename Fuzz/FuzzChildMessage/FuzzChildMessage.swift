import CLibFuzzer
import Foundation
import SquallTransport

// One input: the bytes are one frame a child sent on its channel.
func fuzzChildMessage(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let frame = Data(bytes: bytes, count: count)
    if let message = try? ChildMessage.decode(frame) {
        // What decodes must decode again, equal, from its own encoding (the supervisor logs and
        // re-sends messages). JSONSerialization read some 17-digit doubles imprecisely
        // (2.5111111111111106 -> 2.51111111111111), found here; JSONParser reads them exactly.
        guard let again = try? ChildMessage.decode(message.encoded()) else { fatalError("\(message) does not decode from its own encoding") }
        if again != message { fatalError("\(message) decodes from its own encoding as \(again)") }
    }
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzChildMessage))
    }
}
