import CSeccomp

/// The operator's per-pack file `<data-dir>/policy/packs/<pack>.json`: changes to the site
/// policy for one pack. Every key is optional; an unknown key is an error naming it.
///
///     { "version": 1, "network": "deny", "read_only_paths": ["/srv/data"], "writable_paths": ["/srv/out"],
///       "limits": { "memory_bytes": 268435456, "pids": 64 },
///       "allowed_syscalls": ["ptrace"], "denied_syscalls": ["socket"] }
public struct PackPolicyOverlay: Sendable, Decodable, Equatable {
    public var network: NetworkAccess?
    public var readOnlyPaths: [String]
    public var writablePaths: [String]
    /// Only the fields given replace the site's (absent or null keeps the site value).
    public var limits: ResourceLimits?
    public var allowedSyscalls: [String]
    public var deniedSyscalls: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case network
        case readOnlyPaths = "read_only_paths"
        case writablePaths = "writable_paths"
        case limits
        case allowedSyscalls = "allowed_syscalls"
        case deniedSyscalls = "denied_syscalls"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment", "version"])
        try decoder.checkPolicyFormatVersion()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        network = try container.decodeIfPresent(NetworkAccess.self, forKey: .network)
        readOnlyPaths = try container.decodeIfPresent([String].self, forKey: .readOnlyPaths) ?? []
        writablePaths = try container.decodeIfPresent([String].self, forKey: .writablePaths) ?? []
        limits = try container.decodeIfPresent(ResourceLimits.self, forKey: .limits)
        allowedSyscalls = try container.decodeIfPresent([String].self, forKey: .allowedSyscalls) ?? []
        deniedSyscalls = try container.decodeIfPresent([String].self, forKey: .deniedSyscalls) ?? []

        for (key, paths) in [(CodingKeys.readOnlyPaths, readOnlyPaths), (.writablePaths, writablePaths)] {
            if let index = paths.firstIndex(where: { !PackPolicyPaths.isPlainAbsolute($0) }) {
                throw PackPolicyFieldError(field: "\(key.rawValue)[\(index)]", message: "'\(paths[index])' is not a plain absolute path")
            }
        }
        for (key, names) in [(CodingKeys.allowedSyscalls, allowedSyscalls), (.deniedSyscalls, deniedSyscalls)] {
            if let index = names.firstIndex(where: { seccomp_syscall_resolve_name($0) < 0 }) {
                throw PackPolicyFieldError(field: "\(key.rawValue)[\(index)]", message: "unknown syscall '\(names[index])' on this architecture")
            }
        }
        if let both = deniedSyscalls.first(where: allowedSyscalls.contains), let index = deniedSyscalls.firstIndex(of: both) {
            throw PackPolicyFieldError(field: "denied_syscalls[\(index)]", message: "'\(both)' is also in allowed_syscalls")
        }
    }
}

/// A value check inside a per-pack file; the resolver adds the file name.
struct PackPolicyFieldError: Error {
    var field: String
    var message: String
}
