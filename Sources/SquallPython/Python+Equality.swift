import SquallModel

extension Python {
    /// Python `a == b`: numbers across int, float and bool (1 == 1.0 == True), strings by code
    /// point, lists element-wise, dicts by key and value. No exceptions: unlike types are unequal.
    public static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return stringsEqual(x, y)
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = entry(y, key), equal(value, other) else { return false }
            }
            return true
        default:
            guard let x = number(a), let y = number(b) else { return false }
            return compareNumbers(x, y) == 0
        }
    }

    /// Code-point equality. UTF-8 byte equality is exactly that, and costs no allocation (the
    /// rules compare strings this way on their hot path).
    @inlinable
    public static func stringsEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// The value under `key` when the dict holds exactly that code-point sequence: a Swift
    /// dictionary also finds a canonically equivalent key ('é' for 'e\u{301}'), Python does not.
    static func entry(_ dict: [String: JSONValue], _ key: String) -> JSONValue? {
        guard let index = dict.index(forKey: key) else { return nil }
        let found = dict[index]
        // Not a ternary: JSONValue is ExpressibleByNilLiteral, so `: nil` would mean .null.
        guard stringsEqual(found.key, key) else { return Optional.none }
        return found.value
    }
}
