import Foundation
import SquallCommandLine
import SquallModel

/// Prints an execution whose action result is held as the child's JSON text
/// (`Execution.actionResultText`, a result of 1 MiB or more) from that text: the same bytes as
/// printing its value (`ExecutionPresentation`), without building the tree and without holding
/// the whole output (issue 15: a 40 MiB result's `squall run` peaked at ~580 MB).
enum ResultTextPrinting {
    /// Deeper results are printed from their value (JSONTextIndex holds their containers' ends).
    static let maximumDepth = 16

    /// As `say(ExecutionPresentation.json(execution).jsonString(pretty: true))`.
    static func printJSON(_ execution: Execution, text: JSONText, index: JSONTextIndex) {
        // The record is written with a placeholder for the big value, which is then written in its place.
        let marker = "squall-result-text-\(UUID().uuidString)"
        var envelope = execution
        envelope.actionResultText = nil
        var result = envelope.result?.objectValue ?? [:]
        result["result"] = .string(marker)
        envelope.result = .object(result)
        let pretty = ExecutionPresentation.json(envelope).jsonString(pretty: true)
        guard let found = pretty.range(of: "\"\(marker)\"") else {
            return say(ExecutionPresentation.json(execution.materialized()).jsonString(pretty: true))
        }
        let lineStart = pretty[..<found.lowerBound].lastIndex(of: "\n").map(pretty.index(after:)) ?? pretty.startIndex
        let indent = pretty[lineStart...].prefix(while: { $0 == " " }).count / 2
        say(lines: [])  // ends a progress line on stderr, as `say` does
        var out = ResultTextBuffer()
        out.append(String(pretty[..<found.lowerBound]))
        text.bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            JSONTextRendering.writeJSON(JSONTextSlice(root: base, count: raw.count, index: index), indent: indent, to: &out)
        }
        out.append(String(pretty[found.upperBound...]))
        out.append(byte: 0x0A)
        out.flush()
    }

    /// As `say(lines: ExecutionPresentation.lines(execution))`.
    static func printText(_ execution: Execution, text: JSONText, index: JSONTextIndex) {
        var header = execution
        header.result = nil
        header.actionResultText = nil
        say(lines: ExecutionPresentation.lines(header) + ["result:"])
        var members = (execution.result?.objectValue ?? [:]).mapValues { Member.value($0) }
        var out = ResultTextBuffer()
        text.bytes.withUnsafeBytes { raw in
            members["result"] = .text(JSONTextSlice(root: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: raw.count, index: index))
            // As ResultText renders the result object, at indent 2.
            for key in members.keys.sortedAsJSONKeys() {
                out.startLine(indent: 2)
                out.append(key)
                out.append(byte: UInt8(ascii: ":"))
                switch members[key]! {
                case .value(let value): ResultText.entry(value, indent: 2, to: &out)
                case .text(let slice): JSONTextRendering.textEntry(slice, indent: 2, to: &out)
                }
            }
        }
        out.append(byte: 0x0A)
        out.flush()
    }

    private enum Member {
        case value(JSONValue)
        case text(JSONTextSlice)
    }
}
