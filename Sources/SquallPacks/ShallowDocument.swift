/// A look at a document's bytes that proves, for most pack files, that composing it cannot cross
/// `YAMLLimits` without walking its events. Conservative: when in doubt it says no, and the event
/// walk (YAMLBudget) decides.
enum ShallowDocument {
    /// True when the document has no alias (`*`), so its node count is at most its byte count
    /// (kept under the node bound), and an upper bound of its nesting is under the depth bound.
    /// The nesting bound: block nesting on a line is at most its indentation plus the `-`, `?`
    /// and `:` indicators on it (compact collections); flow nesting is at most the number of `[`
    /// and `{` in the whole document (never decreased, since a bracket may be inside a string).
    static func withinLimits(_ bytes: [UInt8], limits: YAMLLimits) -> Bool {
        guard bytes.count <= limits.maxNodes / 2 else { return false }
        var flowOpenings = 0, deepestLine = 0, lineDepth = 0, indenting = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "*"):
                return false
            case UInt8(ascii: "\n"):
                deepestLine = max(deepestLine, lineDepth)
                lineDepth = 0
                indenting = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                if indenting { lineDepth += 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowOpenings += 1
                indenting = false
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                lineDepth += 1
                indenting = false
            default:
                indenting = false
            }
        }
        return max(deepestLine, lineDepth) + flowOpenings < limits.maxDepth
    }
}
