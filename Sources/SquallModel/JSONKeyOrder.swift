import Foundation

/// The order squall prints object keys in (JSON output, st2's text layout): by the Unicode scalar
/// values of the keys' NFC forms, which is what Swift's String `<` means to do. `<` itself is not a
/// strict weak order when decomposed and precomposed forms mix ("e\u{301}" and "é1" compare neither
/// way), so the same keys sorted from another starting order could print in another order: a big
/// result printed from its text differed from the same result printed from its value
/// (FuzzLargeResult found it).
public enum JSONKeyOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        if isASCII(a) && isASCII(b) { return a.utf8.lexicographicallyPrecedes(b.utf8) }
        return a.precomposedStringWithCanonicalMapping.unicodeScalars
            .lexicographicallyPrecedes(b.precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }
}

extension Sequence where Element == String {
    /// These keys in `JSONKeyOrder`.
    public func sortedAsJSONKeys() -> [String] { sorted(by: JSONKeyOrder.precedes) }
}
