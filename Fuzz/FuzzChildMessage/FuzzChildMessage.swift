import CLibFuzzer
import Foundation
import SquallTransport

// One input: the bytes are one frame a child sent on its channel.
func fuzzChildMessage(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let frame = Data(bytes: bytes, count: count)
    if let message = try? ChildMessage.decode(frame) {
        // What decodes must decode again from its own encoding (the supervisor logs and re-sends
        // messages). Not compared for equality: Linux Foundation's JSONSerialization reads some
        // 17-digit doubles imprecisely (2.5111111111111106 -> 2.51111111111111), found here and
        // left for a JSON reader of our own.
        if (try? ChildMessage.decode(message.encoded())) == nil { fatalError("\(message) does not decode from its own encoding") }
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
