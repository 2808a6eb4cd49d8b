import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Which protections this host can give, found by launching tiny probe children once (a few
/// milliseconds at start-up). Launches leave off what is missing instead of failing, so a
/// supervisor should print `unavailable` once at start-up: the protections its children lack.
public struct SandboxFeatures: Sendable, Equatable {
    /// Namespaces a child can get here (without `user`, the others need a privileged supervisor).
    public var namespaces: Set<SandboxNamespace>
    /// The minimal filesystem view (tmpfs root, binds, fresh /proc with `pid`, pivot_root).
    public var filesystemView: Bool
    /// Children can run as per-pack uids (needs a root supervisor: only root maps foreign ids).
    public var perPackIdentity: Bool

    public init(namespaces: Set<SandboxNamespace>, filesystemView: Bool, perPackIdentity: Bool) {
        self.namespaces = namespaces
        self.filesystemView = filesystemView
        self.perPackIdentity = perPackIdentity
    }

    /// Everything: what tests of the full sandbox expect on a capable host.
    public static let all = SandboxFeatures(namespaces: Set(SandboxNamespace.allCases), filesystemView: true, perPackIdentity: true)

    /// Detected once per process, on first use.
    public static var current: SandboxFeatures {
        probeResult.withLock { result in
            if let result { return result }
            let detected = detect()
            result = detected
            return detected
        }
    }

    /// What a probe found, if one has run in this process.
    public static var probedSoFar: SandboxFeatures? { probeResult.withLock { $0 } }

    /// What a launch asks for before any probe: everything a supervisor with this uid could get.
    static var unprobed: SandboxFeatures {
        SandboxFeatures(namespaces: Set(SandboxNamespace.allCases), filesystemView: true, perPackIdentity: geteuid() == 0)
    }

    private static let probeResult = Mutex<SandboxFeatures?>(nil)

    /// One line per missing protection (empty when every protection is available).
    public var unavailable: [String] {
        var lines = SandboxNamespace.allCases.filter { !namespaces.contains($0) }.map { "\($0.rawValue) namespace: off (the kernel refused it)" }
        if !filesystemView { lines.append("filesystem view: off (needs the mount namespace; children see the host's files)") }
        if !perPackIdentity { lines.append("per-pack identity: off (not root: children run as the supervisor's uid)") }
        return lines
    }

    public static func detect() -> SandboxFeatures {
        let user = probe(NamespaceSetup(namespaces: [.user], idMap: ownIdMap))
        var namespaces: Set<SandboxNamespace> = user ? [.user] : []
        for namespace in [SandboxNamespace.pid, .mount, .ipc, .uts, .net] {
            var setup = NamespaceSetup(namespaces: [namespace])
            if user { setup.namespaces.insert(.user); setup.idMap = ownIdMap }
            if probe(setup) { namespaces.insert(namespace) }
        }
        var filesystemView = false
        if namespaces.contains(.mount), let mountpoint = try? ViewRoot.mountpoint() {
            var setup = NamespaceSetup(namespaces: namespaces.intersection([.user, .mount, .pid]))
            if user { setup.idMap = ownIdMap }
            let spec = LaunchSpec(executable: "/", policy: SandboxPolicy(seccomp: SeccompPolicy(defaultAction: .allow, rules: []),
                                                                         limits: ResourceLimits()))
            setup.view = try? NamespaceSetup.view(for: spec, filesystem: .minimal, withProc: namespaces.contains(.pid),
                                                  rootMountpoint: mountpoint)
            filesystemView = setup.view != nil && probe(setup)
        }
        return SandboxFeatures(namespaces: namespaces, filesystemView: filesystemView, perPackIdentity: geteuid() == 0)
    }

    private static var ownIdMap: NamespaceSetup.IdMap {
        NamespaceSetup.IdMap(insideUid: PackIdentity.inside, outsideUid: geteuid(), insideGid: PackIdentity.inside,
                             outsideGid: getegid(), denySetgroups: geteuid() != 0)
    }

    /// Starts `true` with exactly `setup` and says whether it ran and exited 0.
    private static func probe(_ setup: NamespaceSetup) -> Bool {
        guard let truePath = RealPath.of("/bin/true") else { return false }
        let spec = LaunchSpec(executable: truePath, policy: SandboxPolicy(seccomp: SeccompPolicy(defaultAction: .allow, rules: []),
                                                                          limits: ResourceLimits()))
        guard let process = try? Launcher.launch(spec, setup: setup, seccompProgram: .none) else { return false }
        defer { process.close() }
        return process.wait() == .exited(0)
    }
}

/// The directory each child's new root (a tmpfs) is mounted on. Only the child's own mount
/// namespace sees that mount, so every child can share one empty directory.
enum ViewRoot {
    static func mountpoint() throws -> String {
        let path = NSTemporaryDirectory().replacingOccurrences(of: "//", with: "/") + "squall-view-root-\(geteuid())"
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw SandboxError(step: "validate", path: path, errno: errno, detail: "cannot create the view's mountpoint")
        }
        var status = stat()
        // Someone else's directory (or a symlink) in a shared /tmp must not decide where we mount.
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid(),
              status.st_mode & 0o022 == 0 else {
            throw SandboxError(step: "validate", path: path, errno: EPERM, detail: "not a directory of ours")
        }
        return path
    }

    /// A directory of ours beside the mountpoint for files the launcher binds into every view
    /// (`<mountpoint>-<name>`): created 0755, and refused when someone else owns it or can write it.
    static func sideDirectory(_ name: String) throws -> String {
        let directory = try mountpoint() + "-" + name
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { throw POSIXError(.EACCES) }
        var status = stat()
        guard lstat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
              status.st_uid == geteuid(), status.st_mode & 0o022 == 0 else { throw POSIXError(.EPERM) }
        return directory
    }
}
