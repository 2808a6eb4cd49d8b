import Foundation

/// The sandbox policy of one pack, as the operator set it.
///
/// Where it comes from (nothing is ever read from the pack's own directory, so a pack cannot
/// widen its own sandbox):
/// 1. the site default `<data-dir>/policy/default.json` when it exists (a whole policy, same
///    format as the built-in one, which it replaces), else the built-in `Sandbox/policy/default.json`;
/// 2. then the pack's `<data-dir>/policy/packs/<pack>.json` when it exists (a `PackPolicyOverlay`).
/// Both files and their directories must be owned by root or the supervisor's user and not be
/// writable by group or others; a symlinked policy file is refused.
///
/// Merging a pack file into the site policy:
/// - `network`: replaces the site's when given (deny = the `net` namespace); default allow.
/// - `read_only_paths`: appended to the site's `filesystem.read_only` (or the minimal view's);
///   `writable_paths`: appended to the site's `writable_paths`. Duplicates are dropped.
/// - `limits`: each field given replaces the site's; absent or null fields keep the site's.
/// - `denied_syscalls`: taken out of every site rule, then denied with EPERM by one rule
///   (none is needed when the default action already is EPERM).
/// - `allowed_syscalls`: taken out of the site's unconditional denials; rules with argument
///   conditions (TIOCSTI on ioctl, namespace flags on clone) stay. With a default action other
///   than allow they are allowed by one rule.
/// - A syscall in both lists, an unknown syscall, a bad path or an unknown key is an error
///   naming the file and the field; the merged policy is checked (compiled) like any other.
public struct PackPolicyResolver: Sendable {
    public let builtinPath: String
    public let dataDirectory: String

    public init(builtinPath: String, dataDirectory: String) {
        self.builtinPath = builtinPath
        self.dataDirectory = dataDirectory
    }

    public var policyDirectory: String { dataDirectory + "/policy" }
    public var siteDefaultPath: String { policyDirectory + "/default.json" }
    public func packPolicyPath(forPack pack: String) -> String { policyDirectory + "/packs/\(pack).json" }

    /// The site policy: the operator's default when present, else the built-in one.
    public func sitePolicy() throws -> SandboxPolicy {
        try PackPolicyFile.checkDirectory(policyDirectory)
        guard let data = try PackPolicyFile.readIfPresent(siteDefaultPath) else {
            return try SandboxPolicy.load(contentsOf: builtinPath)
        }
        return try DecodedPolicyCache.value(path: siteDefaultPath, contents: data) { try SandboxPolicy.decodeChecked($0, file: siteDefaultPath) }
    }

    public func policy(forPack pack: String) throws -> SandboxPolicy {
        guard PackPolicyResolver.isValidPackName(pack) else {
            throw SandboxPolicyError(file: policyDirectory + "/packs", field: "(pack name)",
                                     message: "'\(pack)' is not a pack name (letters, digits, '_', '-', '.'; not starting with '.')")
        }
        let site = try sitePolicy()
        try PackPolicyFile.checkDirectory(policyDirectory + "/packs")
        let path = packPolicyPath(forPack: pack)
        guard let data = try PackPolicyFile.readIfPresent(path) else { return site }
        let overlay: PackPolicyOverlay
        do {
            overlay = try JSONDecoder().decode(PackPolicyOverlay.self, from: data)
        } catch let error as PackPolicyFieldError {
            throw SandboxPolicyError(file: path, field: error.field, message: error.message)
        } catch let error as DecodingError {
            throw SandboxPolicyError(file: path, decodingError: error)
        } catch {
            throw SandboxPolicyError(file: path, field: "(top level)", message: "\(error)")
        }
        let merged = PackPolicyMerge.apply(overlay, to: site)
        try merged.check(file: path)
        return merged
    }

    static func isValidPackName(_ name: String) -> Bool {
        guard let first = name.first, first != ".", name.utf8.count <= 128 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_-.".unicodeScalars.contains(scalar))
        }
    }
}
