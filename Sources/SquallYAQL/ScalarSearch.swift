/// Substring search over unicode scalars, as Python's str methods search code points (Swift's
/// String.contains matches by grapheme and canonical equivalence). The comparisons it makes are
/// charged to the step budget, so a long text and a long, nearly matching part cannot hang it.
enum ScalarSearch {
    static func find(_ part: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int, evaluator: Evaluator) throws -> Int? {
        guard start >= 0, start <= text.count, part.count <= text.count - start else { return nil }
        if part.isEmpty { return start }
        var comparisons = 0
        var i = start
        while i <= text.count - part.count {
            var j = 0
            while j < part.count, text[i + j] == part[j] { j += 1 }
            if j == part.count { return i }
            comparisons += j + 1
            if comparisons >= 4096 {
                try evaluator.spend(comparisons)
                comparisons = 0
            }
            i += 1
        }
        try evaluator.spend(comparisons)
        return nil
    }

    /// Python's str.split(separator, maxsplit) for a non-empty separator.
    static func split(_ text: [Unicode.Scalar], on separator: [Unicode.Scalar], maxSplits: Int, evaluator: Evaluator) throws -> [String] {
        var parts: [String] = []
        var start = 0
        while maxSplits < 0 || parts.count < maxSplits,
              let found = try find(separator, in: text, from: start, evaluator: evaluator) {
            parts.append(string(text[start..<found]))
            start = found + separator.count
        }
        parts.append(string(text[start...]))
        return parts
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }
}
