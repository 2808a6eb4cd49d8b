import Foundation
import SquallModel

/// An execution's result for people, shaped as st2's CLI prints it: `key: value` lines, nesting
/// by indentation, and a string holding newlines (a traceback, a command's stderr) as its own
/// lines under `key: |` instead of one JSON string full of `\n`.
enum ResultText {
    /// The result's lines joined by newlines (no trailing one), rendered as bytes into one buffer:
    /// a String per line, a Character-wise newline search per string (through NSString) and a copy
    /// per line into the output were most of `execution get` of a 4 MB result.
    static func text(_ value: JSONValue, indent: Int) -> String {
        var out = ResultTextBuffer()
        append(value, indent: indent, to: &out)
        return out.text
    }

    static func append(_ value: JSONValue, indent: Int, to out: inout ResultTextBuffer) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for key in fields.keys.sortedAsJSONKeys() {
                out.startLine(indent: indent)
                out.append(key)
                out.append(byte: UInt8(ascii: ":"))
                entry(fields[key]!, indent: indent, to: &out)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out.startLine(indent: indent)
                out.append(byte: UInt8(ascii: "-"))
                entry(item, indent: indent, to: &out)
            }
        default:
            out.startLine(indent: max(0, indent - 1))
            entry(value, indent: indent, to: &out)
        }
    }

    /// The value after its label (on the current line): inline when it is one line, else the lines below it.
    static func entry(_ value: JSONValue, indent: Int, to out: inout ResultTextBuffer) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            append(value, indent: indent + 2, to: &out)
        case .array(let items) where !items.isEmpty:
            append(value, indent: indent + 2, to: &out)
        case .string(var text):
            text.withUTF8 { stringEntry($0, indent: indent, to: &out) }
        case .null: out.append(" null")
        case .bool(let flag): out.append(flag ? " true" : " false")
        case .int(let number):
            out.append(byte: UInt8(ascii: " "))
            out.append(String(number))
        default:
            out.append(byte: UInt8(ascii: " "))
            out.append(value.jsonString())
        }
    }

    /// `entry` of a string given as its UTF-8 (JSONTextSlice prints one without making a String).
    static func stringEntry(_ bytes: UnsafeBufferPointer<UInt8>, indent: Int, to out: inout ResultTextBuffer) {
        guard bytes.contains(0x0A) else {
            out.append(byte: UInt8(ascii: " "))
            if bytes.isEmpty { out.append(#""""#) } else { out.append(bytes) }
            return
        }
        out.append(" |")
        // One line per Character "\n": a CR LF pair is one Character, so it does not split.
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) {
            out.startLine(indent: indent + 2)
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
        }
        out.startLine(indent: indent + 2)
        out.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }
}

/// Lines being rendered: bytes, a newline before every line but the first.
struct ResultTextBuffer {
    private var bytes: [UInt8] = []
    private var empty = true

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func startLine(indent: Int) {
        if !empty { bytes.append(0x0A) }
        empty = false
        for _ in 0..<indent { bytes.append(0x20) }
    }

    /// Writes what is rendered so far to stdout and starts empty (a big result is printed in pieces).
    mutating func flush(ifOver limit: Int = 0) {
        guard bytes.count > limit else { return }
        bytes.withUnsafeBufferPointer { FileHandle.standardOutput.write(Data(buffer: $0)) }
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func append(byte: UInt8) { bytes.append(byte) }
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
