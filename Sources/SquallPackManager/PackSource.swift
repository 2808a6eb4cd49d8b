import Foundation

/// Where a pack comes from, parsed from an install ref `<location>[=<revision>]`.
/// Credentials found in a URL are split off here and kept only in `credentials`.
public struct PackSource: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A git URL (https, http, ssh, git, file:// of a bare repository, scp-like `user@host:path`).
        case git
        /// A directory on this machine: a git working tree (its HEAD commit is installed) or a plain directory (copied).
        case localDirectory
        /// A pack name, resolved to its repo_url through the pack index (IndexResolver).
        case indexName
    }

    public var kind: Kind
    /// The URL or path to fetch from, without credentials.
    public var location: String
    /// The tag, version, branch or commit asked for; nil means the default.
    public var revision: String?
    /// The user and token/password removed from an https URL.
    var username: String?
    var password: String?

    /// The source as shown and stored: never carries a credential.
    public var displayLocation: String { location }

    /// Secrets that must never be shown: scrubbed from every message.
    var secrets: [String] {
        guard kind == .git, location.hasPrefix("https://") || location.hasPrefix("http://") else {
            return [password].compactMap { $0 }.filter { !$0.isEmpty }
        }
        return [username, password].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// Parses `<location>[=<revision>]`; a bare pack name is looked up in the index later.
    public static func parse(_ text: String, currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> PackSource {
        var location = text
        var revision: String?
        if let equals = text.lastIndex(of: "=") {
            location = String(text[..<equals])
            revision = String(text[text.index(after: equals)...])
            guard !revision!.isEmpty else {
                throw PackManagerError(step: .parse, subject: Scrubber.stripCredentials(location), message: "nothing after '=': give a version, tag, branch or commit")
            }
        }
        guard !location.isEmpty else {
            throw PackManagerError(step: .parse, subject: text, message: "empty pack ref")
        }
        if let schemeEnd = location.range(of: "://") {
            let scheme = location[..<schemeEnd.lowerBound].lowercased()
            switch scheme {
            case "file":
                let path = String(location[schemeEnd.upperBound...])
                return try local(path: path, revision: revision, original: location)
            case "https", "http", "ssh", "git", "git+ssh", "ssh+git":
                let (clean, user, password) = Scrubber.splitCredentials(location)
                return PackSource(kind: .git, location: clean, revision: revision, username: user, password: password)
            default:
                throw PackManagerError(step: .parse, subject: Scrubber.stripCredentials(location), message: "unsupported URL scheme '\(scheme)' (use https, ssh, file:// or a directory)")
            }
        }
        if isScpLike(location) {
            return PackSource(kind: .git, location: location, revision: revision)
        }
        if location.hasPrefix("/") || location.hasPrefix(".") || location.hasPrefix("~") || location.contains("/") {
            var path = location
            if path.hasPrefix("~") { path = NSHomeDirectory() + path.dropFirst() }
            if !path.hasPrefix("/") { path = currentDirectory + "/" + path }
            return try local(path: path, revision: revision, original: location)
        }
        guard isPackName(location) else {
            throw PackManagerError(step: .parse, subject: location, message: "not a pack name, git URL or directory")
        }
        return PackSource(kind: .indexName, location: location, revision: revision)
    }

    /// Index keys are pack refs: letters, digits, `_` and `-`.
    static func isPackName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// `git@host:owner/repo.git`: a user, a host, then a colon before any slash.
    static func isScpLike(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), let colon = text.firstIndex(of: ":"), at < colon else { return false }
        let beforeColon = text[..<colon]
        return !beforeColon.contains("/")
    }

    private static func local(path: String, revision: String?, original: String) throws -> PackSource {
        let standardized = (path as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: standardized, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PackManagerError(step: .parse, subject: original, message: "no such directory: \(standardized)")
        }
        // A bare repository is a served remote: it follows the git URL rules (default: highest semver tag).
        if let repository = GitRepository.open(path: standardized), repository.isBare {
            return PackSource(kind: .git, location: "file://" + standardized, revision: revision)
        }
        return PackSource(kind: .localDirectory, location: standardized, revision: revision)
    }

    /// The name a checkout directory gets: the repository's last path component without `.git`
    /// and st2's `stackstorm-` prefix (pack.yaml may derive the pack ref from it).
    var directoryName: String {
        var name = location
        while name.hasSuffix("/") { name.removeLast() }
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == ":" }) { name = String(name[name.index(after: slash)...]) }
        if name.hasSuffix(".git") { name.removeLast(4) }
        if name.hasPrefix("stackstorm-") { name.removeFirst("stackstorm-".count) }
        return name.isEmpty ? "pack" : name
    }
}
