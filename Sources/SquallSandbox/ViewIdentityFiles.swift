import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The view's /etc/passwd and /etc/group: generated files naming only root, nobody and the child's
/// own ids, never the host's accounts. `whoami`, `id`, `getpass.getuser()` and ssh need a name for
/// their uid; st2 runs actions as its `system_user`, `stanley` by default, so that is the name.
/// Inside a user namespace every id the map leaves out shows as nobody/nogroup (65534).
enum ViewIdentityFiles {
    static let userName = "stanley"
    static let targets = ["/etc/passwd", "/etc/group"]

    /// The text of both files for a child running as uid/gid.
    static func contents(uid: UInt32, gid: UInt32) -> (passwd: String, group: String) {
        var passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\n"
        if uid != 0 && uid != 65534 { passwd += "\(userName):x:\(uid):\(gid):\(userName):/tmp:/bin/sh\n" }
        passwd += "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        var group = "root:x:0:\n"
        if gid != 0 && gid != 65534 { group += "\(userName):x:\(gid):\n" }
        group += "nogroup:x:65534:\n"
        return (passwd, group)
    }

    /// Binds of the generated files over /etc/passwd and /etc/group (nil when they cannot be written).
    static func binds(uid: UInt32, gid: UInt32) -> [NamespaceSetup.Bind]? {
        let (passwd, group) = contents(uid: uid, gid: gid)
        guard let directory = try? ViewRoot.sideDirectory("identity"),
              let passwdFile = try? readOnlyFile(directory + "/passwd-\(uid)-\(gid)", passwd),
              let groupFile = try? readOnlyFile(directory + "/group-\(uid)-\(gid)", group) else { return nil }
        return [NamespaceSetup.Bind(source: passwdFile, target: "/etc/passwd"),
                NamespaceSetup.Bind(source: groupFile, target: "/etc/group")]
    }

    /// Written once (the name says everything the text depends on), atomically, mode 0444.
    private static func readOnlyFile(_ path: String, _ text: String) throws -> String {
        if access(path, F_OK) == 0 { return path }
        let staging = path + ".\(getpid())"
        unlink(staging)
        try text.write(toFile: staging, atomically: false, encoding: .utf8)
        guard chmod(staging, 0o444) == 0, rename(staging, path) == 0 else {
            unlink(staging)
            throw POSIXError(.EIO)
        }
        return path
    }
}
