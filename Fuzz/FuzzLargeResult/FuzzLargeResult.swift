import CLibFuzzer
import Foundation
import SquallModel
import SquallTransport

// One input: the bytes are a frame a child sent, and also a result's JSON text. It goes through the
// big-result path (issue 15: results of 1 MiB or more are checked without building a tree, kept as
// JSONText and printed from it), with the size threshold lowered to 1 byte so that small inputs
// reach it, and each answer is checked against the value path's:
// - the frame decodes the same through LargeResultFrame as through the tree decoder;
// - JSONText accepts exactly what JSONValue.parse accepts, with the same value;
// - `squall run`'s printing of the text (JSONTextRendering over JSONTextSlice, files of
//   Sources/squall linked here, see Package.swift) equals the printing of the value, in JSON and text.

func fail(_ what: String, _ input: Data) -> Never {
    fatalError("\(what)\ninput: \(String(decoding: input, as: UTF8.self).debugDescription)")
}

func checkFrame(_ frame: Data) {
    let tree = Result { () throws(MessageDecodingError) in try ChildMessage.decode(frame, largeResultBytes: .max) }
    let text = Result { () throws(MessageDecodingError) in try ChildMessage.decode(frame, largeResultBytes: 1) }
    switch (tree, text) {
    case (.success(let expected), .success(.largeResult(let status, let resultText))):
        guard case .result(status, let value) = expected else { fail("big-result path gave a result; tree path \(expected)", frame) }
        guard let parsed = try? JSONValue.parse(resultText.bytes), parsed == value else {
            fail("big-result text \(String(decoding: resultText.bytes, as: UTF8.self).debugDescription) is not the result \(value)", frame)
        }
        checkText(resultText.bytes)
    case (.success(let expected), .success(let message)):
        if message != expected { fail("big-result path decoded \(message), tree path \(expected)", frame) }
    case (.failure, .success(let message)):
        fail("big-result path accepted what the tree path refuses: \(message)", frame)
    case (.success(let expected), .failure(let error)):
        fail("big-result path refused (\(error)) what the tree path accepts: \(expected)", frame)
    case (.failure, .failure):
        break
    }
}

func depth(_ value: JSONValue) -> Int {
    switch value {
    case .object(let members): return 1 + (members.values.map(depth).max() ?? 0)
    case .array(let items): return 1 + (items.map(depth).max() ?? 0)
    default: return 0
    }
}

func checkText(_ bytes: Data) {
    let value = try? JSONValue.parse(bytes)
    let text = try? JSONText(validating: bytes)
    guard let value, let text else {
        if (value == nil) != (text == nil) { fail("JSONValue.parse \(value == nil ? "refuses" : "accepts"), JSONText \(text == nil ? "refuses" : "accepts")", bytes) }
        return
    }
    if text.value != value { fail("JSONText's value \(text.value) is not \(value)", bytes) }
    // Only results nesting at most this deep are printed from their text (ResultTextPrinting.print).
    let index = JSONTextIndex(text, depthLimit: 16)
    if (index != nil) != (depth(value) <= 16) { fail("JSONTextIndex \(index == nil ? "refuses" : "accepts") depth \(depth(value))", bytes) }
    guard let index else { return }
    withExtendedLifetime(index) { text.bytes.withUnsafeBytes { raw in
        let slice = JSONTextSlice(root: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: raw.count, index: index)
        // JSON (`squall run -j`): the value's pretty JSON, its lines shifted as printJSON nests it.
        for indent in [0, 2] {
            var out = ResultTextBuffer()
            JSONTextRendering.writeJSON(slice, indent: indent, to: &out)
            let expected = value.jsonString(pretty: true).replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 2 * indent))
            if out.text != expected { fail("JSON printed from text:\n\(out.text)\nfrom value:\n\(expected)", bytes) }
        }
        // Text (`squall run`): as printText writes the result member.
        var fromText = ResultTextBuffer()
        fromText.startLine(indent: 2)
        fromText.append("result:")
        var fromValue = fromText
        JSONTextRendering.textEntry(slice, indent: 2, to: &fromText)
        ResultText.entry(value, indent: 2, to: &fromValue)
        if fromText.text != fromValue.text { fail("text printed from text:\n\(fromText.text)\nfrom value:\n\(fromValue.text)", bytes) }
    } }
}

func fuzzLargeResult(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    let input = Data(bytes: bytes, count: count)
    checkFrame(input)
    checkText(input)
    return 0
}

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzLargeResult))
    }
}
