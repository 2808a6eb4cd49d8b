extension Python {
    /// `str.isspace()` for one code point: Unicode's White_Space plus the ASCII separators
    /// U+001C..U+001F, which Python also counts.
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// `s.strip()`: without surrounding whitespace.
    public static func strip(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
