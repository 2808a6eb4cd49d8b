import Foundation
import SquallModel

/// A `result` frame whose result is big, read without building the result's tree: the frame is
/// checked as JSON once, its small fields parsed from their byte ranges, and the result kept as
/// a slice of the frame (no copy).
enum LargeResultFrame {
    /// The message, or nil when the frame is not a result with a big value (decode it as any other).
    static func decode(_ frame: Data, largeResultBytes: Int) throws(MessageDecodingError) -> ChildMessage? {
        let members: [String: Range<Int>]?
        do { members = try JSONParser.topLevelMembers(of: frame) } catch {
            throw .notJSON(String(describing: error).prefix(200).description)
        }
        guard let members, let type = members["type"], let result = members["result"],
              result.count >= largeResultBytes,
              (try? value(frame, type)) == .string("result") else { return nil }
        let status = try ChildMessage.status(members["status"].map { (try? value(frame, $0)) ?? .null })
        let start = frame.startIndex
        // Checked above as part of the frame; the slice shares the frame's storage.
        let text = JSONText(alreadyChecked: frame[(start + result.lowerBound)..<(start + result.upperBound)])
        return .largeResult(status: status, text: text)
    }

    private static func value(_ frame: Data, _ range: Range<Int>) throws -> JSONValue {
        let start = frame.startIndex
        return try JSONValue.parse(frame[(start + range.lowerBound)..<(start + range.upperBound)])
    }
}

extension ChildMessage {
    /// A result's `status`: a boolean, or nil when absent or null.
    static func status(_ field: JSONValue?) throws(MessageDecodingError) -> Bool? {
        switch field {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw .wrongFieldType(type: "result", field: "status", expected: "a boolean or null")
        }
    }
}
