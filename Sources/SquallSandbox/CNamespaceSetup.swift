import CSquallLauncher
#if canImport(Glibc)
import Glibc
#endif

/// The C copy of a `NamespaceSetup`: strings and arrays allocated before the launch (the child
/// must not allocate) and freed after it.
final class CNamespaceSetup {
    private let setup: NamespaceSetup
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private var binds: [squall_bind_mount] = []
    private var symlinks: [squall_symlink] = []
    private var hostname: UnsafeMutablePointer<CChar>?
    private var rootMountpoint: UnsafeMutablePointer<CChar>?

    init(_ setup: NamespaceSetup) {
        self.setup = setup
        hostname = setup.hostname.map { keep($0) }
        guard let view = setup.view else { return }
        rootMountpoint = keep(view.rootMountpoint)
        symlinks = view.symlinks.map { squall_symlink(path: keep($0.path), contents: keep($0.contents)) }
        binds = view.binds.map { bind in
            var flags: Int32 = 0
            if bind.writable { flags |= Int32(SQUALL_BIND_WRITABLE.rawValue) }
            if bind.device { flags |= Int32(SQUALL_BIND_DEVICE.rawValue) }
            if bind.optional { flags |= Int32(SQUALL_BIND_OPTIONAL.rawValue) }
            return squall_bind_mount(source: keep(bind.source), target: keep(bind.target), flags: flags)
        }
    }

    deinit {
        strings.forEach { free($0) }
    }

    private func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(text)!
        strings.append(copy)
        return copy
    }

    /// Fills the namespace fields of `spec` (and overrides its identity fields: inside a user
    /// namespace the child becomes the inside ids, without supplementary groups), then calls `body`.
    func apply<Result>(to spec: inout squall_launch_spec, _ body: (UnsafePointer<squall_launch_spec>) -> Result) -> Result {
        spec.namespace_flags = setup.cloneFlags
        spec.hostname = hostname.map { UnsafePointer($0) }
        if setup.identity == nil {
            spec.change_identity = 0
        }
        if let map = setup.idMap {
            spec.map_inside_uid = map.insideUid
            spec.map_outside_uid = map.outsideUid
            spec.map_inside_gid = map.insideGid
            spec.map_outside_gid = map.outsideGid
            spec.deny_setgroups = map.denySetgroups ? 1 : 0
            spec.change_identity = 1
            spec.uid = map.insideUid
            spec.gid = map.insideGid
            spec.supplementary_groups = nil
            spec.supplementary_group_count = 0
        } else if let identity = setup.identity {
            spec.change_identity = 1
            spec.uid = identity.uid
            spec.gid = identity.gid
        }
        return binds.withUnsafeBufferPointer { bindBuffer in
            symlinks.withUnsafeBufferPointer { symlinkBuffer in
                if setup.view != nil {
                    spec.root_mountpoint = rootMountpoint.map { UnsafePointer($0) }
                    spec.binds = bindBuffer.baseAddress
                    spec.bind_count = bindBuffer.count
                    spec.symlinks = symlinkBuffer.baseAddress
                    spec.symlink_count = symlinkBuffer.count
                    spec.mount_proc = setup.view!.mountProc ? 1 : 0
                }
                return withUnsafePointer(to: &spec) { body($0) }
            }
        }
    }
}
