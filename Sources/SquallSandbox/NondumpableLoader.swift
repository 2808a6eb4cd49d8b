import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps children non-dumpable (PR_SET_DUMPABLE 0) after execve, which resets the flag the
/// launcher could set. The kernel marks an exec non-dumpable when the process cannot read the
/// program or its ELF interpreter; so the view shows an execute-only (0111) copy of the dynamic
/// loader in its place. Every dynamically linked program then runs non-dumpable: others of the
/// same uid cannot read its /proc/<pid>/mem or environ, nor trace it. Statically linked programs
/// have no interpreter and stay dumpable: their user and pid namespaces protect them instead
/// (StaticProgramTests).
enum NondumpableLoader {
    /// The dynamic loaders that ELF programs name on the architectures we run on.
    static let interpreters = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"]

    /// A bind of the copy over the real loader (nil when there is none or it cannot be copied).
    static func bind() -> NamespaceSetup.Bind? {
        guard let original = interpreters.lazy.compactMap(RealPath.of).first,
              let copy = try? executeOnlyCopy(of: original) else { return nil }
        return NamespaceSetup.Bind(source: copy, target: original)
    }

    /// A root-owned (our own) 0111 copy, named by the original's size, mtime and inode, so an
    /// upgraded loader gets a fresh copy instead of one that no longer matches its libc.
    static func executeOnlyCopy(of original: String) throws -> String {
        var status = stat()
        guard stat(original, &status) == 0 else { throw POSIXError(.ENOENT) }
        let directory = try ViewRoot.sideDirectory("loader")
        let copy = directory + "/ld-\(status.st_size)-\(status.st_mtim.tv_sec)-\(status.st_ino).so"
        if access(copy, F_OK) == 0 { return copy }
        let staging = copy + ".\(getpid())"
        unlink(staging)
        try FileManager.default.copyItem(atPath: original, toPath: staging)
        guard chmod(staging, 0o111) == 0, rename(staging, copy) == 0 else {
            unlink(staging)
            throw POSIXError(.EIO)
        }
        return copy
    }
}
