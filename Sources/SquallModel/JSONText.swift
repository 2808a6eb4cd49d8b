import Foundation

/// A JSON value kept as its checked UTF-8 text instead of as a `JSONValue` tree. For big child
/// results (issue 15): the tree of a 40 MB result takes several times its size; its text is stored
/// as it came and parsed only where something needs the value.
public struct JSONText: Sendable, Hashable, CustomStringConvertible {
    /// Text `JSONParser` accepts (checked when made).
    public let bytes: Data

    /// Checks `bytes` without building the value. A leading byte-order mark, which the parser
    /// skips, is dropped: readers of the text (JSONTextSlice) start at the value.
    public init(validating bytes: Data) throws(JSONParseError) {
        _ = try JSONParser.topLevelMembers(of: bytes)
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
    }

    /// Bytes a checking pass already accepted: a member's range from `JSONParser.topLevelMembers`.
    public init(alreadyChecked bytes: Data) { self.bytes = bytes }

    /// The value; builds the tree.
    public var value: JSONValue {
        // Checked in init: a failure here would be a parser bug, shown rather than trapped on.
        do { return try JSONValue.parse(bytes) } catch { return .string("unreadable JSON text: \(error)") }
    }

    /// Equal when the values are: two texts of one value may differ in spacing and key order.
    public static func == (a: JSONText, b: JSONText) -> Bool { a.bytes == b.bytes || a.value == b.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public var description: String { "JSONText(\(bytes.count) bytes)" }
}
