import CLibFuzzer
import Foundation
import SquallTransport

// One input: the bytes are one frame a child sent on its channel.
func fuzzChildMessage(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let frame = Data(bytes: bytes, count: count)
    if let message = try? ChildMessage.decode(frame) {
        // What decodes must survive its own encoding (the supervisor logs and re-sends messages).
        let again = try? ChildMessage.decode(message.encoded())
        if again != message { fatalError("re-decoding changed \(message) into \(String(describing: again))") }
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
