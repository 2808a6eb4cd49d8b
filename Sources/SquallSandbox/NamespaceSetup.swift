import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the launcher will actually do for one child: the namespaces the policy asks for and the
/// host allows, the id maps, and the filesystem view. Decided in Swift; copied to C by
/// `CNamespaceSetup`.
struct NamespaceSetup: Equatable {
    struct Bind: Equatable {
        var source: String
        var target: String
        var writable = false
        var device = false
        var optional = false
    }

    struct IdMap: Equatable {
        var insideUid: UInt32, outsideUid: UInt32, insideGid: UInt32, outsideGid: UInt32
        /// Unprivileged supervisors must deny setgroups before mapping (the child keeps its groups).
        var denySetgroups: Bool
    }

    struct View: Equatable {
        var rootMountpoint: String
        var symlinks: [(path: String, contents: String)]
        var binds: [Bind]
        var mountProc: Bool

        static func == (lhs: View, rhs: View) -> Bool {
            lhs.rootMountpoint == rhs.rootMountpoint && lhs.binds == rhs.binds && lhs.mountProc == rhs.mountProc
                && lhs.symlinks.map(\.path) == rhs.symlinks.map(\.path) && lhs.symlinks.map(\.contents) == rhs.symlinks.map(\.contents)
        }
    }

    var namespaces: Set<SandboxNamespace> = []
    var idMap: IdMap?
    var hostname: String?
    var view: View?
    /// The outside identity the child ends up with (nil: the supervisor's).
    var identity: ProcessIdentity?

    static let none = NamespaceSetup()

    /// The setup for `spec` on a host with `features`: what the host lacks is left off.
    static func make(for spec: LaunchSpec, features: SandboxFeatures, rootMountpoint: () throws -> String) throws -> NamespaceSetup {
        var setup = NamespaceSetup()
        setup.namespaces = Set(spec.policy.namespaces).intersection(features.namespaces)
        let wanted = spec.identity ?? spec.policy.identity
        setup.identity = features.perPackIdentity ? wanted : nil
        let filesystem = spec.policy.filesystem ?? .minimal
        if setup.namespaces.contains(.user) {
            let outside = setup.identity ?? ProcessIdentity(uid: geteuid(), gid: getegid())
            setup.idMap = IdMap(insideUid: PackIdentity.inside, outsideUid: outside.uid,
                                insideGid: PackIdentity.inside, outsideGid: outside.gid,
                                denySetgroups: geteuid() != 0)
        }
        if setup.namespaces.contains(.uts) { setup.hostname = filesystem.hostname }
        if setup.namespaces.contains(.mount) && features.filesystemView {
            let inside = setup.idMap.map { ProcessIdentity(uid: $0.insideUid, gid: $0.insideGid) }
                ?? setup.identity ?? ProcessIdentity(uid: geteuid(), gid: getegid())
            setup.view = try view(for: spec, filesystem: filesystem, withProc: setup.namespaces.contains(.pid),
                                  rootMountpoint: rootMountpoint(), insideIdentity: inside)
        }
        return setup
    }

    /// System paths (symlinks into other listed paths stay symlinks), devices, then the pack's
    /// paths, sorted by target so a parent is mounted before anything inside it. With
    /// `insideIdentity` (the ids the child runs as, seen from inside) /etc/passwd and /etc/group
    /// are generated for it instead of the host's.
    static func view(for spec: LaunchSpec, filesystem: FilesystemPolicy, withProc: Bool, rootMountpoint: String,
                     insideIdentity: ProcessIdentity? = nil) throws -> View {
        var symlinks: [(String, String)] = []
        var binds: [Bind] = []
        let identityBinds = insideIdentity.flatMap { ViewIdentityFiles.binds(uid: $0.uid, gid: $0.gid) } ?? []
        let generated = Set(identityBinds.map(\.target))
        let resolvedSystemPaths = filesystem.readOnly.filter { !generated.contains($0) }.map { ($0, RealPath.of($0)) }
        for (path, resolved) in resolvedSystemPaths {
            guard let resolved else { continue }  // missing on this host
            if resolved != path, let contents = try? FileManager.default.destinationOfSymbolicLink(atPath: path),
               resolvedSystemPaths.contains(where: { $0.0 != path && $0.1.map { resolved.hasPrefix($0 + "/") || resolved == $0 } == true }) {
                symlinks.append((path, contents))
            } else {
                binds.append(Bind(source: path, target: path, optional: true))
            }
        }
        for device in filesystem.devices where FileManager.default.fileExists(atPath: device) {
            binds.append(Bind(source: device, target: device, writable: true, device: true))
        }
        if withProc {
            for (name, contents) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                                     ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")] {
                symlinks.append(("/dev/" + name, contents))
            }
        }
        binds += spec.readOnlyPaths.map { Bind(source: $0, target: $0) }
        binds += spec.writablePaths.map { Bind(source: $0, target: $0, writable: true) }
        if let tmp = spec.tmpDirectory { binds.append(Bind(source: tmp, target: "/tmp", writable: true)) }
        if !spec.readableLoader, let loader = NondumpableLoader.bind() { binds.append(loader) }
        binds += identityBinds
        binds.sort { $0.target.utf8.lexicographicallyPrecedes($1.target.utf8) }
        return View(rootMountpoint: rootMountpoint, symlinks: symlinks, binds: binds, mountProc: withProc)
    }

    /// The directories and files the child must be able to write as its own identity.
    static func handOver(_ spec: LaunchSpec, to identity: ProcessIdentity) throws {
        let directories = spec.writablePaths + (spec.tmpDirectory.map { [$0] } ?? [])
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for path in [directory] + entries.map({ directory + "/" + $0 }) where lchown(path, identity.uid, identity.gid) != 0 {
                throw SandboxError(step: "validate", path: path, errno: errno, detail: "cannot hand it to uid \(identity.uid)")
            }
        }
    }

    var cloneFlags: UInt {
        // The kernel's CLONE_NEW* values (Glibc hides them without _GNU_SOURCE).
        let flags: [SandboxNamespace: UInt] = [.user: 0x1000_0000, .pid: 0x2000_0000, .mount: 0x0002_0000,
                                               .ipc: 0x0800_0000, .uts: 0x0400_0000, .net: 0x4000_0000]
        return namespaces.reduce(0) { $0 | flags[$1]! }
    }
}
