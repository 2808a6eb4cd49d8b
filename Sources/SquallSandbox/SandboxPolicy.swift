import Foundation

/// Namespaces a child may get. `net` in a policy means the network is denied (only a loopback of
/// its own); `mount` brings the minimal filesystem view. Those the host lacks are left off (see
/// `SandboxFeatures`).
public enum SandboxNamespace: String, Sendable, Codable, Hashable, CaseIterable {
    case user, pid, mount, ipc, uts, net
}

/// Who the child runs as (per-pack uids). `nil` in a policy keeps the supervisor's identity.
public struct ProcessIdentity: Sendable, Codable, Equatable, Hashable {
    public var uid: UInt32
    public var gid: UInt32
    public var supplementaryGroups: [UInt32]

    public init(uid: UInt32, gid: UInt32, supplementaryGroups: [UInt32] = []) {
        self.uid = uid
        self.gid = gid
        self.supplementaryGroups = supplementaryGroups
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uid, gid, supplementaryGroups = "supplementary_groups"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uid = try container.decode(UInt32.self, forKey: .uid)
        gid = try container.decode(UInt32.self, forKey: .gid)
        supplementaryGroups = try container.decodeIfPresent([UInt32].self, forKey: .supplementaryGroups) ?? []
    }
}

/// Everything that confines a child, loaded from `Sandbox/policy/*.json`.
public struct SandboxPolicy: Sendable, Codable, Equatable, Hashable {
    public var seccomp: SeccompPolicy
    public var limits: ResourceLimits
    /// Empty: the child shares the supervisor's namespaces (see `SandboxNamespace`).
    public var namespaces: [SandboxNamespace]
    public var identity: ProcessIdentity?
    /// The system paths of the filesystem view (with `mount`); nil: `FilesystemPolicy.minimal`.
    public var filesystem: FilesystemPolicy?
    /// Host paths the child may write besides the launch's own (with `mount`; set per pack by the
    /// operator, see `PackPolicyResolver`). Runners add them to `LaunchSpec.writablePaths`.
    public var writablePaths: [String] = []

    public init(seccomp: SeccompPolicy, limits: ResourceLimits,
                namespaces: [SandboxNamespace] = [], identity: ProcessIdentity? = nil,
                filesystem: FilesystemPolicy? = nil) {
        self.seccomp = seccomp
        self.limits = limits
        self.namespaces = namespaces
        self.identity = identity
        self.filesystem = filesystem
    }

    /// Every namespace: what actions get once runners pass their paths. `net` only when
    /// `network` is false.
    public static func isolatedNamespaces(network: Bool) -> [SandboxNamespace] {
        network ? [.user, .pid, .mount, .ipc, .uts] : [.user, .pid, .mount, .ipc, .uts, .net]
    }

    public static func defaultPolicyPath(home: String) -> String {
        home + "/Sandbox/policy/default.json"
    }

    /// Reads, decodes and checks a policy file; the error names the file and the field.
    public static func load(contentsOf path: String) throws -> SandboxPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxPolicyError(file: path, field: "(file)", message: "cannot read: \(error.localizedDescription)")
        }
        return try DecodedPolicyCache.value(path: path, contents: data) { try decodeChecked($0, file: path) }
    }

    /// `data` decoded and checked as the policy file `file`; errors name the file and field.
    static func decodeChecked(_ data: Data, file: String) throws -> SandboxPolicy {
        let policy: SandboxPolicy
        do {
            policy = try JSONDecoder().decode(SandboxPolicy.self, from: data)
        } catch let error as DecodingError {
            throw SandboxPolicyError(file: file, decodingError: error)
        } catch {
            throw SandboxPolicyError(file: file, field: "(top level)", message: "\(error)")
        }
        try policy.check(file: file)
        return policy
    }

    /// The checks that need more than JSON: supported features and syscall names this kernel knows.
    public func check(file: String = "<in memory>") throws {
        if Set(namespaces).count != namespaces.count {
            throw SandboxPolicyError(file: file, field: "namespaces", message: "lists a namespace twice")
        }
        do {
            _ = try SeccompFilterCache.shared.program(for: seccomp)
        } catch let error as SeccompCompileError {
            throw SandboxPolicyError(file: file, field: "seccomp." + error.field, message: error.message)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case seccomp, limits, namespaces, identity, filesystem
        case writablePaths = "writable_paths"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue) + ["comment", "version"])
        try decoder.checkPolicyFormatVersion()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seccomp = try container.decode(SeccompPolicy.self, forKey: .seccomp)
        limits = try container.decode(ResourceLimits.self, forKey: .limits)
        namespaces = try container.decodeIfPresent([SandboxNamespace].self, forKey: .namespaces) ?? []
        identity = try container.decodeIfPresent(ProcessIdentity.self, forKey: .identity)
        filesystem = try container.decodeIfPresent(FilesystemPolicy.self, forKey: .filesystem)
        writablePaths = try container.decodeIfPresent([String].self, forKey: .writablePaths) ?? []
        if let bad = writablePaths.first(where: { !$0.hasPrefix("/") || $0.utf8.contains(0) || $0.split(separator: "/").contains("..") }) {
            throw DecodingError.dataCorruptedError(forKey: .writablePaths, in: container,
                                                   debugDescription: "'\(bad)' is not a plain absolute path")
        }
    }
}
