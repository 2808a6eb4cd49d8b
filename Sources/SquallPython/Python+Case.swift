extension Python {
    /// `s.lower()`: the full lowercase mapping (Swift's, which agrees with Python's for every
    /// code point), plus Python's Final_Sigma rule: a capital sigma that ends a word becomes 'ς'.
    public static func lower(_ s: String) -> String {
        guard s.unicodeScalars.contains("\u{03A3}") else { return s.lowercased() }
        var out = String.UnicodeScalarView()
        let scalars = Array(s.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                out.append(isFinalSigma(at: index, in: scalars) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// `s.upper()`: the full uppercase mapping ('ß' -> "SS", 'ﬁ' -> "FI"), as Swift's.
    public static func upper(_ s: String) -> String { s.uppercased() }

    /// `s.casefold()`: full case folding ('ß' -> "ss", 'ς' -> 'σ'), for caseless matching.
    public static func casefold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if let folded = caseFoldingExceptions[scalar.value] {
                out.append(contentsOf: folded.compactMap(Unicode.Scalar.init))
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Unicode's Final_Sigma context, as Python applies it: a cased letter before the sigma and
    /// none after it, skipping case-ignorable code points (apostrophes, combining marks) both ways.
    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
        return after == scalars.count || !scalars[after].properties.isCased
    }
}
