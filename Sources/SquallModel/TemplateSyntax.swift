extension String {
    /// Whether the text holds Jinja syntax (`{{` or `{%`), byte by byte: parameters and patterns
    /// without it are used as they are, and the rules engine asks this for every value it prepares.
    public var containsTemplateSyntax: Bool {
        var previousWasBrace = false
        for byte in utf8 {
            if previousWasBrace && (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%")) { return true }
            previousWasBrace = byte == UInt8(ascii: "{")
        }
        return false
    }
}
