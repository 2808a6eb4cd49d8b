/// A release tag `vX.Y.Z` or `X.Y.Z` (optionally `-prerelease`), ordered by semver precedence.
struct SemanticVersionTag: Comparable {
    let tag: String
    let numbers: [Int]
    let prerelease: [String]

    init?(_ tag: String) {
        var text = Substring(tag)
        if text.hasPrefix("v") { text = text.dropFirst() }
        if let plus = text.firstIndex(of: "+") { text = text[..<plus] }
        var prerelease: [String] = []
        if let dash = text.firstIndex(of: "-") {
            prerelease = text[text.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !prerelease.contains("") else { return nil }
            text = text[..<dash]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isNumber), let number = Int(part) else { return nil }
            numbers.append(number)
        }
        self.tag = tag; self.numbers = numbers; self.prerelease = prerelease
    }

    static func < (a: SemanticVersionTag, b: SemanticVersionTag) -> Bool {
        if a.numbers != b.numbers { return a.numbers.lexicographicallyPrecedes(b.numbers) }
        // A release outranks its prereleases.
        if a.prerelease.isEmpty != b.prerelease.isEmpty { return !a.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x < y
            }
        }
        if a.prerelease.count != b.prerelease.count { return a.prerelease.count < b.prerelease.count }
        // `v1.0.0` and `1.0.0` tie: prefer the plain one deterministically.
        return a.tag > b.tag
    }

    /// The highest release tag among `tags`, prereleases only when there is no release.
    static func highest(in tags: [String]) -> String? {
        let versions = tags.compactMap(SemanticVersionTag.init)
        let releases = versions.filter { $0.prerelease.isEmpty }
        return (releases.isEmpty ? versions : releases).max()?.tag
    }
}
