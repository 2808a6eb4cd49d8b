import SquallModel
import SquallPython

extension St2Filters {
    /// version_*: python-semver 3 (strict SemVer 2.0.0 parsing, precedence ignoring build metadata).
    static let versionFilters: [String: TemplateFilter] = [
        "version_compare": { value, args, kwargs in .int(try compare(value, args, kwargs)) },
        "version_more_than": { value, args, kwargs in .bool(try compare(value, args, kwargs) == 1) },
        "version_less_than": { value, args, kwargs in .bool(try compare(value, args, kwargs) == -1) },
        "version_equal": { value, args, kwargs in .bool(try compare(value, args, kwargs) == 0) },
        "version_match": { value, args, kwargs in
            guard let expression = St2Arguments(args, kwargs).argument(0, "pattern") else {
                throw TemplateError("version_match() missing required argument: 'pattern'")
            }
            return .bool(try SemanticVersion(try versionText(value)).matches(Python.str(expression)))
        },
        "version_bump_major": { value, _, _ in
            let v = try SemanticVersion(try versionText(value))
            return .string(SemanticVersion(major: v.major + 1, minor: 0, patch: 0).description)
        },
        "version_bump_minor": { value, _, _ in
            let v = try SemanticVersion(try versionText(value))
            return .string(SemanticVersion(major: v.major, minor: v.minor + 1, patch: 0).description)
        },
        "version_bump_patch": { value, _, _ in
            let v = try SemanticVersion(try versionText(value))
            return .string(SemanticVersion(major: v.major, minor: v.minor, patch: v.patch + 1).description)
        },
        "version_strip_patch": { value, _, _ in
            let v = try SemanticVersion(try versionText(value))
            return .string("\(v.major).\(v.minor)")
        },
    ]

    private static func compare(_ value: JSONValue, _ args: [JSONValue], _ kwargs: [String: JSONValue]) throws -> Int {
        guard let other = St2Arguments(args, kwargs).argument(0, "pattern") else {
            throw TemplateError("version_compare() missing required argument: 'pattern'")
        }
        return try SemanticVersion(try versionText(value)).compare(to: SemanticVersion(try versionText(other)))
    }

    private static func versionText(_ value: JSONValue) throws -> String {
        guard case .string(let text) = value else {
            throw TemplateError("TypeError: not expecting type '\(Python.typeName(value))'")
        }
        return text
    }
}

/// A SemVer 2.0.0 version as python-semver 3 parses, compares and prints it.
struct SemanticVersion: CustomStringConvertible {
    let major: Int
    let minor: Int
    let patch: Int
    let prerelease: String?
    let build: String?

    init(major: Int, minor: Int, patch: Int, prerelease: String? = nil, build: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    init(_ text: String) throws {
        let invalid = TemplateError("ValueError: \(text) is not valid SemVer string")
        // Python's `$` also matches before one final newline, so semver accepts "1.2.3\n".
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }
        var buildPart: Substring?
        if let plus = body.firstIndex(of: "+") {
            buildPart = body[body.index(after: plus)...]
            body = body[..<plus]
        }
        var prePart: Substring?
        if let dash = body.firstIndex(of: "-") {
            prePart = body[body.index(after: dash)...]
            body = body[..<dash]
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, let major = SemanticVersion.number(numbers[0]),
              let minor = SemanticVersion.number(numbers[1]), let patch = SemanticVersion.number(numbers[2]) else { throw invalid }
        if let prePart {
            guard prePart.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(SemanticVersion.isPrereleaseIdentifier)
            else { throw invalid }
        }
        if let buildPart {
            guard buildPart.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierCharacter) })
            else { throw invalid }
        }
        self.init(major: major, minor: minor, patch: patch, prerelease: prePart.map(String.init), build: buildPart.map(String.init))
    }

    /// 0 or digits without a leading zero.
    private static func number(_ part: Substring) -> Int? {
        guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), part == "0" || part.first != "0" else { return nil }
        return Int(part)
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }

    /// Numeric identifiers have no leading zero; others need at least one letter or hyphen.
    private static func isPrereleaseIdentifier(_ part: Substring) -> Bool {
        guard !part.isEmpty, part.allSatisfy(isIdentifierCharacter) else { return false }
        if part.allSatisfy(\.isNumber) { return part == "0" || part.first != "0" }
        return true
    }

    var description: String {
        var text = "\(major).\(minor).\(patch)"
        if let prerelease { text += "-\(prerelease)" }
        if let build { text += "+\(build)" }
        return text
    }

    /// -1, 0 or 1. A release outranks its prereleases; build metadata never counts.
    func compare(to other: SemanticVersion) -> Int {
        for (a, b) in [(major, other.major), (minor, other.minor), (patch, other.patch)] where a != b {
            return a < b ? -1 : 1
        }
        switch (prerelease, other.prerelease) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (a?, b?): return SemanticVersion.comparePrerelease(a, b)
        }
    }

    private static func comparePrerelease(_ a: String, _ b: String) -> Int {
        for (x, y) in zip(a.split(separator: "."), b.split(separator: ".")) {
            switch (numericIdentifier(x), numericIdentifier(y)) {
            case let (i?, j?) where i != j: return i < j ? -1 : 1
            case (_?, nil): return -1
            case (nil, _?): return 1
            case (nil, nil) where x != y:
                // Python compares str by code point; Swift's String < on ASCII identifiers agrees.
                return Array(x.unicodeScalars.map(\.value)).lexicographicallyPrecedes(y.unicodeScalars.map(\.value)) ? -1 : 1
            default: continue
            }
        }
        // python-semver compares the lengths of the whole prerelease strings here.
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    private static func numericIdentifier(_ part: Substring) -> Int? {
        part.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(part) : nil
    }

    /// semver's match("<op><version>"): ops <, >, ==, <=, >=, !=; a bare version means ==.
    func matches(_ expression: String) throws -> Bool {
        let two = String(expression.prefix(2))
        let op: String
        let versionText: String
        if [">=", "<=", "==", "!="].contains(two) {
            op = two
            versionText = String(expression.dropFirst(2))
        } else if let first = expression.first, first == ">" || first == "<" {
            op = String(first)
            versionText = String(expression.dropFirst())
        } else if let first = expression.first, first.isASCII, first.isNumber {
            op = "=="
            versionText = expression
        } else {
            throw TemplateError("ValueError: match_expr parameter should be in format <op><ver>, where <op> is one of ['<', '>', '==', '<=', '>=', '!=']. You provided: \(Python.repr(.string(expression)))")
        }
        let result = compare(to: try SemanticVersion(versionText))
        switch op {
        case ">": return result == 1
        case "<": return result == -1
        case "==": return result == 0
        case "!=": return result != 0
        case ">=": return result >= 0
        default: return result <= 0
        }
    }
}
