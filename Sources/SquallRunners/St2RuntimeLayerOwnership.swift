import Foundation

/// pip builds the st2 runtime layer in the build sandbox of whichever pack needed it first, as that
/// pack's uid: left so, that pack would own a tree every other pack's children import. Before the
/// layer is renamed into place (and once for a layer an older squall left so), the supervisor takes
/// it over: every entry owned by squall's own uid/gid, nothing writable but by that owner.
enum St2RuntimeLayerOwnership {
    /// Whether `path` (the layer's top directory) is already squall's.
    static func isOwnedBySupervisor(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_uid == geteuid() && info.st_gid == getegid()
    }

    /// Gives every entry under `root` (itself included) to the supervisor and drops group and
    /// other write bits (and set-id bits). Throws one line naming the first entry it could not change.
    /// Descends only into real directories (lstat): a link pip left in the tree is changed itself,
    /// never what it points at, so a package cannot make squall chown or chmod host files.
    static func takeOver(_ root: String) throws {
        let uid = geteuid(), gid = getegid()
        var pending = [root]
        while let path = pending.popLast() {
            var info = stat()
            guard lstat(path, &info) == 0 else { throw failure("stat", path) }
            if info.st_uid != uid || info.st_gid != gid, lchown(path, uid, gid) != 0 { throw failure("chown", path) }
            // Symbolic links have no mode of their own; chmod would follow them.
            let type = info.st_mode & S_IFMT
            guard type != S_IFLNK else { continue }
            let mode = info.st_mode & 0o755
            if info.st_mode & 0o7777 != mode, chmod(path, mode) != 0 { throw failure("chmod", path) }
            if type == S_IFDIR {
                let names = try FileManager.default.contentsOfDirectory(atPath: path)
                pending += names.map { path + "/" + $0 }
            }
        }
    }

    private static func failure(_ call: String, _ path: String) -> RunnerError {
        RunnerError("cannot take over the st2 runtime layer: \(call) \(path): \(String(cString: strerror(errno)))")
    }
}
